"""The DuckDB side of the ledger readers: the connection, text decoding, Swedish numbers.

Every ledger file is read by DuckDB (CSV) or fed to it in chunks (SIE), so that 10 million
rows never become Python objects or a pandas frame: only aggregates leave the database.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb

from analysis.exceptions import RawDataError
from analysis.facts import checksums

CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
#: DuckDB's threads: twice the cores (at least 2), so that reading the file overlaps parsing
#: it. On the 2-core machine 4 threads read a 10 M-transaction SIE file in 6,6 s against
#: 6,9 s with 2 (benchmarks/bench_ledger.py).
THREADS = max(2, 2 * CORES)
#: The ledger CSV's read, which DuckDB parses and groups in one pass, is quicker on one thread
#: a core, beside the checksum's thread: 1,81–1,86 s for 10 M rows against 1,87–1,99 s on 4 threads.
CSV_THREADS = max(1, CORES)
MEMORY_LIMIT = "1GB"
CHUNK_BYTES = 32 << 20

# Thousands separators (space, U+00A0, U+202F, U+2009) are removed, U+2212 becomes "-" and
# the decimal comma ".": a chain of replace() (cheaper in DuckDB than one translate()).
# A "." in the cell is refused, as are inf and nan.
_SEPARATORS = ((" ", ""), ("\u00a0", ""), ("\u202f", ""), ("\u2009", ""), ("\u2212", "-"))
_REPLACEMENTS = (*_SEPARATORS, (",", "."))
#: A number of a file that writes decimal points, once its separators are gone: öre at most,
#: so that a thousands point (``1.234``) is never taken for 1,234 kr.
_POINT_NUMBER = r"[+-]?[0-9]+(\.[0-9]{1,2})?"


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB on :data:`THREADS` threads with a memory limit (it spills beyond it), and no
    progress bar (the cleaning prints nothing of its own)."""
    con = duckdb.connect(config={"threads": THREADS, "memory_limit": MEMORY_LIMIT, "preserve_insertion_order": False})
    con.execute("SET enable_progress_bar = false")
    return con


def swedish_number_sql(column: str, mark: str = ",") -> tuple[str, str]:
    """SQL turning a text column of Swedish numbers (``-1 234,50``) into DOUBLE, and SQL
    true where the cell is not such a number (or is empty). ``mark`` ``"."``: the file writes
    decimal points (``-1234.50``, at most two decimals), and a comma is refused instead."""
    text = column
    for old, new in _REPLACEMENTS if mark == "," else _SEPARATORS:
        text = f"replace({text}, '{old}', '{new}')"
    value = f"TRY_CAST({text} AS DOUBLE)"
    if mark == ",":
        return value, f"({value}) IS NULL OR NOT isfinite({value}) OR contains({column}, '.')"
    return value, f"NOT coalesce(regexp_full_match({text}, '{_POINT_NUMBER}'), false)"


def line_breaks(block: bytes) -> int:
    """The line breaks in ``block``: LF, CRLF or a bare CR (as some exports end their lines)."""
    return block.count(b"\n") + block.count(b"\r") - block.count(b"\r\n")


def sha256_and_utf8(path: Path) -> tuple[str, bool]:
    """Hex SHA-256 of a file and whether it is UTF-8, in one pass over its blocks (hashlib
    releases the GIL, so this runs beside DuckDB's read). A digest the staleness check has
    just computed for the unchanged file (:mod:`analysis.facts.checksums`) is taken as it is;
    then only the blocks up to the first one beyond ASCII are read.

    The encoding is decided by the first block with a byte beyond ASCII: UTF-8 if that block
    decodes as UTF-8 (Windows-1252 text with Swedish letters practically never does). Later
    blocks are not decoded: every column the readers use is checked in full by DuckDB, which
    refuses bytes that are not UTF-8, and only Text, which DuckDB does not read, could hide
    such bytes (a file that changes encoding mid-way is reported by DuckDB where it matters)."""
    before = os.stat(path)
    known = checksums.remembered(path, before)
    sha = hashlib.sha256() if known is None else None
    utf8 = None
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 22), b""):
            if sha is not None:
                sha.update(block)
            if utf8 is None and not block.isascii():
                utf8 = _decodes(block)  # the blocks before it were ASCII
                if sha is None:
                    break
    if sha is None:
        return str(known), utf8 is not False
    checksums.remember(path, before, sha.hexdigest())
    return sha.hexdigest(), utf8 is not False


def _decodes(block: bytes) -> bool:
    """Whether ``block`` is UTF-8 (a sequence the block size cut at its end counts as UTF-8)."""
    import codecs

    try:
        codecs.getincrementaldecoder("utf-8")().decode(block)
    except UnicodeDecodeError:
        return False
    return True


def chunks(path: Path, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The file's bytes in blocks of about ``size`` that end at a line break (the last
    block ends where the file does)."""
    with open(path, "rb") as handle:
        rest = b""
        while block := handle.read(size):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            if cut == 0:
                rest = block
                continue
            rest = block[cut:]
            yield block[:cut]
        if rest:
            yield rest


def transcode(path: Path, encoding: str, target: Path) -> None:
    """Write ``path`` decoded from ``encoding`` (``cp1252``, or ``utf-16``: little or big
    endian by its byte-order mark) as UTF-8 to ``target`` (a temporary file, never under the
    raw folder), block by block, line breaks as they were; an undecodable byte is a
    RawDataError with its line."""
    import codecs

    with open(path, "rb") as source, open(target, "wb") as out:
        if encoding == "utf-16":
            encoding = "utf-16-le" if source.read(2) == b"\xff\xfe" else "utf-16-be"
        decoder, line, split_crlf = codecs.getincrementaldecoder(encoding)(), 1, False
        for block in iter(lambda: source.read(CHUNK_BYTES), b""):
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError as err:
                before = codecs.decode(block[: err.start], encoding, "replace").encode()
                line -= split_crlf and before.startswith(b"\n")  # CR | LF across blocks
                raise RawDataError(
                    path,
                    f"cannot decode as {'UTF-8 or Windows-1252' if encoding == 'cp1252' else encoding.upper()}",
                    line=line + line_breaks(before),
                    value=block[err.start : err.start + 8],
                ) from None
            encoded = text.encode("utf-8")
            out.write(encoded)
            line += line_breaks(encoded) - (split_crlf and encoded.startswith(b"\n"))  # CR | LF across blocks
            split_crlf = encoded.endswith(b"\r") or (split_crlf and not encoded)
        out.write(decoder.decode(b"", final=True).encode("utf-8"))


#: Byte-order marks and the encoding each declares.
BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def header_line(path: Path) -> tuple[str, str | None]:
    """The first line of a CSV file as text (ended by LF, CRLF or a bare CR), and the encoding
    its byte-order mark declares (``utf-8-sig``, ``utf-16``; None without one). Without a
    mark the header is decoded as UTF-8, or Windows-1252 where it is not UTF-8."""
    with open(path, "rb") as handle:
        head = handle.read(1 << 16)
    declared = next((encoding for bom, encoding in BOMS if head.startswith(bom)), None)
    if declared == "utf-16":
        text = head.decode("utf-16", "replace")  # a character the block cut is past the header
        first = re.split(r"\r\n?|\n", text, maxsplit=1)[0]
    else:
        text = head[3 if declared else 0 :]
        raw = re.split(rb"\r\n?|\n", text, maxsplit=1)[0]
        try:
            first = raw.decode("utf-8")
        except UnicodeDecodeError:
            first = raw.decode("cp1252", "replace")
    if not text.strip():
        raise RawDataError(path, "file is empty")
    return first, declared


def duckdb_csv_error(path: Path, err: duckdb.Error) -> RawDataError:
    """A DuckDB CSV error (wrong number of fields, bad quoting) as a RawDataError with the
    file line DuckDB names."""
    text = str(err)
    line = re.search(r"on Line: (\d+)", text)
    original = re.search(r"Original Line: (.*)", text)
    problem = re.search(r"\n([^\n]*(?:Expected Number of Columns|quote|unicode)[^\n]*)", text, re.IGNORECASE)
    return RawDataError(
        path,
        f"malformed CSV row ({problem[1].strip() if problem else text.splitlines()[0]})",
        line=int(line[1]) if line else None,
        value=original[1] if original else None,
    )

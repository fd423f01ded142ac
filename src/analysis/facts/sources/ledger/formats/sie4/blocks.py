"""A SIE file's bytes in blocks that end at a line break, and a block as an Arrow array of
lines: the reader parses each block without a Python loop per line."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pyarrow as pa

from analysis.facts.sources.ledger.formats.engine import CHUNK_BYTES, chunks
from analysis.facts.sources.ledger.formats.sie4 import encoding as enc


def lines_array(block: bytes) -> pa.Array:
    """The block (UTF-8, ending at a line break or the end of the file) as an array of lines."""
    data = np.frombuffer(block, np.uint8)
    breaks = np.flatnonzero(data == 10)
    ends = breaks if block.endswith(b"\n") else np.append(breaks, len(block))
    offsets = np.concatenate([[0], ends + 1]).astype(np.int64)
    offsets[-1] = min(offsets[-1], len(block))
    return pa.LargeStringArray.from_buffers(len(ends), pa.py_buffer(offsets), pa.py_buffer(block))


def raw_blocks(path: Path, size: int = CHUNK_BYTES) -> Iterator[memoryview]:
    """The file in blocks ending at a line break, as views of one reused buffer (no copy;
    each view is valid until the next block is read)."""
    buffer = bytearray(size + (1 << 20))
    view, kept = memoryview(buffer), 0
    with open(path, "rb") as handle:
        while got := handle.readinto(view[kept:size]):
            end = kept + got
            cut = buffer.rfind(b"\n", 0, end) + 1 if got == size - kept else end
            if cut == 0:  # a line longer than the buffer: a buffer twice as large
                bigger = bytearray(2 * size + (1 << 20))
                bigger[:end] = buffer[:end]
                buffer, view, size, kept = bigger, memoryview(bigger), size * 2, end
                continue
            yield view[:cut]
            kept = end - cut
            buffer[:kept] = buffer[cut:end]
        if kept:
            yield view[:kept]


def ahead(items: Iterator) -> Iterator:
    """``items``, each prepared in a worker thread while the caller works on the one before
    (decoding overlaps DuckDB, which releases the GIL)."""
    with ThreadPoolExecutor(1) as pool:
        future = pool.submit(next, items, None)
        while (item := future.result()) is not None:
            future = pool.submit(next, items, None)
            yield item


def lines_at(path: Path, numbers: list[int], encoding: str = enc.PC8) -> dict[int, str]:
    """The text of the given lines of a SIE file (decoded), found block by block."""
    wanted, found, line = np.array(sorted(numbers), np.int64), {}, 0
    for block in chunks(path) if len(wanted) else ():
        starts = np.concatenate([[0], np.flatnonzero(np.frombuffer(block, np.uint8) == 10) + 1])
        inside = wanted[(wanted > line) & (wanted <= line + len(starts))]
        for n in inside:
            begin = starts[n - line - 1]
            end = block.find(b"\n", begin)
            found[int(n)] = block[begin : end if end >= 0 else len(block)].decode(encoding, "replace").strip()
        line += block.count(b"\n")
    return found

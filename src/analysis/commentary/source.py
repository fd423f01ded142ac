"""The analysts' commentary files: ``data/raw/<year>/kommentarer/<chapter>.md`` (Swedish) and
``<chapter>.en.md`` (English), read and split into the blocks a chapter places.

A file is input like the exports: read, hashed, never written. It is UTF-8 (a byte order mark
is allowed); anything else is refused with its file and line, and a file in Windows-1252
(CP1252, what a Swedish Windows editor saves) is named as such. The optional front matter,
YAML between two ``---`` lines, holds ``status`` (``utkast``, ``granskad``, ``godkänd``),
``ansvarig`` (a name) and ``godkänd`` (a date); an unknown key or status is an error naming
the file, the line and the allowed values.

The text before the first ``## heading`` opens the chapter; each ``## heading`` starts a
block that the chapter places at the end of its section of that heading. Headings are found
by markdown-it-py, so a ``##`` inside a code block or a quotation is text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analysis.commentary.files import candidates, listed_name
from analysis.commentary.markdown import top_headings
from analysis.exceptions import AnalysisError

STATUSES = ("utkast", "granskad", "godkänd")
KEYS = ("status", "ansvarig", "godkänd")
DEFAULT_STATUS = "utkast"


class CommentaryError(AnalysisError):
    """A commentary file that cannot be read: names the file, the line and what is wrong."""

    def __init__(self, path: Path | str, line: int | None, problem: str):
        self.path, self.line, self.problem = str(path), line, problem
        where = f"{path}, line {line}" if line else str(path)
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class Block:
    """A part of a commentary: the opening (``heading`` None) or the text after a ``## heading``."""

    heading: str | None
    text: str
    first_line: int  # the file's line number of the block's first line (its heading's line)
    text_line: int  # the file's line number of the first line of ``text``


@dataclass(frozen=True)
class Commentary:
    """One chapter's commentary in one language, as read from its file."""

    path: Path
    name: str  # as the provenance lists it: ``2019/kommentarer/costs.md``
    sha256: str
    size: int
    lines: int
    lang: str  # the language of the text: ``sv`` for ``costs.md``, ``en`` for ``costs.en.md``
    status: str = DEFAULT_STATUS
    responsible: str = ""
    approved_on: str = ""  # ISO date of ``godkänd:``
    blocks: tuple[Block, ...] = field(default_factory=tuple)

    @property
    def approved(self) -> bool:
        return self.status == "godkänd"


def find(year: int, chapter: str, raw_dir: Path, lang: str) -> Commentary | None:
    """The chapter's commentary in ``lang`` (English falls back to the Swedish file), or None."""
    for path, text_lang in candidates(year, chapter, raw_dir, lang):
        if path.is_file():
            return read(path, listed_name(year, path), text_lang)
    return None


def decode(data: bytes, path: Path | str) -> str:
    """The text of a commentary file: UTF-8 (BOM allowed), else an error naming the line of
    the first byte that is not UTF-8, and whether the file looks like Windows-1252."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            problem = f"not UTF-8 (byte {data[err.start]:#04x}); save the file as UTF-8"
        else:
            problem = "the file is Windows-1252 (CP1252), not UTF-8; save it as UTF-8"
        raise CommentaryError(path, line, problem) from None


def read(path: Path, name: str, lang: str) -> Commentary:
    """Read, check and split one commentary file."""
    data = Path(path).read_bytes()
    text = decode(data, path).replace("\r\n", "\n").replace("\r", "\n")
    meta, body, offset = front_matter(text, path)
    return Commentary(
        path=Path(path),
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        lines=text.count("\n") + (0 if text.endswith("\n") or not text else 1),
        lang=lang,
        status=meta.get("status", DEFAULT_STATUS),
        responsible=meta.get("ansvarig", ""),
        approved_on=meta.get("godkänd", ""),
        blocks=tuple(split(body, offset)),
    )


def front_matter(text: str, path: Path | str) -> tuple[dict[str, str], str, int]:
    """``(meta, body, lines before the body)``; the front matter's keys checked."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise CommentaryError(path, 1, "the front matter that starts with '---' has no closing '---' line")
    meta = {}
    for number, line in enumerate(lines[1:end], start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key = key.strip()
        if not sep or key not in KEYS:
            raise CommentaryError(path, number, f"unknown key {key!r}; allowed: {', '.join(KEYS)}")
        meta[key] = _value(key, value, path, number)
    return meta, "\n".join(lines[end + 1 :]), end + 1


def _value(key: str, raw: str, path: Path | str, line: int) -> str:
    try:
        value = yaml.safe_load(raw) if raw.strip() else ""
    except yaml.YAMLError:
        value = raw.strip()
    if key == "status":
        text = str(value or "").strip().lower()
        if text not in STATUSES:
            raise CommentaryError(path, line, f"unknown status {str(value)!r}; allowed: {', '.join(STATUSES)}")
        return text
    if key == "godkänd":
        if value in ("", None):
            return ""
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            try:
                value = dt.date.fromisoformat(str(value).strip())
            except ValueError:
                raise CommentaryError(path, line, f"godkänd is not a date (YYYY-MM-DD): {str(value)!r}") from None
        return value.isoformat()
    return " ".join(str(value).split())


def split(body: str, offset: int) -> list[Block]:
    """The opening (if it has text) and one block per top-level ``## heading``."""
    lines = body.split("\n")
    heads = top_headings(body)  # (first line, after its last line, text), 0-based in body
    blocks = []
    first = heads[0][0] if heads else len(lines)
    opening = "\n".join(lines[:first])
    if opening.strip():
        start = next(i for i, line in enumerate(lines) if line.strip())
        blocks.append(Block(None, opening, offset + start + 1, offset + 1))
    for n, (start, after, text) in enumerate(heads):
        end = heads[n + 1][0] if n + 1 < len(heads) else len(lines)
        blocks.append(Block(text, "\n".join(lines[after:end]), offset + start + 1, offset + after + 1))
    return blocks

"""The chapter notebooks of a folder: ``NN_name.ipynb`` with ``metadata.lansteknik``
(chapter name, titles per language, whether it cleans the year's data), and choosing
chapters by number, name or short name (:data:`SHORT_NAMES`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

from analysis import paths
from analysis.chapter_names import SHORT_NAMES, short_of
from analysis.exceptions import AnalysisError
from analysis.publishing.model import Chapter

NOTEBOOK_PATTERN = "[0-9][0-9]_*.ipynb"


def short_name(chapter: Chapter) -> str | None:
    """The chapter's short name, if it has one."""
    return short_of(chapter.name)


class UnknownChapterError(AnalysisError):
    """A chapter was asked for that has no notebook. For a name, the list gives each
    chapter's short name after its name where the two differ."""

    def __init__(self, wanted: object, chapters: list[Chapter]):
        self.wanted = wanted
        by_name = not str(wanted).strip().isdigit()

        def entry(c: Chapter) -> str:
            short = short_name(c) if by_name else None
            return f"{c.number:02d} {c.name}" + (f" ({short})" if short and short != c.name else "")

        known = ", ".join(entry(c) for c in chapters) or "none"
        super().__init__(f"no chapter {wanted!r}; chapters are: {known}")


def read_chapter(path: Path) -> Chapter:
    """A chapter from its notebook: ``metadata.lansteknik`` {chapter, title, cleans, summarises}."""
    path = Path(path)
    match = re.match(r"(\d\d)_(.+)$", path.stem)
    if not match:
        raise AnalysisError(f"{path}: chapter notebooks are named NN_name.ipynb")
    number, file_name = int(match.group(1)), match.group(2)
    try:
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("lansteknik", {})
    except (OSError, ValueError) as err:
        raise AnalysisError(f"{path}: not a readable notebook ({err})") from None
    meta = meta if isinstance(meta, dict) else {}
    title = meta.get("title")
    if isinstance(title, str):
        titles = {"sv": title}
    elif isinstance(title, dict):
        titles = {str(k): str(v) for k, v in title.items() if v}
    else:
        titles = {}
    name = str(meta.get("chapter") or file_name)
    if not re.fullmatch(r"[\w.-]+", name):
        raise AnalysisError(f"{path}: chapter name {name!r} must be letters, digits, _ . or -")
    return Chapter(
        number=number,
        name=name,
        path=path.resolve(),
        titles=tuple(sorted(titles.items())),
        cleans=bool(meta.get("cleans", False)),
        summarises=bool(meta.get("summarises", False)),
    )


def discover_chapters(notebooks_dir: Path | None = None) -> list[Chapter]:
    """The chapter notebooks ``NN_*.ipynb`` of a folder, in chapter order."""
    folder = Path(notebooks_dir or paths.notebooks_dir())
    chapters = [read_chapter(p) for p in sorted(folder.glob(NOTEBOOK_PATTERN)) if p.is_file()]
    seen: dict[str, Chapter] = {}
    for chapter in chapters:
        if chapter.name in seen:
            raise AnalysisError(
                f"chapter name {chapter.name!r} used by both {seen[chapter.name].path.name} and {chapter.path.name}"
            )
        seen[chapter.name] = chapter
    return sorted(chapters, key=lambda c: (c.number, c.stem))


def select_chapters(chapters: list[Chapter], wanted: Iterable[str] | None) -> list[Chapter]:
    """Chapters by number (``2``, ``02``), name (``cost_development``), file name or short
    name (``costs``, :data:`SHORT_NAMES`).

    The year's cleaning chapters are always included: the others depend on them (when
    nothing changed they are reported ``unchanged`` and cost nothing). So are the
    summarising chapters: they depend on the others, and run again only when the record
    of the others changed.
    """
    if not wanted:
        return list(chapters)
    chosen: set[str] = set()
    for item in wanted:
        key = str(item).strip().removesuffix(".ipynb")
        hits = [c for c in chapters if key in (c.name, c.stem) or (key.isdigit() and int(key) == c.number)]
        if not hits and key.lower() in SHORT_NAMES:
            hits = [c for c in chapters if c.name == SHORT_NAMES[key.lower()]]
        if not hits:
            raise UnknownChapterError(item, chapters)
        chosen.update(c.stem for c in hits)
    return [c for c in chapters if c.stem in chosen or c.cleans or c.summarises]

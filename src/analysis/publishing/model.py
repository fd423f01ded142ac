"""The batch's data model, which its running, its pages and its downloads share: a chapter
notebook (:class:`Chapter`), the statuses of a chapter in a build, the task a worker gets
(:class:`ChapterTask`), where a chapter's outputs live (:class:`ChapterFiles`), what they say
on disk (:func:`on_disk`), a chapter's result (:class:`ChapterResult`) and a year's plan
(:class:`YearPlan`), each of one report: a year's annual report or one of its period reports
(:mod:`analysis.periods`). It imports nothing of the publishing rooms, so none of them is in a
circle through it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from analysis.facts.store import read_json
from analysis.periods import ANNUAL, Period

OK, UNCHANGED, FAILED, SKIPPED, INTERRUPTED = "ok", "unchanged", "failed", "skipped", "interrupted"


SUCCESS = frozenset({OK, UNCHANGED})


@dataclass(frozen=True)
class Chapter:
    """A chapter notebook and what its metadata says about it."""

    number: int
    name: str
    path: Path
    titles: tuple[tuple[str, str], ...] = ()
    cleans: bool = False
    #: The chapter summarises the year's other chapters from their recorded key figures, so
    #: it runs after them (metadata ``"summarises": true``).
    summarises: bool = False

    @property
    def stem(self) -> str:
        """The notebook's file name without ``.ipynb``: ``02_cost_development``."""
        return self.path.stem

    def title(self, lang: str = "sv") -> str:
        titles = dict(self.titles)
        return titles.get(lang) or titles.get("sv") or titles.get("en") or _title_from_name(self.name)


def _title_from_name(name: str) -> str:
    text = name.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class ChapterTask:
    """Everything a worker needs to run one chapter of one year (picklable)."""

    year: int
    chapter: Chapter
    parameters: dict[str, Any]
    fingerprint: dict[str, Any]
    reports_dir: Path
    processed_dir: Path | None = None
    timeout: int | None = 600
    lang: str = "sv"
    commit: str = "unknown"
    #: Environment for the kernel, taken from the batch process (``LANSTEKNIK_ROOT``): a
    #: worker started earlier, or on another machine, may have another environment.
    env: tuple[tuple[str, str], ...] = ()
    #: The period's last month: 12 is the annual report (``reports/<year>/``), any other a
    #: period report (``reports/<year>-<MM>/``, :mod:`analysis.periods`).
    month: int = ANNUAL

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)

    @property
    def key(self) -> tuple[int, int]:
        """The report this chapter belongs to: ``(year, month)``."""
        return (self.year, self.month)

    @property
    def year_dir(self) -> Path:
        return Path(self.reports_dir) / self.period.folder

    @property
    def files(self) -> ChapterFiles:
        return ChapterFiles(self.year_dir, self.chapter)


@dataclass(frozen=True)
class ChapterFiles:
    """Where a chapter's outputs live under ``reports/<year>/``."""

    year_dir: Path
    chapter: Chapter

    @property
    def executed_dir(self) -> Path:
        return self.year_dir / "executed"

    @property
    def html(self) -> Path:
        return self.year_dir / f"{self.chapter.name}.html"

    @property
    def executed(self) -> Path:
        return self.executed_dir / f"{self.chapter.stem}.ipynb"

    @property
    def failed(self) -> Path:
        return self.executed_dir / f"{self.chapter.stem}.failed.ipynb"

    @property
    def stamp(self) -> Path:
        return self.executed_dir / f"{self.chapter.stem}.stamp.json"

    @property
    def failure(self) -> Path:
        return self.executed_dir / f"{self.chapter.stem}.failure.json"

    @property
    def log(self) -> Path:
        return self.executed_dir / f"{self.chapter.stem}.log"


@dataclass(frozen=True)
class OnDisk:
    """What a chapter's outputs on disk say: its stamp and failure record (``{}`` if none),
    whether its page exists, and its status: the failure's, ``ok`` with a stamp and a page,
    else ``missing``."""

    stamp: dict
    failure: dict
    has_page: bool
    status: str


def on_disk(files: ChapterFiles) -> OnDisk:
    """Read a chapter's stamp and failure record and tell its status (for the indexes and
    the record a summary reads)."""
    stamp, failure, has_page = read_json(files.stamp), read_json(files.failure), files.html.exists()
    status = failure.get("status", FAILED) if failure else OK if stamp and has_page else "missing"
    return OnDisk(stamp, failure, has_page, status)


@dataclass
class ChapterResult:
    """What happened to one chapter of one year in a batch run."""

    year: int
    chapter: str
    number: int
    title: str
    status: str
    seconds: float = 0.0
    html: Path | None = None
    executed: Path | None = None
    error: dict[str, Any] | None = None
    key_figures: dict[str, Any] | None = None
    commentary: dict[str, Any] | None = None
    month: int = ANNUAL

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)

    @property
    def ok(self) -> bool:
        return self.status in SUCCESS


@dataclass
class YearPlan:
    """A year's tasks, which are unchanged, and every chapter of the build (for the record a
    summarising chapter reads, :mod:`~analysis.publishing.batch.record`)."""

    year: int
    tasks: list[ChapterTask] = field(default_factory=list)
    unchanged: dict[str, bool] = field(default_factory=dict)
    chapters: list[Chapter] = field(default_factory=list)
    force: bool = False
    month: int = ANNUAL
    #: Cleaned by the build before any chapter (:mod:`~analysis.publishing.batch.cleaning`): its
    #: chapters read current processed data at once and need not wait for its cleaning chapter.
    cleaned: bool = False

    @property
    def key(self) -> tuple[int, int]:
        """The report planned: ``(year, month)``; month 12 is the annual report."""
        return (self.year, self.month)

    @property
    def period(self) -> Period:
        return Period(self.year, self.month)

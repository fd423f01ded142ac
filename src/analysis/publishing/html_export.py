"""Executed chapter notebooks → self-contained HTML pages that managers read offline.

nbconvert's ``basic`` template renders the cell outputs and Markdown (no code, no
prompts); the page around it is this package's own Jinja template (``templates/``) with
inline CSS, a table of contents built from the h2/h3 headings, a print stylesheet for A4
and a provenance footer. Nothing on a page loads anything from a network: the 'lab'
template's CDN scripts are never used, images are embedded as data URIs, a
Content-Security-Policy forbids any other source and any script, and
:func:`offline_problems` and :func:`active_content` check the finished page (links to web
sites are turned into plain text with the address; a page with a script, an event-handler
attribute or an embedded object is not written).

Every value from data that this module puts on a page goes through Jinja with
autoescape on. The notebook body comes from nbconvert, which escapes stream output and
whose pandas tables are escaped by ``DataFrame.to_html``; raw HTML that a notebook
displays itself (``IPython.display.HTML``, a ``Styler`` without ``escape="html"``) is
the notebook's responsibility. ``sanitize_html`` is not used: it breaks tables.
"""
from __future__ import annotations

import copy
import datetime as dt
import functools
import html
import json
import math
import re
from dataclasses import asdict, dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterable, Mapping

from analysis.exceptions import AnalysisError
from analysis.presentation.keyfigures import MIME as KEY_FIGURES_MIME
from analysis.facts.store import write_text

LANGS = ("sv", "en")

#: Cells with these tags are left out of the page entirely.
REMOVE_CELL_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell", "remove_cell",
                              "hide-cell"})
#: Cells with these tags keep their Markdown but lose their outputs.
REMOVE_OUTPUT_TAGS = frozenset({"remove-output", "remove_output", "hide-output"})
#: Output MIME types never put on a page: scripts, widgets and the key figures record.
DROPPED_MIME = frozenset({"application/javascript", "text/javascript",
                          "application/vnd.jupyter.widget-view+json",
                          "application/vnd.jupyter.widget-state+json", KEY_FIGURES_MIME})

#: No network, no scripts; inline styles and data: images only.
CONTENT_SECURITY_POLICY = ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
                           "font-src data:; base-uri 'none'; form-action 'none'")

LABELS: dict[str, dict[str, str]] = {
    "sv": {
        "report": "Årsredovisning Länsteknik",
        "contents": "Innehåll",
        "all_chapters": "Alla kapitel {year}",
        "all_years": "Alla år",
        "chapter": "Kapitel",
        "chapters": "Kapitel {year}",
        "provenance": "Underlag och spårbarhet",
        "raw_files": "Rådata som lästes",
        "file": "Fil",
        "table": "Tabell",
        "encoding": "Teckenkodning",
        "rows": "Rader",
        "bytes": "Byte",
        "sha256": "SHA-256",
        "no_raw_files": "Uppgift om lästa rådatafiler saknas.",
        "parameters": "Parametrar",
        "notebook": "Anteckningsbok",
        "version": "Paketversion",
        "commit": "Git-version",
        "generated": "Skapad",
        "seconds": "Körtid",
        "status": "Status",
        "key_figures": "Nyckeltal",
        "status_ok": "klar",
        "status_failed": "misslyckades",
        "status_skipped": "hoppades över",
        "status_missing": "inte byggd",
        "failed_cell": "Fel i cell {number} av {total}",
        "failed_in": "Fel",
        "previous_shown": "Föregående version från {time} visas fortfarande.",
        "no_previous": "Ingen tidigare version finns.",
        "years": "År",
        "summary": "{ok} av {total} kapitel klara",
        "index_title": "Årsredovisning Länsteknik – alla år",
        "year_title": "Årsredovisning Länsteknik {year}",
        "external_link": "extern länk",
        "image_alt": "Diagram",
        "derived": "härlett",
        "skipped_message": "Kördes inte eftersom årets datakvalitetskapitel (rensningen av rådata) misslyckades.",
    },
    "en": {
        "report": "Länsteknik annual report",
        "contents": "Contents",
        "all_chapters": "All chapters {year}",
        "all_years": "All years",
        "chapter": "Chapter",
        "chapters": "Chapters {year}",
        "provenance": "Sources and provenance",
        "raw_files": "Raw data read",
        "file": "File",
        "table": "Table",
        "encoding": "Encoding",
        "rows": "Rows",
        "bytes": "Bytes",
        "sha256": "SHA-256",
        "no_raw_files": "No record of the raw files read.",
        "parameters": "Parameters",
        "notebook": "Notebook",
        "version": "Package version",
        "commit": "Git commit",
        "generated": "Generated",
        "seconds": "Run time",
        "status": "Status",
        "key_figures": "Key figures",
        "status_ok": "done",
        "status_failed": "failed",
        "status_skipped": "skipped",
        "status_missing": "not built",
        "failed_cell": "Error in cell {number} of {total}",
        "failed_in": "Error",
        "previous_shown": "The previous version from {time} is still shown.",
        "no_previous": "There is no previous version.",
        "years": "Years",
        "summary": "{ok} of {total} chapters done",
        "index_title": "Länsteknik annual report – all years",
        "year_title": "Länsteknik annual report {year}",
        "external_link": "external link",
        "image_alt": "Chart",
        "derived": "derived",
        "skipped_message": "Not run because the year's data-quality chapter (cleaning the raw data) failed.",
    },
}


class ExportError(AnalysisError):
    """A chapter cannot be turned into a safe, self-contained page."""


@dataclass
class Provenance:
    """What a chapter was made from; shown in the page footer."""

    parameters: dict[str, Any]
    raw_files: list[dict[str, Any]] = field(default_factory=list)
    version: str = ""
    commit: str = "unknown"
    generated: str = ""
    notebook: str = ""
    seconds: float | None = None

    def as_json(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    text: str


def labels(lang: str) -> dict[str, str]:
    """The page texts in ``lang`` (Swedish for anything unknown)."""
    return LABELS.get(lang, LABELS["sv"])


def now_text() -> str:
    """Local time with its UTC offset, as pages show the time of generation."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


# --------------------------------------------------------------------------- notebook


def prepare_notebook(nb: Mapping) -> Any:
    """A copy of an executed notebook with only what a reader should see.

    Removes the parameter cells (and cells tagged ``remove-cell``), the outputs of cells
    tagged ``remove-output``, stderr streams (warnings), errors, scripts, widgets and the
    key-figures record, and code cells left without any output.
    """
    import nbformat

    book = nbformat.from_dict(copy.deepcopy(dict(nb)))
    book.metadata.pop("widgets", None)
    cells = []
    for cell in book.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & REMOVE_CELL_TAGS:
            continue
        if cell.cell_type == "code":
            outputs = [] if tags & REMOVE_OUTPUT_TAGS else _visible_outputs(cell.get("outputs", []))
            if not outputs:
                continue
            cell.outputs = outputs
        elif cell.cell_type == "raw":
            continue
        cells.append(cell)
    book.cells = cells
    return book


def _visible_outputs(outputs: Iterable[Mapping]) -> list:
    kept = []
    for output in outputs:
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") == "stdout" and output.get("text"):
                kept.append(output)
        elif kind in ("display_data", "execute_result"):
            data = {k: v for k, v in output.get("data", {}).items() if k not in DROPPED_MIME}
            if data:
                output = copy.copy(output)
                output["data"] = data
                kept.append(output)
    return kept


@functools.lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(template_name="basic", exclude_input=True, exclude_input_prompt=True,
                        exclude_output_prompt=True, embed_images=True)


IMAGE_MIME = ("image/png", "image/jpeg")


def notebook_body(nb: Mapping, resources_path: Path | str | None = None,
                  image_alt: str | None = None) -> str:
    """The chapter's content as HTML (nbconvert 'basic': cells only, no page around them).

    ``image_alt``: the alternative text of charts whose output does not bring its own
    (``metadata[<mime>]["alt"]``).
    """
    book = prepare_notebook(nb)
    if image_alt:
        for cell in book.cells:
            for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
                for mime in IMAGE_MIME:
                    if mime in output.get("data", {}):
                        meta = output.setdefault("metadata", {}).setdefault(mime, {})
                        meta.setdefault("alt", image_alt)
    resources = {"metadata": {"path": str(resources_path)}} if resources_path else None
    body, _resources = _exporter().from_notebook_node(book, resources=resources)
    return body


# --------------------------------------------------------------------------- headings

_HEADING = re.compile(r"<(h[1-6])(\s[^>]*)?>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_ID_ATTR = re.compile(r"""\sid\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_ANCHOR_LINK = re.compile(r"<a\b[^>]*\banchor-link\b[^>]*>.*?</a\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w]+", "-", text.strip(), flags=re.UNICODE).strip("-")
    return slug or "avsnitt"


def number_headings(body: str) -> tuple[str, list[Heading]]:
    """Give every heading a unique id; return the body and its h2/h3 headings in order."""
    used: set[str] = set()
    found: list[Heading] = []

    def fix(match: re.Match) -> str:
        tag, attrs, inner = match.group(1), match.group(2) or "", match.group(3)
        text = html.unescape(_TAG.sub("", _ANCHOR_LINK.sub("", inner))).strip()
        id_match = _ID_ATTR.search(attrs)
        old = html.unescape(next(g for g in id_match.groups()[1:] if g is not None)) if id_match else None
        new = old or _slug(text)
        base, n = new, 2
        while new in used:
            new, n = f"{base}-{n}", n + 1
        used.add(new)
        if new != old:
            quoted = html.escape(new, quote=True)
            attrs = (_ID_ATTR.sub(f' id="{quoted}"', attrs, count=1) if id_match
                     else f'{attrs} id="{quoted}"')
            if old is not None:
                inner = inner.replace(f'href="#{html.escape(old, quote=True)}"', f'href="#{quoted}"')
        level = int(tag[1])
        if level in (2, 3) and text:
            found.append(Heading(level, new, text))
        return f"<{tag}{attrs}>{inner}</{tag}>"

    return _HEADING.sub(fix, body), found


def split_title(body: str) -> tuple[str, str | None]:
    """Take the chapter's own title (an h1 that is the body's first heading) out of the body.

    The page shows it in its header, above the table of contents. Returns the body without
    it and the heading's HTML, or the body unchanged and None.
    """
    match = _HEADING.search(body)
    if match is None or match.group(1).lower() != "h1":
        return body, None
    return body[:match.start()] + body[match.end():], match.group(0)


def toc_tree(headings: list[Heading]) -> list[dict]:
    """h2 entries, each with its h3 children (an h3 before any h2 becomes top level)."""
    tree: list[dict] = []
    for heading in headings:
        entry = {"id": heading.id, "text": heading.text, "children": []}
        if heading.level == 3 and tree:
            tree[-1]["children"].append(entry)
        else:
            tree.append(entry)
    return tree


_CELL_TEXT = re.compile(r"(<t[dh]\b[^>]*>)([^<]+)(?=</t[dh]\s*>)", re.IGNORECASE)
_LONG_WORD = re.compile(r"[^\s<>]{14,}")
_WORD_JOINT = re.compile(r"(?<=[/_])(?=[^/_\s])")


def soft_breaks(body: str) -> str:
    """Let long words in table cells (file paths, ``snake_case`` names) wrap after ``/`` and
    ``_`` (``<wbr>``), so that a table fits an A4 page without breaking words elsewhere.

    Only plain text directly inside ``<td>``/``<th>`` is touched (already escaped: no
    markup is added except ``<wbr>``); styles, attributes and other elements are not.
    """
    def cell(match: re.Match) -> str:
        return match.group(1) + _LONG_WORD.sub(lambda w: _WORD_JOINT.sub("<wbr>", w.group(0)),
                                               match.group(2))

    return _CELL_TEXT.sub(cell, body)


# --------------------------------------------------------------------------- offline

_URL_ATTRS = frozenset({"src", "href", "srcset", "poster", "data", "action", "formaction",
                        "background", "xlink:href", "lowsrc", "ping", "manifest", "icon",
                        "longdesc", "cite", "codebase", "archive", "profile", "usemap"})
_REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
_ALLOWED_SCHEME = re.compile(r"^\s*(?:data:|#|mailto:)", re.IGNORECASE)
_SRCSET_SPLIT = re.compile(r",\s+")
_SCRIPT_URL = re.compile(r"^\s*(?:javascript|vbscript):", re.IGNORECASE)
#: Elements that run code or embed other documents; never on a page.
_ACTIVE_TAGS = frozenset({"script", "iframe", "frame", "object", "embed", "applet", "noscript"})
_CSS_REMOTE = re.compile(r"""url\(\s*["']?\s*(?!data:|#)[^)\s"']|@import""", re.IGNORECASE)


class _Scanner(HTMLParser):
    """Finds everything on a page that could make the browser fetch something."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.external_anchors: list[str] = []
        self.problems: list[str] = []
        self.active: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._check(tag, attrs, self.get_starttag_text() or "")
        if tag == "style":
            self._in_style = True

    def handle_startendtag(self, tag, attrs):
        self._check(tag, attrs, self.get_starttag_text() or "")

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style and _CSS_REMOTE.search(data):
            self.problems.append(f"<style> loads {_CSS_REMOTE.search(data).group(0)!r}")

    def _check(self, tag: str, attrs: list[tuple[str, str | None]], text: str) -> None:
        if tag in _ACTIVE_TAGS:
            self.active.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name == "srcdoc":
                self.active.append(f"<{tag} {name}=...>")
            if _SCRIPT_URL.match(value) and name in _URL_ATTRS and not (tag == "a" and name == "href"):
                self.active.append(f"<{tag} {name}={value[:60]!r}>")
            if name == "style" and _CSS_REMOTE.search(value):
                self.problems.append(f"<{tag} style> loads {value[:120]!r}")
            if name == "http-equiv" and value.lower() == "refresh":
                self.problems.append(f"<{tag} http-equiv=refresh>")
            if name not in _URL_ATTRS or not value.strip():
                continue
            if tag == "a" and name == "href":
                if _REMOTE.match(value) or not _ALLOWED_SCHEME.match(value) and ":" in value.split("/")[0]:
                    self.external_anchors.append(text)
                continue
            urls = _SRCSET_SPLIT.split(value) if name == "srcset" else [value]
            for url in urls:
                if _REMOTE.match(url) or (":" in url.split("/")[0] and not _ALLOWED_SCHEME.match(url)):
                    self.problems.append(f"<{tag} {name}={url[:120]!r}>")


def _scan(page: str) -> _Scanner:
    scanner = _Scanner()
    scanner.feed(page)
    scanner.close()
    return scanner


def unlink_external(page: str) -> str:
    """Turn links to other sites into plain text that keeps the address (``data-url``)."""
    for tag in set(_scan(page).external_anchors):
        fixed = re.sub(r"(\s)href(\s*=)", r"\1data-url\2", tag, flags=re.IGNORECASE)
        page = page.replace(tag, fixed)
    return page


def offline_problems(page: str) -> list[str]:
    """Everything on a page that would make a browser request a network resource.

    Checks every URL attribute (``src``, ``href``, ``srcset``, ...), inline styles and
    ``<style>`` blocks; data: URIs, fragment links and relative local files are fine.
    """
    scanner = _scan(page)
    return scanner.problems + [f"link {a[:120]!r}" for a in scanner.external_anchors]


def active_content(page: str) -> list[str]:
    """Everything on a page that could run code: scripts, event-handler attributes
    (``onerror=``), ``javascript:`` URLs, frames and embedded objects.

    Text from data is escaped, so it never shows up here; anything found is a bug in
    whatever produced that HTML, and the page is not written.
    """
    return _scan(page).active


# --------------------------------------------------------------------------- templates


@functools.lru_cache(maxsize=1)
def environment():
    """The Jinja environment of the page templates: autoescape on for every template."""
    import jinja2

    env = jinja2.Environment(loader=jinja2.PackageLoader("analysis.publishing", "templates"),
                             autoescape=True, trim_blocks=True, lstrip_blocks=True,
                             undefined=jinja2.StrictUndefined)
    env.globals["csp"] = CONTENT_SECURITY_POLICY
    env.filters["human_time"] = human_time
    env.filters["pyvalue"] = lambda v: json.dumps(v, ensure_ascii=False, default=str)
    env.filters["seconds"] = lambda s: "" if s is None else f"{float(s):.1f} s".replace(".", ",")
    return env


def human_time(text: str | None) -> str:
    """``2025-11-23T09:22:05+01:00`` → ``2025-11-23 09:22``."""
    if not text:
        return ""
    try:
        return dt.datetime.fromisoformat(str(text)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(text)


def _finish(page: str) -> str:
    page = unlink_external(page)
    problems = offline_problems(page)
    if problems:
        raise ExportError("the page would load network resources: " + "; ".join(problems[:5]))
    active = active_content(page)
    if active:
        raise ExportError("the page would run code (unescaped HTML from data or a notebook?): "
                          + "; ".join(active[:5]))
    return page


def render_chapter(nb: Mapping, *, title: str, year: int | str, lang: str = "sv",
                   chapter: str = "", provenance: Provenance | None = None,
                   resources_path: Path | str | None = None) -> str:
    """The complete HTML page of one executed chapter notebook."""
    lang = lang if lang in LANGS else "sv"
    body = notebook_body(nb, resources_path, image_alt=labels(lang)["image_alt"])
    body, headings = number_headings(body)
    body, title_html = split_title(body)
    page = environment().get_template("chapter.html.j2").render(
        lang=lang, t=labels(lang), title=title, year=year, chapter=chapter, body=_markup(body),
        title_html=_markup(title_html) if title_html else None, toc=toc_tree(headings),
        provenance=provenance or Provenance(parameters={}),
    )
    return _finish(soft_breaks(page))


def write_chapter(nb: Mapping, target: Path, **kwargs: Any) -> Path:
    """Render and atomically write a chapter page; on any error the old page stays."""
    page = render_chapter(nb, **kwargs)
    write_page(Path(target), page)
    return Path(target)


def write_page(target: Path, text: str) -> None:
    """Atomically write a page (UTF-8, permissions as the umask allows)."""
    write_text(Path(target), text)


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)


def format_figure(figure: Mapping, lang: str = "sv") -> str:
    """A recorded key figure's value as readers see it (Swedish number format)."""
    from analysis.presentation import formatting

    value, unit = figure.get("value"), figure.get("unit") or ""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return formatting.MISSING.get(lang, "–")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{value}\u00a0{unit}".strip() if unit else str(value)
    known = {"MSEK", "percent", "hours", "count", ""}
    decimals = None if unit in known and unit else (0 if float(value).is_integer() else 1)
    try:
        text = formatting.value(value, unit if unit in known else "", decimals, lang)
    except ValueError:
        text = str(value)
    return text if unit in known else f"{text}\u00a0{unit}"


def render_year_index(year: int | str, entries: list[Mapping], *, lang: str = "sv",
                      generated: str | None = None) -> str:
    """``reports/<year>/index.html``: the year's chapters with status and key figures.

    Each entry: number, name, title, status ('ok', 'failed', 'skipped', 'missing'),
    href (or None), generated, seconds, figures (list of {label, text}), error (dict or
    None: message, cell_index, cell_count, first_line), previous (time of the page still
    shown, or None).
    """
    lang = lang if lang in LANGS else "sv"
    page = environment().get_template("year_index.html.j2").render(
        lang=lang, t=labels(lang), year=year, entries=entries,
        ok=sum(1 for e in entries if e["status"] == "ok"), generated=generated or now_text())
    return _finish(page)


def render_root_index(years: list[Mapping], *, lang: str = "sv", generated: str | None = None) -> str:
    """``reports/index.html``: every year, linked, with how many chapters are done.

    Each entry: year, href, ok, total, failed (count), generated.
    """
    lang = lang if lang in LANGS else "sv"
    page = environment().get_template("root_index.html.j2").render(
        lang=lang, t=labels(lang), years=years, generated=generated or now_text())
    return _finish(page)

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

import contextlib
import copy
import datetime as dt
import functools
import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from analysis.facts.store import write_text
from analysis.periods import ANNUAL
from analysis.presentation.anchors import slug
from analysis.presentation.outputs import CHART_VALUES_MIME, COMMENTARY_MIME, KEY_FIGURES_MIME, is_notebook_only
from analysis.publishing.pages.accessible import accessible_body, values_table
from analysis.publishing.pages.page_checks import checked
from analysis.publishing.pages.page_language import in_language
from analysis.publishing.pages.page_tables import page_tables
from analysis.publishing.pages.provenance import choices, raw_files
from analysis.publishing.pages.report_names import period_labels
from analysis.publishing.pages.sections import anchored_sections, missing_list
from analysis.publishing.pages.table_cells import chart_regions, lay_out_tables
from analysis.texts import LANGS, messages, t

#: Cells with these tags are left out of the page entirely.
REMOVE_CELL_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell", "remove_cell", "hide-cell"})


#: Cells with these tags keep their Markdown but lose their outputs.
REMOVE_OUTPUT_TAGS = frozenset({"remove-output", "remove_output", "hide-output"})


#: Output MIME types never put on a page: scripts, widgets and the key figures record.
DROPPED_MIME = frozenset(
    {
        "application/javascript",
        "text/javascript",
        "application/vnd.jupyter.widget-view+json",
        "application/vnd.jupyter.widget-state+json",
        KEY_FIGURES_MIME,
        COMMENTARY_MIME,
    }
)


#: No network, no scripts; inline styles and data: images only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; base-uri 'none'; form-action 'none'"
)


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
    """The page texts in ``lang`` (Swedish for anything unknown): the ``page.*`` messages of
    :mod:`analysis.texts`, by their key without the prefix."""
    lang = lang if lang in LANGS else "sv"
    keys = [key.removeprefix("page.") for key in messages(lang) if key.startswith("page.")]
    return {key: t(f"page.{key}", lang) for key in keys}


def now_text() -> str:
    """Local time with its UTC offset, as pages show the time of generation."""
    return dt.datetime.now().astimezone().isoformat(timespec="seconds")


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
        if is_notebook_only(output):
            continue
        kind = output.get("output_type")
        if kind == "stream":
            if output.get("name") == "stdout" and output.get("text"):
                kept.append(output)
        elif kind in ("display_data", "execute_result"):
            data = {k: v for k, v in output.get("data", {}).items() if k not in DROPPED_MIME}
            values = data.pop(CHART_VALUES_MIME, None)
            if data:
                output = copy.copy(output)
                output["data"] = data
                kept.append(output)
            if values:
                kept.append(
                    {"output_type": "display_data", "data": {"text/html": values_table(values)}, "metadata": {}}
                )
    return kept


@functools.lru_cache(maxsize=1)
def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="basic",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )


IMAGE_MIME = ("image/png", "image/jpeg")


def notebook_body(nb: Mapping, resources_path: Path | str | None = None, image_alt: str | None = None) -> str:
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


_HEADING = re.compile(r"<(h[1-6])(\s[^>]*)?>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)


_ID_ATTR = re.compile(r"""\sid\s*=\s*("([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


_ANCHOR_LINK = re.compile(r"<a\b[^>]*\banchor-link\b[^>]*>.*?</a\s*>", re.IGNORECASE | re.DOTALL)


_TAG = re.compile(r"<[^>]*>")


def number_headings(body: str) -> tuple[str, list[Heading]]:
    """Give every heading a unique id; return the body and its h2/h3 headings in order."""
    used: set[str] = set()
    found: list[Heading] = []

    def fix(match: re.Match) -> str:
        tag, attrs, inner = match.group(1), match.group(2) or "", match.group(3)
        text = html.unescape(_TAG.sub("", _ANCHOR_LINK.sub("", inner))).strip()
        id_match = _ID_ATTR.search(attrs)
        old = html.unescape(next(g for g in id_match.groups()[1:] if g is not None)) if id_match else None
        new = old or slug(text)
        base, n = new, 2
        while new in used:
            new, n = f"{base}-{n}", n + 1
        used.add(new)
        if new != old:
            quoted = html.escape(new, quote=True)
            attrs = _ID_ATTR.sub(f' id="{quoted}"', attrs, count=1) if id_match else f'{attrs} id="{quoted}"'
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
    return body[: match.start()] + body[match.end() :], match.group(0)


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
        return match.group(1) + _LONG_WORD.sub(lambda w: _WORD_JOINT.sub("<wbr>", w.group(0)), match.group(2))

    return _CELL_TEXT.sub(cell, body)


@functools.lru_cache(maxsize=1)
def environment():
    """The Jinja environment of the page templates: autoescape on for every template; the
    compiled templates kept between runs (:func:`_template_cache`), so that a build with
    nothing to run does not compile them again."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("analysis.publishing.pages", "templates"),
        bytecode_cache=_template_cache(jinja2),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.globals["csp"] = CONTENT_SECURITY_POLICY
    env.filters["human_time"] = human_time
    env.filters["pyvalue"] = lambda v: json.dumps(v, ensure_ascii=False, default=str)
    env.filters["seconds"] = lambda s: "" if s is None else f"{float(s):.1f} s".replace(".", ",")
    return env


def _template_cache(jinja2):
    """Jinja's bytecode cache of the compiled templates, in its own folder of this user's
    under the system's temporary directory (never in the project, whose folders a build
    given other ones leaves alone), keyed by each template's name and source: an edited
    template is compiled again. Only a cache: where it cannot be made, templates compile."""

    class _TemplateCache(jinja2.FileSystemBytecodeCache):
        def load_bytecode(self, bucket) -> None:
            with contextlib.suppress(OSError, EOFError, ValueError):
                super().load_bytecode(bucket)

        def dump_bytecode(self, bucket) -> None:
            with contextlib.suppress(OSError):
                super().dump_bytecode(bucket)

    with contextlib.suppress(OSError, RuntimeError):
        return _TemplateCache(pattern="lansteknik-%s.cache")
    return None


def human_time(text: str | None) -> str:
    """``2025-11-23T09:22:05+01:00`` → ``2025-11-23 09:22``."""
    if not text:
        return ""
    try:
        return dt.datetime.fromisoformat(str(text)).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(text)


def fill_template(name: str, lang: str, month: int = ANNUAL, **context: Any) -> str:
    """A page template in ``lang`` (Swedish if unknown), labels as ``t`` (a period's: :mod:`.report_names`)."""
    lang = lang if lang in LANGS else "sv"
    return environment().get_template(name).render(lang=lang, t=period_labels(labels(lang), month, lang), **context)


def render_chapter(
    nb: Mapping,
    *,
    title: str,
    year: int | str,
    lang: str = "sv",
    chapter: str = "",
    provenance: Provenance | None = None,
    resources_path: Path | str | None = None,
    month: int = ANNUAL,
) -> str:
    """The complete HTML page of one executed chapter notebook (of a period report with ``month`` < 12)."""
    lang = lang if lang in LANGS else "sv"
    texts = labels(lang)
    body, notes, _removed = anchored_sections(notebook_body(nb, resources_path, image_alt=texts["image_alt"]))
    body, headings = number_headings(body + missing_list(notes, texts["missing_heading"].format(year=year)))
    body, title_html = split_title(body)
    body = in_language(accessible_body(body, texts["table"]), lang)
    body = chart_regions(lay_out_tables(body), texts["image_alt"])
    provenance = provenance or Provenance(parameters={})
    page = fill_template(
        "chapter.html.j2",
        lang,
        month,
        title=title,
        year=year,
        chapter=chapter,
        body=_markup(body),
        title_html=_markup(title_html) if title_html else None,
        toc=toc_tree(headings),
        provenance=provenance,
        choices=choices(provenance.parameters, lang),
        raw_files=raw_files(provenance.raw_files, lang),
        workbook=_workbook_name(chapter, body),
    )
    return checked(soft_breaks(page))


def _workbook_name(chapter: str, body: str) -> str | None:
    """``<chapter>.xlsx`` when the page has a table for the workbook (:mod:`analysis.publishing.downloads.workbook`)."""
    tables = page_tables(f"<main>{body}</main>") if chapter and "<table" in body else []
    return f"{chapter}.xlsx" if any(tb.header and tb.rows for tb in tables) else None


def warm() -> None:
    """Load nbconvert's exporter and compile the page templates (a worker does it once, while
    its first kernel starts), by rendering a throw-away page in memory."""
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# –"), nbformat.v4.new_code_cell("")])
    render_chapter(nb, title="–", year=0)


def write_chapter(nb: Mapping, target: Path, **kwargs: Any) -> Path:
    """Render and atomically write a chapter page; on any error the old page stays."""
    page = render_chapter(nb, **kwargs)
    write_page(Path(target), page)
    return Path(target)


def write_page(target: Path, text: str) -> None:
    """Atomically write a page (UTF-8, permissions as the umask allows)."""
    write_text(Path(target), text)


def write_if_changed(target: Path, text: str) -> bool:
    """Write a page only if its text differs from the file's: a run that changed nothing
    leaves every file as it was."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        if Path(target).read_text(encoding="utf-8") == text:
            return False
    write_page(target, text)
    return True


def _markup(text: str):
    from markupsafe import Markup

    return Markup(text)

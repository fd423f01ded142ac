"""HTML export: executed notebooks → self-contained, offline, escaped chapter pages and the
year and root indexes.

Most tests render hand-made "executed" notebooks (no kernel); the end-to-end escaping test
(marker ``notebooks``) runs the batch on a copy of the shipped raw data with a hostile label.
"""

from __future__ import annotations

import base64
import html
import os
import re
from html.parser import HTMLParser

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

from analysis.presentation.outputs import CHART_VALUES_MIME, KEY_FIGURES_MIME
from analysis.publishing.pages import html_export as hx
from analysis.publishing.pages import index_pages, page_checks

#: A 2×2 PNG.
PNG = base64.b64encode(
    bytes.fromhex(
        "89504e470d0a1a0a0000000d49484452000000020000000208020000"
        "00fdd49a730000001649444154789c63f8cfc0f09f8181e13f030303"
        "c3ff0000510a0901e4e6a4a20000000049454e44ae426082"
    )
).decode()

#: What a hostile label in a raw export looks like.
XSS_LABEL = '<script>window.__xss=1</script>Övrigt <img src=x onerror="window.__xss=2">'


# --------------------------------------------------------------------------- helpers


class Page(HTMLParser):
    """A parsed page: elements with their attributes, the text, the <title>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text_parts: list[str] = []
        self.title = ""
        self._in: list[str] = []
        self._glue = False  # after <wbr>: the next text continues the word
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        self._glue = tag == "wbr"
        if tag not in ("img", "meta", "br", "wbr", "link", "hr", "input"):
            self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if "title" in self._in:
            self.title += data
        if "style" not in self._in:
            if self._glue and self.text_parts:
                self.text_parts[-1] += data
            else:
                self.text_parts.append(data)
        self._glue = False

    @property
    def text(self) -> str:
        """The text, blocks separated and runs of white space (not no-break spaces) made one."""
        return re.sub(r"[ \t\r\n\f]+", " ", " ".join(self.text_parts)).strip()

    def tags(self, name: str) -> list[dict[str, str]]:
        return [attrs for tag, attrs in self.elements if tag == name]

    def ids(self) -> list[str]:
        return [attrs["id"] for _, attrs in self.elements if "id" in attrs]


def executed_notebook(heading: str = "Kostnadsutveckling 2019") -> nbformat.NotebookNode:
    """A notebook as papermill leaves it, with every kind of output a chapter may have."""

    def md(text):
        return new_output("display_data", data={"text/markdown": text, "text/plain": "<Markdown>"})

    cells = [
        new_code_cell("year = 2017  # PARAMETER_SOURCE", metadata={"tags": ["parameters"]}),
        new_code_cell("year = 2019  # INJECTED_SOURCE", metadata={"tags": ["injected-parameters"]}),
        new_code_cell(
            "chapter.heading(title)  # CODE_SOURCE",
            outputs=[
                md(f"# {heading}"),
                md("Divisionens resultat för 2019 är -4,8 mnkr."),
                new_output("stream", name="stdout", text="plain stdout line\n"),
                new_output("stream", name="stderr", text="FutureWarning: STDERR_TEXT\n"),
            ],
        ),
        new_code_cell("x = 1  # CELL_WITHOUT_OUTPUT"),
        new_code_cell("chapter.heading('Utfall')", outputs=[md("## Utfall mot budget"), md("### Per kostnadslag")]),
        new_code_cell(
            "styled(frame)",
            execution_count=7,
            outputs=[
                new_output(
                    "execute_result",
                    execution_count=7,
                    data={
                        "text/html": '<table class="chapter-table"><thead><tr><th>Post</th><th>Utfall</th></tr></thead>'
                        "<tbody><tr><td>2019/kostnader_per_kostnadslag.csv:5</td><td>95</td></tr></tbody></table>",
                        "text/plain": "<Styler>",
                    },
                )
            ],
        ),
        new_code_cell(
            "chart()", outputs=[new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"})]
        ),
        new_code_cell("chapter.heading('Utfall')", outputs=[md("## Utfall mot budget")]),
        new_code_cell(
            "widget",
            outputs=[
                new_output(
                    "display_data",
                    data={
                        "application/javascript": "window.JS_OUTPUT = 1",
                        "application/vnd.jupyter.widget-view+json": {"model_id": "abc"},
                    },
                )
            ],
        ),
        new_code_cell(
            "keyfigures.record()",
            outputs=[
                new_output("display_data", data={KEY_FIGURES_MIME: {"chapter": "cost_development", "figures": []}})
            ],
        ),
        new_code_cell("hidden()", metadata={"tags": ["remove-output"]}, outputs=[md("REMOVED_OUTPUT")]),
        new_code_cell("gone()", metadata={"tags": ["remove-cell"]}, outputs=[md("REMOVED_CELL")]),
        new_code_cell(
            "1/0",
            outputs=[
                new_output(
                    "error", ename="ZeroDivisionError", evalue="ERROR_VALUE", traceback=["Traceback ERROR_TRACEBACK"]
                )
            ],
        ),
        new_raw_cell("RAW_CELL_TEXT"),
        new_markdown_cell("Notebook **markdown** text.\n\n## Slutsatser"),
    ]
    return new_notebook(
        cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
    )


def provenance(**changes) -> hx.Provenance:
    values = dict(
        parameters={"year": 2019, "lang": "sv", "raw_dir": "/data/raw"},
        raw_files=[
            {
                "file": "2019/kostnader_per_kostnadslag.csv",
                "table": "costs_by_cost_type",
                "encoding": "cp1252",
                "rows": 6,
                "bytes": 213,
                "sha256": "68350ff0646cf3aef2463e1e2fbe9823c586503a4c3a607d2877ff0970896bf1",
            }
        ],
        version="0.1.0",
        commit="1676b4e",
        generated="2025-11-23T09:22:05+01:00",
        notebook="02_cost_development.ipynb",
        seconds=14.1,
    )
    values.update(changes)
    return hx.Provenance(**values)


def render(nb=None, **kwargs) -> str:
    kwargs.setdefault("title", "Kostnadsutveckling")
    kwargs.setdefault("year", 2019)
    kwargs.setdefault("provenance", provenance())
    return hx.render_chapter(nb if nb is not None else executed_notebook(), **kwargs)


def assert_inert(page: str) -> None:
    """No element that runs code: no <script>, no on* attribute, no javascript: URL."""
    parsed = Page(page)
    assert not parsed.tags("script")
    for tag, attrs in parsed.elements:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        assert not any(v.strip().lower().startswith("javascript:") for v in attrs.values()), (tag, attrs)


@pytest.fixture(scope="module")
def chapter_page() -> str:
    return render()


# --------------------------------------------------------------------------- notebook


def test_prepare_notebook_keeps_only_what_readers_see():
    book = hx.prepare_notebook(executed_notebook())
    sources = "\n".join(c.source for c in book.cells)
    assert "PARAMETER_SOURCE" not in sources and "INJECTED_SOURCE" not in sources
    assert "CELL_WITHOUT_OUTPUT" not in sources  # code cells left without output go
    assert "RAW_CELL_TEXT" not in sources
    outputs = [o for c in book.cells if c.cell_type == "code" for o in c.outputs]
    kinds = {o.output_type for o in outputs}
    assert "error" not in kinds
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert [o.text for o in outputs if o.output_type == "stream"] == ["plain stdout line\n"]
    mimes = {m for o in outputs for m in o.get("data", {})}
    assert not mimes & {"application/javascript", "application/vnd.jupyter.widget-view+json", KEY_FIGURES_MIME}
    shown = str(outputs)
    assert "REMOVED_OUTPUT" not in shown and "REMOVED_CELL" not in shown
    assert any(c.cell_type == "markdown" for c in book.cells)


def test_prepare_notebook_leaves_the_executed_notebook_alone():
    nb = executed_notebook()
    before = nbformat.writes(nb)
    hx.prepare_notebook(nb)
    assert nbformat.writes(nb) == before


def test_chapter_page_has_no_code_prompts_or_hidden_outputs(chapter_page):
    for marker in (
        "PARAMETER_SOURCE",
        "INJECTED_SOURCE",
        "CODE_SOURCE",
        "CELL_WITHOUT_OUTPUT",
        "STDERR_TEXT",
        "ERROR_VALUE",
        "ERROR_TRACEBACK",
        "JS_OUTPUT",
        "REMOVED_OUTPUT",
        "REMOVED_CELL",
        "RAW_CELL_TEXT",
        "chapter.heading",
    ):
        assert marker not in chapter_page, marker
    assert not re.search(r"In\s*(&nbsp;|\s)*\[\s*\d*\s*\]", chapter_page)
    assert not re.search(r"Out\s*(&nbsp;|\s)*\[", chapter_page)
    assert not re.search(
        r'class="[^"]*\b(input_area|input_prompt|output_prompt|jp-InputArea|jp-InputPrompt|jp-OutputPrompt)\b',
        chapter_page,
    )
    assert "plain stdout line" in chapter_page and "-4,8 mnkr" in chapter_page


def test_chapter_page_language_title_and_charts(chapter_page):
    parsed = Page(chapter_page)
    assert parsed.tags("html") == [{"lang": "sv"}]
    assert "Kostnadsutveckling" in parsed.title and "2019" in parsed.title
    images = parsed.tags("img")
    assert images and all(img["src"].startswith("data:image/png;base64,") for img in images)
    assert all(img.get("alt") == "Diagram" for img in images)
    assert [m for m in parsed.tags("meta") if m.get("http-equiv") == "Content-Security-Policy"]


def test_a_chart_keeps_its_own_alternative_text(caplog):
    nb = executed_notebook()
    nb.cells[6].outputs[0]["metadata"] = {"image/png": {"alt": "Avvikelse <per> kostnadslag"}}
    page = render(nb)
    assert [img["alt"] for img in Page(page).tags("img")] == ["Avvikelse <per> kostnadslag"]
    assert 'alt="Avvikelse &lt;per&gt; kostnadslag"' in page
    assert "Alternative text is missing" not in caplog.text


def test_english_chapter_page():
    page = render(lang="en", title="Cost development")
    parsed = Page(page)
    assert parsed.tags("html") == [{"lang": "en"}]
    assert "Cost development" in parsed.title and "2019" in parsed.title
    assert "Sources and provenance" in parsed.text and "Contents" in parsed.text


def test_unknown_language_falls_back_to_swedish():
    assert Page(render(lang="de")).tags("html") == [{"lang": "sv"}]


def test_chapter_title_goes_into_the_header_before_the_contents(chapter_page):
    header = chapter_page[chapter_page.index('<header class="page-header">') : chapter_page.index("</header>")]
    assert "Kostnadsutveckling 2019" in header and "<h1" in header
    assert chapter_page.index("Kostnadsutveckling 2019") < chapter_page.index('class="toc"')
    assert chapter_page.count("<h1") == 1
    body = chapter_page[chapter_page.index("<main") : chapter_page.index("</main>")]
    assert "<h1" not in body


def test_chapter_without_its_own_title_gets_one():
    nb = executed_notebook()
    nb.cells[2].outputs = nb.cells[2].outputs[1:]  # no "# ..." heading
    page = render(nb, title="Kostnadsutveckling")
    assert re.search(r'<h1 class="chapter-title">Kostnadsutveckling</h1>', page)


def test_table_of_contents_links_every_h2_and_h3(chapter_page):
    parsed = Page(chapter_page)
    toc = chapter_page[
        chapter_page.index('<nav class="toc"') : chapter_page.index("</nav>", chapter_page.index('<nav class="toc"'))
    ]
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', toc)
    texts = [html.unescape(t) for _, t in links]
    assert texts == ["Utfall mot budget", "Per kostnadslag", "Utfall mot budget", "Slutsatser"]
    ids = parsed.ids()
    targets = [html.unescape(href) for href, _ in links]
    assert len(set(targets)) == len(targets)
    assert all(ids.count(t) == 1 for t in targets)
    headings = [
        a["id"] for tag, a in parsed.elements if tag in ("h2", "h3") and "provenance-heading" not in a.get("class", "")
    ]
    assert headings == targets
    assert "<ol>" in toc and toc.index("Per kostnadslag") > toc.index("<ol>", toc.index("Utfall mot budget"))


def test_print_stylesheet(chapter_page):
    style = chapter_page[chapter_page.index("<style>") : chapter_page.index("</style>")]
    assert "@media print" in style
    printing = style[style.index("@media print") :]
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", printing)
    assert re.search(r"(table|img)[^{]*\{[^}]*break-inside:\s*avoid", printing)
    assert re.search(r"h2[^{]*\{[^}]*break-after:\s*avoid", printing)
    assert re.search(r"\.breadcrumb[^{]*\{[^}]*display:\s*none", printing)
    assert re.search(r"\.toc\s*\{", printing)
    assert re.search(r"thead\s*\{[^}]*table-header-group", printing)


def test_provenance_footer(chapter_page):
    """The footer says how and from what the chapter was made, in the reader's words: the
    table's title, not its id; the run's choices, not its parameters; no folder of the machine."""
    footer = chapter_page[chapter_page.index('<footer class="provenance">') :]
    text = Page(footer.replace("<wbr>", "")).text
    for expected in (
        "Underlag och spårbarhet",
        "2019/kostnader_per_kostnadslag.csv",
        "Kostnader per kostnadsslag",
        "cp1252",
        "Kontrollsumma (SHA-256)",
        "68350ff0646cf3aef2463e1e2fbe9823c586503a4c3a607d2877ff0970896bf1",
        "0.1.0",
        "1676b4e",
        "2025-11-23 09:22",
        "02_cost_development.ipynb",
        "Val vid körningen språk svenska; år 2019",
        "14,1 s",
    ):
        assert expected in text, expected
    for unwanted in ("costs_by_cost_type", "raw_dir", "/data/raw", "year =", "lang ="):
        assert unwanted not in text, unwanted
    assert 'datetime="2025-11-23T09:22:05+01:00"' in footer


def test_provenance_without_raw_files_says_so():
    page = render(provenance=provenance(raw_files=[]))
    assert "Uppgift om lästa rådatafiler saknas." in page


def test_provenance_values_are_escaped():
    page = render(
        provenance=provenance(
            parameters={"year": 2019, "note": XSS_LABEL},
            raw_files=[
                {
                    "file": XSS_LABEL,
                    "table": "<b>t</b>",
                    "encoding": "utf-8",
                    "rows": 1,
                    "bytes": 2,
                    "sha256": '"><script>alert(1)</script>',
                }
            ],
            commit='<img src=x onerror="alert(1)">',
            notebook="<script>nb</script>.ipynb",
        )
    )
    assert_inert(page)
    page = page.replace("<wbr>", "")
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page
    assert "&lt;b&gt;t&lt;/b&gt;" in page
    text = Page(page).text
    assert "<script>window.__xss=1</script>Övrigt" in text
    assert '<img src=x onerror="alert(1)">' in text


def test_headings_and_titles_from_data_are_escaped():
    from analysis.chapters import common  # common._md_escape: what analysis.chapters.common.heading displays

    nb = executed_notebook()
    nb.cells[4].outputs[0]["data"]["text/markdown"] = f"## {common._md_escape(XSS_LABEL)}"
    page = render(nb, title="<script>t()</script>Titel")
    assert_inert(page)
    parsed = Page(page)
    assert "<script>t()</script>Titel" in parsed.title
    toc = page[page.index('<nav class="toc"') :]
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;Övrigt" in toc


def test_a_notebook_that_displays_raw_html_with_a_script_is_not_exported():
    nb = executed_notebook()
    nb.cells[5].outputs[0]["data"]["text/html"] = '<p>ok</p><img src=x onerror="alert(1)">'
    with pytest.raises(page_checks.ExportError, match="run code"):
        render(nb)
    nb.cells[5].outputs[0]["data"]["text/html"] = "<script>alert(1)</script>"
    with pytest.raises(page_checks.ExportError, match="run code"):
        render(nb)


def test_a_notebook_output_that_loads_from_the_web_is_not_exported():
    nb = executed_notebook()
    nb.cells[5].outputs[0]["data"]["text/html"] = '<img src="https://cdn.example.org/chart.png">'
    with pytest.raises(page_checks.ExportError, match="network"):
        render(nb)


def test_links_to_web_sites_become_plain_text_with_the_address():
    nb = executed_notebook()
    nb.cells[5].outputs[0]["data"]["text/html"] = '<p>Se <a href="https://intra.example.se/x">intranätet</a>.</p>'
    page = render(nb)
    assert 'data-url="https://intra.example.se/x"' in page
    assert 'href="https://' not in page
    assert page_checks.offline_problems(page) == []


# --------------------------------------------------------------------------- offline checks


@pytest.mark.parametrize(
    "snippet",
    [
        '<img src="http://example.org/a.png">',
        '<img src="//cdn.example.org/a.png">',
        '<script src="https://cdn.jsdelivr.net/npm/x.js"></script>',
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">',
        '<link rel="icon" href="file:///etc/icon.png">',
        '<div style="background: url(http://example.org/bg.png)">x</div>',
        "<div style=\"background-image:url('https://example.org/bg.png')\">x</div>",
        '<style>@import url("https://example.org/x.css");</style>',
        "<style>@import 'x.css';</style>",
        "<style>@font-face { font-family: F; src: url(https://fonts.example.org/f.woff2); }</style>",
        '<img srcset="data:image/png;base64,AAAA 1x, https://example.org/b.png 2x">',
        '<iframe src="https://example.org/"></iframe>',
        '<object data="http://example.org/x.svg"></object>',
        '<svg><image href="https://example.org/i.png"/></svg>',
        '<video poster="http://example.org/p.jpg"></video>',
        '<meta http-equiv="refresh" content="0; url=https://example.org/">',
        '<base href="https://example.org/">',
        '<a href="https://example.org/">web</a>',
    ],
)
def test_offline_problems_finds_network_resources(snippet):
    assert page_checks.offline_problems(f"<html><body>{snippet}</body></html>")


@pytest.mark.parametrize(
    "snippet",
    [
        f'<img src="data:image/png;base64,{PNG}">',
        '<a href="#Utfall">Utfall</a>',
        '<a href="index.html">Alla kapitel</a>',
        '<a href="../index.html">Alla år</a>',
        '<a href="mailto:ekonomi@example.se">ekonomi</a>',
        "<style>td { color: #333; } .x { background: url(data:image/png;base64,AAAA); }</style>",
        "<p>Se https://example.org/ för mer (bara text)</p>",
    ],
)
def test_offline_problems_accepts_local_content(snippet):
    assert page_checks.offline_problems(f"<html><body>{snippet}</body></html>") == []


def test_unlink_external_keeps_text_and_address():
    page = (
        '<p><a href="https://example.org/a?b=1&amp;c=2" title="t">extern</a> och '
        '<a href="index.html">lokal</a> och <a href="http://x.example/">andra</a></p>'
    )
    fixed = page_checks.unlink_external(page)
    assert page_checks.offline_problems(fixed) == []
    assert 'data-url="https://example.org/a?b=1&amp;c=2"' in fixed and ">extern</a>" in fixed
    assert 'data-url="http://x.example/"' in fixed
    assert '<a href="index.html">lokal</a>' in fixed


def test_unlink_external_neutralises_javascript_links():
    fixed = page_checks.unlink_external('<a href="javascript:alert(1)">x</a>')
    assert "href=" not in fixed and page_checks.offline_problems(fixed) == []


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<img src="data:image/png;base64,AAAA" onerror="alert(1)">',
        "<p onclick='x()'>p</p>",
        "<svg onload=alert(1)></svg>",
        '<iframe srcdoc="<p>x</p>"></iframe>',
        '<embed src="data:application/pdf;base64,AAAA">',
        '<img src="javascript:alert(1)">',
    ],
)
def test_active_content_finds_code(snippet):
    assert page_checks.active_content(f"<html><body>{snippet}</body></html>")


def test_active_content_accepts_escaped_text():
    escaped = html.escape(XSS_LABEL)
    assert page_checks.active_content(f"<table><tr><td>{escaped}</td></tr></table><p>{escaped}</p>") == []


# --------------------------------------------------------------------------- headings


def test_number_headings_gives_unique_ids_and_lists_h2_h3():
    body = (
        "<h1>Titel</h1><h2>Utfall</h2><h3>Del</h3><h2>Utfall</h2><h4>Fyra</h4>"
        '<h2 id="Utfall">Utfall<a class="anchor-link" href="#Utfall">¶</a></h2>'
        "<h3>Del</h3><h2>  </h2><h2>Åäö &amp; &lt;b&gt;</h2>"
    )
    fixed, headings = hx.number_headings(body)
    ids = re.findall(r'<h\d[^>]*\bid="([^"]+)"', fixed)
    assert len(ids) == 9 and len(set(ids)) == 9
    assert [(h.level, h.text) for h in headings] == [
        (2, "Utfall"),
        (3, "Del"),
        (2, "Utfall"),
        (2, "Utfall"),
        (3, "Del"),
        (2, "Åäö & <b>"),
    ]
    assert [h.id for h in headings] == [i for i in ids if i in {h.id for h in headings}]
    # a heading whose id changed keeps a working anchor link
    changed = re.search(r'<h2 id="(Utfall-\d)">Utfall<a class="anchor-link" href="#([^"]+)">', fixed)
    assert changed and changed.group(1) == changed.group(2)


def test_number_headings_is_stable_when_run_twice():
    once, first = hx.number_headings("<h2>A</h2><h2>A</h2><h3>B</h3>")
    twice, second = hx.number_headings(once)
    assert once == twice and first == second


def test_toc_tree_nests_h3_under_h2():
    headings = [hx.Heading(3, "a", "A"), hx.Heading(2, "b", "B"), hx.Heading(3, "c", "C"), hx.Heading(2, "d", "D")]
    tree = hx.toc_tree(headings)
    assert [e["id"] for e in tree] == ["a", "b", "d"]
    assert [c["id"] for c in tree[1]["children"]] == ["c"]


def test_split_title_takes_only_a_leading_h1():
    body, title = hx.split_title('<div><h1 id="t">Titel</h1></div><h2>A</h2><h1>Senare</h1>')
    assert title == '<h1 id="t">Titel</h1>' and body == "<div></div><h2>A</h2><h1>Senare</h1>"
    body, title = hx.split_title("<h2>A</h2><h1>Senare</h1>")
    assert title is None and body == "<h2>A</h2><h1>Senare</h1>"


def test_soft_breaks_only_in_cell_text():
    page = (
        "<style>#T_abc_row0_col0, #T_abc_row0_col1 { color: red }</style>"
        '<table><tr><th class="col_heading_level0">kostnader_per_kostnadslag</th>'
        '<td id="T_abc_row0_col0">2019/kostnader_per_kostnadslag.csv:5</td><td>kort_ord</td>'
        "<td>a &amp; b/very_long_identifier_x</td></tr></table><p>2019/kostnader_per_kostnadslag.csv</p>"
    )
    fixed = hx.soft_breaks(page)
    assert fixed.startswith("<style>#T_abc_row0_col0, #T_abc_row0_col1 { color: red }</style>")
    assert '<td id="T_abc_row0_col0">2019/<wbr>kostnader_<wbr>per_<wbr>kostnadslag.csv:5</td>' in fixed
    assert '<th class="col_heading_level0">kostnader_<wbr>per_<wbr>kostnadslag</th>' in fixed
    assert "<td>kort_ord</td>" in fixed
    assert "a &amp; b/<wbr>very_<wbr>long_<wbr>identifier_<wbr>x" in fixed
    assert fixed.endswith("<p>2019/kostnader_per_kostnadslag.csv</p>")
    assert "".join(Page(fixed).text_parts) == "".join(Page(page).text_parts)


# --------------------------------------------------------------------------- indexes


def entry(**changes) -> dict:
    values = {
        "number": 2,
        "name": "cost_development",
        "title": "Kostnadsutveckling",
        "status": "ok",
        "href": "cost_development.html",
        "generated": "2025-11-23T09:22:05+01:00",
        "seconds": 12.0,
        "figures": [{"label": "Resultat", "text": "-4,8\u00a0mnkr"}],
        "error": None,
        "previous": None,
    }
    values.update(changes)
    return values


FAILED = entry(
    number=3,
    name="mt_maintenance_growth",
    title="MT-underhållets tillväxt",
    status="failed",
    href="mt_maintenance_growth.html",
    figures=[],
    error={
        "kind": "cell_error",
        "message": "KeyError: 'MT service och underhåll'",
        "cell_index": 4,
        "cell_count": 12,
        "first_line": "mt.load(ctx['year'])",
    },
    previous="2025-11-20T08:00:00+01:00",
)


def test_year_index_lists_chapters_with_status_and_key_figures():
    page = index_pages.render_year_index(2019, [entry(), FAILED], generated="2025-11-23T10:00:00+01:00")
    parsed = Page(page)
    assert parsed.tags("html") == [{"lang": "sv"}]
    assert "2019" in parsed.title
    hrefs = [a["href"] for a in parsed.tags("a")]
    assert hrefs == ["#main", "../index.html", "cost_development.html", "mt_maintenance_growth.html"]
    text = parsed.text
    assert "1 av 2 kapitel klara" in text
    assert "Resultat -4,8\u00a0mnkr" in text and "klar" in text


def test_year_index_shows_a_failed_chapter_with_its_cell_and_message():
    page = index_pages.render_year_index(2019, [entry(), FAILED])
    row = page[page.index('id="chapter-mt_maintenance_growth"') :]
    row = row[: row.index("</tbody>")]
    text = Page(row).text
    assert "misslyckades" in text
    assert "Fel i cell 5 av 12" in text
    assert "mt.load(ctx['year'])" in text
    assert "KeyError: 'MT service och underhåll'" in text
    assert "Föregående version från 2025-11-20 08:00 visas fortfarande." in text
    assert 'class="badge badge-failed"' in row


def test_year_index_failure_without_a_cell_and_without_a_page():
    failed = entry(
        status="failed",
        href=None,
        figures=[],
        previous=None,
        error={
            "kind": "kernel_start",
            "message": "NoSuchKernel: python3",
            "cell_index": None,
            "cell_count": None,
            "first_line": "",
        },
    )
    skipped = entry(
        number=4,
        name="investment_pace",
        title="Investeringstakt",
        status="skipped",
        href=None,
        figures=[],
        error={"message": "not run: the cleaning chapter failed"},
    )
    text = Page(
        index_pages.render_year_index(
            2019, [failed, skipped, entry(number=5, name="x", title="X", status="missing", href=None)]
        )
    ).text
    assert "NoSuchKernel: python3" in text and "Fel i cell" not in text
    assert "Ingen tidigare version finns." in text
    assert "hoppades över" in text and "inte byggd" in text


def test_year_index_in_english():
    page = index_pages.render_year_index(2019, [entry(title="Cost development"), FAILED], lang="en")
    text = Page(page).text
    assert Page(page).tags("html") == [{"lang": "en"}]
    assert "Error in cell 5 of 12" in text and "failed" in text and "1 of 2 chapters done" in text


def test_index_labels_and_messages_are_escaped():
    hostile = entry(
        title=XSS_LABEL, figures=[{"label": XSS_LABEL, "text": "<b>1</b>"}], href='x.html" onmouseover="alert(1)'
    )
    failed = dict(
        FAILED, error=dict(FAILED["error"], message=f"ValueError: {XSS_LABEL}", first_line="<script>cell()</script>")
    )
    page = index_pages.render_year_index(2019, [hostile, failed])
    assert_inert(page)
    assert page.count("&lt;script&gt;window.__xss=1&lt;/script&gt;") == 3
    assert "&lt;b&gt;1&lt;/b&gt;" in page and "&lt;script&gt;cell()&lt;/script&gt;" in page
    root = index_pages.render_root_index(
        [
            {
                "year": "<script>y()</script>",
                "href": "2019/index.html",
                "ok": 1,
                "total": 2,
                "failed": 1,
                "generated": None,
            }
        ]
    )
    assert_inert(root)
    assert "&lt;script&gt;y()&lt;/script&gt;" in root


def test_root_index_links_every_year():
    years = [
        {
            "year": 2017,
            "href": "2017/index.html",
            "ok": 4,
            "total": 4,
            "failed": 0,
            "generated": "2025-11-23T09:00:00+01:00",
        },
        {"year": 2019, "href": "2019/index.html", "ok": 3, "total": 4, "failed": 1, "generated": None},
    ]
    page = index_pages.render_root_index(years)
    parsed = Page(page)
    assert [a["href"] for a in parsed.tags("a")] == ["#main", "2017/index.html", "2019/index.html"]
    assert "4 av 4 kapitel klara" in parsed.text and "3 av 4 kapitel klara 1 misslyckades" in parsed.text
    assert parsed.tags("html") == [{"lang": "sv"}] and page_checks.offline_problems(page) == []


def test_format_figure():
    assert index_pages.format_figure({"value": -4.8, "unit": "MSEK"}) == "-4,8\u00a0mnkr"
    assert index_pages.format_figure({"value": None, "unit": "MSEK"}) == "–"
    assert index_pages.format_figure({"value": float("nan"), "unit": "percent"}) == "–"
    assert index_pages.format_figure({"value": "cost_type", "unit": ""}) == "cost_type"
    assert index_pages.format_figure({"value": 12, "unit": "ärenden"}) == "12\u00a0ärenden"


# --------------------------------------------------------------------------- writing


def test_write_chapter_publishes_readable_page_atomically(tmp_path):
    target = tmp_path / "2019" / "cost_development.html"
    hx.write_chapter(executed_notebook(), target, title="Kostnadsutveckling", year=2019, provenance=provenance())
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    assert sorted(p.name for p in target.parent.iterdir()) == ["cost_development.html"]


def test_write_chapter_keeps_the_old_page_when_export_fails(tmp_path):
    target = tmp_path / "cost_development.html"
    target.write_text("OLD PAGE", encoding="utf-8")
    nb = executed_notebook()
    nb.cells[5].outputs[0]["data"]["text/html"] = "<script>alert(1)</script>"
    with pytest.raises(page_checks.ExportError):
        hx.write_chapter(nb, target, title="Kostnadsutveckling", year=2019)
    assert target.read_text(encoding="utf-8") == "OLD PAGE"
    assert [p.name for p in tmp_path.iterdir()] == ["cost_development.html"]


# --------------------------------------------------------------------------- end to end

_XSS_BUILD: dict[str, object] = {}


def build_with_hostile_label(tmp_path_factory):
    """The 2019 chapters built by the batch from a copy of the shipped raw data whose
    costs-by-cost-type export labels a row ``XSS_LABEL``. Built once per session (the
    browser tests use the same build): returns (reports folder, results)."""
    if not _XSS_BUILD:
        from analysis.publishing.batch.build import run_batch

        from conftest import copy_shipped_raw

        root = tmp_path_factory.mktemp("xss")
        raw = copy_shipped_raw(root / "raw")
        export = raw / "2019" / "kostnader_per_kostnadslag.csv"
        text = export.read_bytes().decode("cp1252")
        assert "\nPC-utrullning;" in text
        export.write_bytes(text.replace("\nPC-utrullning;", f"\n{XSS_LABEL};").encode("cp1252"))
        results = run_batch(years=[2019], raw_dir=raw, processed_dir=root / "processed", reports_dir=root / "reports")
        _XSS_BUILD.update(reports=root / "reports", results=results)
    return _XSS_BUILD["reports"], _XSS_BUILD["results"]


@pytest.mark.notebooks
def test_hostile_label_in_a_raw_export_shows_as_plain_text(tmp_path_factory):
    reports, results = build_with_hostile_label(tmp_path_factory)
    assert [r.status for r in results] == ["ok"] * len(results), [(r.chapter, r.error) for r in results]
    shown_in = []
    for page_path in sorted((reports / "2019").glob("*.html")):
        page = page_path.read_text(encoding="utf-8")
        assert_inert(page)
        assert page_checks.offline_problems(page) == []
        page = page.replace("<wbr>", "")  # soft line breaks in long table words
        if "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page:
            shown_in.append(page_path.name)
            assert "<script>window.__xss" not in page
            assert re.search(
                r"<t([dh])[^>]*>&lt;script&gt;window.__xss=1&lt;/script&gt;Övrigt "
                r"&lt;img src=x onerror=(&quot;|\")window.__xss=2(&quot;|\")&gt;</t\1>",
                page,
            )
    # the cost table (Styler) and the MT chapter's sentences (chapter.paragraph) both show it
    assert "cost_development.html" in shown_in and "mt_maintenance_growth.html" in shown_in
    mt = Page((reports / "2019" / "mt_maintenance_growth.html").read_text(encoding="utf-8")).text
    assert re.search(r"och <script>window.__xss=1</script>Övrigt <img src=x onerror=\"window.__xss=2\"> anger", mt)


def test_tables_get_labelled_scroll_regions_and_scoped_headers():
    from analysis.publishing.pages import accessible

    body = (
        '<h2 id="a">Kostnader</h2><table class="chapter-table"><thead><tr><th>Post</th><th>Utfall</th></tr></thead>'
        '<tbody><tr><td id="r0">Personal &amp; övrigt</td><td>95</td></tr></tbody></table>'
        "<table><caption>Andra</caption><tbody><tr><th>x</th><td>1</td></tr></tbody></table>"
        "<h3>Kostnader</h3><table><tbody><tr><td>y</td></tr></tbody></table>"
    )
    out = accessible.accessible_body(body, "Tabell")
    assert out.count('role="region" tabindex="0"') == 3
    assert 'aria-label="Kostnader"' in out and 'aria-label="Andra"' in out and 'aria-label="Kostnader (2)"' in out
    assert '<th scope="col">Post</th>' in out and '<th scope="row" id="r0">Personal &amp; övrigt</th>' in out
    assert '<th scope="row">x</th><td>1</td>' in out


def test_chart_values_become_an_escaped_table_under_the_chart():

    values = {"summary": "Värden", "caption": "<b>T</b>", "columns": ["År", "mnkr"], "rows": [["2019", "1,5"]]}
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                outputs=[
                    nbformat.v4.new_output(
                        "display_data", data={"image/png": "iVBORw0KGgo=", CHART_VALUES_MIME: values}
                    )
                ]
            )
        ]
    )
    body = hx.notebook_body(nb, image_alt="Diagram")
    assert body.index("<img") < body.index('<details class="chart-values">')
    assert "&lt;b&gt;T&lt;/b&gt;" in body and '<th scope="row">2019</th><td class="num">1,5</td>' in body

"""The year's document (``reports/<year>/arsrapport.html``) and its PDF, made by the
batch's hook (:mod:`analysis.publishing.downloads.publish`) from the built chapters: a
document for the board (issue 28, point 1), read as the board reads it.

The PDF is read with pypdf: its outline (one entry per chapter and section, in the print's
order), the page numbers of its contents (each the page its entry's heading is on), where
the text of table cells begins (a text column left-aligned), its fonts, and how full its
pages are.
"""

from __future__ import annotations

import html
import re
import shutil
import time
import unicodedata

import pytest

from analysis.texts import t

pypdf = pytest.importorskip("pypdf", reason="pypdf is a test dependency (requirements.lock)")

from analysis.publishing.batch.notebooks import discover_chapters  # noqa: E402
from analysis.publishing.downloads import publish as downloads  # noqa: E402
from analysis.publishing.pages import page_checks  # noqa: E402

#: The chapters in the printed report's order, then the appendices (titles as the PDF's outline gives them).
PRINT_ORDER = [
    "1 Sammanfattning 2019",
    "2 Styrkort och måluppfyllelse 2019",
    "3 MT-underhållets tillväxt 2019",
    "4 Medarbetare 2019",
    "5 Kostnadsutveckling 2019",
    "6 Investeringstakt mot plan 2019",
    "7 Uppdrag och internkontroll 2019",
    "Bilaga A Datakvalitet 2019",
    "Bilaga B Uppgifter som saknas",
    "Bilaga C Underlag och spårbarhet",
]


@pytest.fixture(scope="module")
def published(built_reports, tmp_path_factory):
    reports = tmp_path_factory.mktemp("doc") / "reports"
    shutil.copytree(built_reports.reports, reports)
    chromium = shutil.which("chromium")
    started = time.perf_counter()
    downloads.publish(reports, discover_chapters(), [2019], pdf=bool(chromium))
    return reports, time.perf_counter() - started, chromium


@pytest.fixture(scope="module")
def pdf(published):
    reports, _seconds, chromium = published
    if not chromium:
        pytest.skip("no Chromium: no PDF")
    return pypdf.PdfReader(reports / "2019" / "arsrapport.pdf")


def words(text: str) -> str:
    """Text as extracted, ligatures (ﬀ, ﬁ) as letters and every run of spaces one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def heading(title: str) -> str:
    """An outline entry's title as its heading reads (Chromium repeats the words after the
    number of one heading of 2019: '4.4 Övertid och extratid Övertid och extratid')."""
    number, _, rest = words(title).partition(" ")
    half = rest.split()
    if len(half) % 2 == 0 and half[: len(half) // 2] == half[len(half) // 2 :]:
        rest = " ".join(half[: len(half) // 2])
    return f"{number} {rest}".strip()


def outline(reader, items=None, depth=0) -> list[tuple[int, str, int]]:
    """(depth, title, page from 1) of every outline entry, in order."""
    out = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            out += outline(reader, item, depth + 1)
        else:
            out.append((depth, heading(item.title), reader.get_destination_page_number(item) + 1))
    return out


def test_document_has_every_chapter_in_the_prints_order_once(published):
    reports, _seconds, _chromium = published
    page = (reports / "2019" / "arsrapport.html").read_text(encoding="utf-8")
    assert page_checks.offline_problems(page) == [] and page_checks.active_content(page) == []
    titles = [
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", t)).split())
        for t in re.findall(r'<h1 class="chapter-title" id="[^"]+">(.*?)</h1>', page, re.S)
    ]
    assert titles == PRINT_ORDER
    assert page.count('class="toc document-toc"') == 1 and page.count('id="provenance"') == 1
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert len(ids) == len(set(ids))
    for anchor in re.findall(r'href="#([^"]+)"', page):
        assert anchor in ids, anchor
    assert (reports / "2019" / "cost_development.xlsx").exists() and (reports / "nyckeltal.csv").exists()


def test_the_cover_names_region_division_and_the_reports_title(published):
    reports, _seconds, _chromium = published
    page = (reports / "2019" / "arsrapport.html").read_text(encoding="utf-8")
    cover = " ".join(re.sub(r"<[^>]+>", " ", page.split('<header class="cover">')[1].split("</header>")[0]).split())
    assert "Region Norrbotten" in cover and "Division Länsteknik" in cover
    assert "Årsrapport division Länsteknik 2019" in cover and "Skapad" not in cover
    assert "<title>Årsrapport division Länsteknik 2019</title>" in page


def test_a_section_without_data_is_a_line_of_the_appendix_not_a_heading(published):
    """The sections of 2019 whose only content is the one-line note that their data are
    missing: none is a heading in a chapter or in the contents, each is a line in appendix B."""
    reports, _seconds, _chromium = published
    page = (reports / "2019" / "arsrapport.html").read_text(encoding="utf-8")
    main, appendix = page.split('<section class="report-chapter appendix missing-appendix"')
    headings = list(re.finditer(r"<h([2-4])\b[^>]*>.*?</h\1>", main, re.S))
    for here, after in zip(headings, [*headings[1:], None]):
        between = main[here.end() : after.start() if after else len(main)]
        rest = re.sub(r'<p class="note missing">.*?</p>|<style\b.*?</style>|<[^>]+>', "", between, flags=re.S)
        assert rest.strip() or "<table" in between or "<img" in between, here.group(0)[:120]
    lines = re.findall(r"<li><span class=\"missing-chapter\">(.*?)</span>(.*?)</li>", appendix, re.S)
    assert len(lines) >= 6
    assert any("Kostnadsutveckling" in chapter and "per verksamhetsområde" in note for chapter, note in lines)
    toc = page.split('<nav class="toc document-toc"')[1].split("</nav>")[0]
    assert "Utfall mot budget per verksamhetsområde" not in toc and "Avvikelse per månad" not in toc


def test_pdf_outline_follows_the_print_and_the_contents_give_each_page(pdf):
    entries = outline(pdf)
    top = [title for depth, title, _page in entries if depth == 0][1:]  # after the cover's title
    assert top == PRINT_ORDER
    first = entries[1][2]  # the first chapter's page: the contents are the pages between
    contents = words(" ".join(pdf.pages[n].extract_text() for n in range(1, first - 1)))
    assert contents.count("Innehåll") == 1 and first == 3  # the contents on one page (two before, without numbers)
    listed = 0
    for depth, title, page in entries[1:]:
        if depth > 1:
            continue  # the contents go to the depth of the chapters' sections (h1, h2)
        # every chapter and section is in the contents, followed by the page its heading is on
        assert re.search(re.escape(title) + rf" {page}(?!\d)", contents), (title, page)
        listed += 1
    assert listed == len([e for e in entries[1:] if e[0] <= 1]) >= 45
    assert "Skapad" not in words(pdf.pages[0].extract_text())
    assert len(pdf.pages) <= 30  # 31 pages before issue 28


def test_pdf_is_tagged_a4_with_the_cover_first(pdf, published):
    _reports, seconds, _chromium = published
    assert seconds < 15  # workbooks, HTML and two prints of the year
    root = pdf.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"] and root["/Lang"] == "sv"
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (596, 843)  # A4
    cover = words(pdf.pages[0].extract_text())
    assert "Region Norrbotten" in cover and "Årsrapport division Länsteknik 2019" in cover
    assert "/" not in cover  # no page number on the cover
    assert re.search(r"\b2 / \d+\b", words(pdf.pages[1].extract_text()))


def columns(reader, pattern: str) -> list[list[tuple[float, str]]]:
    """The text runs matching ``pattern`` (cells of one column), grouped by table: runs on
    one page at most 40 pt below the one before. Each as (x where it begins, text)."""
    groups: list[list[tuple[float, str]]] = []
    wanted = re.compile(pattern)
    for page in reader.pages:
        found: list[tuple[float, float, str]] = []

        def visit(text, cm, tm, _font, _size, found=found):
            if wanted.search(text.strip()):
                found.append((cm[5] + tm[5] * cm[3], round(cm[4] + tm[4] * cm[0], 1), text.strip()))

        page.extract_text(visitor_text=visit)
        last = None
        for y, x, text in sorted(found, reverse=True):
            if last is None or last - y > 40:
                groups.append([])
            groups[-1].append((x, text))
            last = y
    return groups


def test_pdf_text_cells_are_left_aligned(pdf):
    """A text column begins its cells at one x: the scorecard's sources (right-aligned before,
    and cut: 'styrkor t.csv:2') and the cost page's sections of the printed report."""
    for pattern, cells in ((r"^(2019/)?styrkort\.csv:\d+$", 20), (r"^Ekonomi – ", 3)):
        groups = columns(pdf, pattern)
        assert max(len(group) for group in groups) >= 3 and sum(len(g) for g in groups) >= cells, groups
        for group in groups:
            assert len({x for x, _text in group}) == 1, group


def test_pdf_words_are_whole_and_no_widget_is_printed(pdf, published):
    reports, _seconds, _chromium = published
    text = words("\n".join(page.extract_text() for page in pdf.pages))
    page = (reports / "2019" / "arsrapport.html").read_text(encoding="utf-8")
    cells = re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", page, re.S)
    cell_text = " ".join(html.unescape(re.sub(r"<[^>]+>", "", c)) for c in cells)
    long_words = set(re.findall(r"[A-Za-zÅÄÖåäöé]{10,}", cell_text))
    assert len(long_words) > 100
    assert sorted(w for w in long_words if w not in text) == []  # "säkerhetskul tur" before
    assert "Diagrammets värden som tabell" not in text and "▼" not in text
    assert "Avvikelse mot budget per kostnadsslag 2019" in text  # the chart's values, printed open


def test_pdf_has_one_font(pdf):
    families = set()
    for page in pdf.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            name = str(font.get_object()["/BaseFont"]).split("+")[-1]
            families.add(re.sub(r"[-,](Bold|Italic|Oblique|BoldItalic|BoldOblique)$", "", name))
    assert len(families) == 1, families  # page numbers and code too (LiberationSerif, LiberationMono before)


def content_bottom(page) -> float:
    """How far down the page its lowest text or picture reaches, as a share of the page."""
    height = float(page.mediabox.height)
    lowest = [height]

    def text(t, cm, tm, _font, _size):
        if t.strip():
            lowest.append(cm[5] + tm[5] * cm[3])

    def operator(op, args, cm, _tm):
        if op == b"Do":
            lowest.append(cm[5])

    page.extract_text(visitor_text=text, visitor_operand_before=operator)
    footer = 18 / 25.4 * 72  # the bottom margin, with the page number in it
    return 1 - (min(y for y in lowest if y > footer) if any(y > footer for y in lowest) else height) / height


def test_no_page_is_left_half_empty_inside_a_chapter(pdf):
    """A page is half empty only where a chapter ends (the next begins on a new page)."""
    starts = {page for depth, _title, page in outline(pdf) if depth == 0}
    half_empty = [
        n + 1 for n, page in enumerate(pdf.pages[:-1]) if n + 2 not in starts and n > 1 and content_bottom(page) < 0.5
    ]
    assert half_empty == []


def test_provenance_only_in_the_appendix(pdf, published):
    reports, _seconds, _chromium = published
    pages = {title: page for _depth, title, page in outline(pdf)}
    appendices, appendix = pages["Bilaga A Datakvalitet 2019"], pages[PRINT_ORDER[-1]]
    for number, page in enumerate(pdf.pages, start=1):
        text = words(page.extract_text())
        assert str(reports.parent) not in text
        if number < appendices:  # the chapters say nothing of notebooks, run times, checksums
            assert ".ipynb" not in text and "SHA-256" not in text and "körtid" not in text, number
    last = words("".join(p.extract_text() for p in pdf.pages[appendix - 1 :]))
    assert "02_cost_development.ipynb" in last and "Kontrollsumma (SHA-256)" in last
    assert "språk svenska" in last and "Internkontroll: kontrollaktiviteter" in last


def test_an_unchanged_year_writes_nothing(published):
    reports, _seconds, _chromium = published
    before = {p: p.stat().st_mtime_ns for p in reports.rglob("*") if p.is_file()}
    downloads.publish(reports, discover_chapters(), [2019], pdf=True)
    assert {p: p.stat().st_mtime_ns for p in reports.rglob("*") if p.is_file()} == before


def test_without_chromium_one_line_says_how_and_the_rest_builds(built_reports, tmp_path, monkeypatch, capsys):
    from analysis.publishing.downloads import pdf

    reports = tmp_path / "reports"
    shutil.copytree(built_reports.reports, reports)
    for old in reports.glob("*/arsrapport.*"):
        old.unlink()
    monkeypatch.setattr(pdf, "chromium", lambda: None)
    downloads.publish(reports, discover_chapters(), [2017, 2019], pdf=True)
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and "apt-get install chromium" in lines[0]
    assert (reports / "2019" / "arsrapport.html").exists() and (reports / "2017" / "arsrapport.html").exists()
    assert not list(reports.glob("*/arsrapport.pdf"))


def test_key_figures_of_all_years_in_one_download(published):
    import csv
    import json

    from openpyxl import load_workbook

    reports, _seconds, _chromium = published
    with open(reports / "nyckeltal.csv", encoding="utf-8-sig") as handle:  # a BOM: Swedish Excel reads it
        rows = list(csv.DictReader(handle, delimiter=";"))
    col = {name: t(f"download.col.{name}", "sv") for name in ("year", "chapter", "key", "value", "full_value")}
    col |= {"kind": t("download.col.kind", "sv"), "source": t("download.col.source", "sv")}
    assert {r[col["year"]] for r in rows} == {"2017", "2019"}
    assert all(r[col["kind"]] in ("härlett", "rapporterat") and r[col["source"]] and r[col["chapter"]] for r in rows)
    result = {r[col["year"]]: r for r in rows if r[col["key"]] == "result_msek"}
    stamp = json.loads((reports / "2019" / "executed" / "02_cost_development.stamp.json").read_text(encoding="utf-8"))
    recorded = {f["key"]: f["value"] for f in stamp["key_figures"]["figures"]}
    assert float(result["2019"][col["full_value"]].replace(",", ".")) == recorded["result_msek"]
    assert result["2019"][col["value"]] == "-4,8"
    assert result["2019"][col["source"]].startswith("2019/nyckeltal.csv:")
    sheet = load_workbook(reports / "nyckeltal.xlsx").active
    assert sheet.max_row == len(rows) + 1
    values = {(c[0].value, c[2].value): c[4].value for c in sheet.iter_rows(min_row=2)}
    assert values[(2019, "result_msek")] == recorded["result_msek"]

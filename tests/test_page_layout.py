"""The page's layout from its parts, on small inputs (issue 28, points 1, 2 and 5): a
section whose data the year lacks (:mod:`analysis.publishing.pages.sections`), the columns
of numbers and the charts' narrowest width (:mod:`.table_cells`), the run's provenance in
words (:mod:`.provenance`)."""

from __future__ import annotations

import base64
import re
import struct
import zlib
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from analysis.publishing.pages import document, html_export, provenance, sections, table_cells

NOTE = '<p class="note missing">Uppgift saknas för 2019: avvikelse per månad.</p>'


def body(*parts: str) -> str:
    return "\n".join(f'<div class="output_area"><div class="output_subarea">{p}</div></div>' for p in parts)


def test_a_section_of_only_its_missing_note_is_taken_out():
    page = body(
        '<h2 id="a">A</h2>',
        "<p>Text.</p>",
        '<h2 id="b">Månad</h2>',
        NOTE,
        '<h2 id="c">Över åren</h2>',
        "<p>Inledning.</p>",
        '<h3 id="c1">Per år</h3>',
        NOTE.replace("avvikelse per månad", "per år"),
        '<h3 id="c2">Tabell</h3>',
        NOTE.replace("avvikelse per månad", "förändring"),
        "<table><tr><td>1</td></tr></table>",
        '<h2 id="d">Utan text</h2>',
        '<style>#T_1 td { color: red }</style><h3 id="d1">Del</h3>',
        NOTE.replace("avvikelse per månad", "del"),
    )
    out, notes, removed = sections.missing_sections(page)
    assert removed == {"b", "c1", "d", "d1"}
    assert [re.sub(r"<[^>]+>", "", n) for n in notes] == [
        "Uppgift saknas för 2019: avvikelse per månad.",
        "Uppgift saknas för 2019: per år.",
        "Uppgift saknas för 2019: del.",
    ]
    assert re.findall(r'<h\d id="([^"]+)"', out) == ["a", "c", "c2"]
    assert "förändring" in out  # a section with a table keeps its note where it is
    assert out.count("<div") == out.count("</div>") == page.count("<div")  # every element still closes


def test_the_list_of_missing_sections_goes_to_the_pages_end_and_out_of_its_contents():
    nb = new_notebook(
        cells=[
            new_markdown_cell("# Kostnader"),
            new_markdown_cell("## Utfall\n\nText om utfallet."),
            new_markdown_cell("## Per månad"),
            new_code_cell("", outputs=[new_output("display_data", data={"text/html": NOTE})]),
        ]
    )
    page = html_export.render_chapter(nb, title="Kostnader", year=2019)
    main = page.split("<main")[1].split("</main>")[0]
    toc = page.split('<nav class="toc"')[1].split("</nav>")[0]
    assert "Per månad" not in page and "Per månad" not in toc and "Utfall" in toc
    listed = main.split('<section class="missing-sections"')[1]
    assert "Uppgifter som saknas för 2019" in listed and "avvikelse per månad" in listed
    assert main.rstrip().endswith("</section>")
    rest, lines = sections.take_list(main)
    assert lines == ["Uppgift saknas för 2019: avvikelse per månad."] and "missing-sections" not in rest


@pytest.mark.parametrize(
    "text", ["95", "-5 †", "+13", "43,6", "-4,8\xa0mnkr", "+42 %", "3\xa0128\xa0h", "9,60 (6,85–13,46)", "−2,6", "2019"]
)
def test_numbers_as_the_pages_print_them(text):
    assert table_cells.is_number(text)


@pytest.mark.parametrize("text", ["2019/styrkort.csv:2", "Personalkostnader", "utf-8", "Resultat 0", "1798d2f5…", "–"])
def test_text_is_no_number(text):
    assert not table_cells.is_number(text)


def test_columns_of_numbers_are_marked_and_long_tables_may_break():
    rows = "".join(f"<tr><th>Post {i}</th><td>{i},5</td><td>Ekonomi {i}</td><td>–</td></tr>" for i in range(13))
    head = "<thead><tr><th>Post</th><th>Utfall</th><th>Avsnitt</th><th>Not</th></tr></thead>"
    table = f"<table>{head}<tbody>{rows}</tbody></table>"
    out = table_cells.lay_out_tables(table)
    assert '<table class="long-table">' in out
    assert '<th class="num">Utfall</th>' in out and "<th>Avsnitt</th>" in out and "<th>Not</th>" in out
    assert out.count('<td class="num">') == 13 and "<td>Ekonomi 0</td>" in out
    short = table_cells.lay_out_tables(table.replace(rows, rows[: rows.index("<tr>", 10)]))
    assert "long-table" not in short


def png(width: int, dpi: float) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    per_metre = round(dpi / 0.0254)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, 1, 8, 0, 0, 0, 0))
        + chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1))
        + chunk(b"IDAT", zlib.compress(b"\x00" * (width + 1)))
        + chunk(b"IEND", b"")
    )


def test_a_chart_keeps_the_width_at_which_its_smallest_text_is_9_px():
    # 770 px at 110 dpi: 7 pt text is 10,7 px in the picture, 9 px at 648 px
    assert table_cells.chart_min_width(png(770, 110)) == 648
    assert table_cells.chart_min_width(png(300, 72)) == 300  # never wider than the picture itself
    data = base64.b64encode(png(770, 110)).decode()
    out = table_cells.chart_regions(f'<img alt="Resultat per år" src="data:image/png;base64,{data}" />', "Diagram")
    assert out.startswith('<div class="chart-scroll" role="region" tabindex="0" aria-label="Resultat per år">')
    assert (
        '<img alt="Resultat per år" src="data:image/png;base64,' in out
        and 'class="chart" style="min-width: 648px">' in out
    )


def test_the_charts_smallest_text_is_what_the_pages_assume():
    """CHART_TEXT_PT is the smallest text the chapters' charts draw: no font size below it
    in the chart style or in the chart modules."""
    import matplotlib.pyplot as plt

    from analysis.presentation import charts

    charts.setup()
    text = ("font.size", "axes.labelsize", "axes.titlesize", "xtick.labelsize", "ytick.labelsize", "legend.fontsize")
    sizes = [plt.rcParams[key] for key in text if isinstance(plt.rcParams[key], float)]
    folder = Path(charts.__file__).parent
    literal = [float(n) for f in folder.glob("*.py") for n in re.findall(r"fontsize=([\d.]+)", f.read_text())]
    assert len(sizes) >= 4 and literal and min(sizes + literal) >= table_cells.CHART_TEXT_PT
    assert plt.rcParams["savefig.dpi"] == 110


def test_the_runs_choices_in_words_and_never_a_path():
    parameters = {
        "year": 2019,
        "lang": "sv",
        "raw_dir": "/srv/x/raw",
        "reports_dir": "C:\\data\\reports",
        "region": "Norr",
        "extra": "/home/anna/fil.csv",
    }
    assert provenance.choices(parameters, "sv") == ["språk svenska", "region = Norr", "år 2019"]
    assert provenance.choices({**parameters, "lang": "en"}, "en") == ["language English", "region = Norr", "year 2019"]
    files = provenance.raw_files(
        [{"file": "2019/intern_kontroll.csv", "table": "internal_control", "sha256": "ab" * 32}], "sv"
    )
    assert files[0]["contents"] == "Internkontroll: kontrollaktiviteter" and files[0]["sha_halves"] == ["ab" * 16] * 2


def test_the_print_title_is_a_css_string_that_cannot_end_its_style():
    assert document.css_string("Årsrapport 2019") == '"Årsrapport 2019"'
    assert "</style" not in document.css_string('x</style><script>"\\')

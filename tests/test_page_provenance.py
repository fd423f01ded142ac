"""The built pages in the reader's language (issue 28, point 2): how a chapter was made
(notebook, run time, parameters, checksums) is in its provenance section and the year's
appendix, in words, never in the chapter's text; a table is named by its title, never by
its id; no folder of the machine that built it appears anywhere; a section whose data the
year lacks is a line of one list at the page's end, not a heading.
"""

from __future__ import annotations

import html
import re

import pytest

from analysis.facts.catalog import HR_TITLES, LEDGER_TITLES, SPECS

pytestmark = pytest.mark.notebooks

TABLE_IDS = sorted({s.table for s in SPECS} | set(LEDGER_TITLES) | set(HR_TITLES))
_TAGS = re.compile(r"<(script|style)\b.*?</\1>|<[^>]+>", re.DOTALL)


def text(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", fragment.replace("<wbr>", ""))).split())


def built_pages(built):
    return sorted(p for p in built.reports.rglob("*.html") if "executed" not in p.parts)


def chapter_pages(built):
    return [p for p in built_pages(built) if p.name not in ("index.html", "arsrapport.html")]


def test_no_folder_of_the_machine_on_any_page(built_reports):
    root = str(built_reports.project.root)
    found = [str(p) for p in built_pages(built_reports) if root in p.read_text(encoding="utf-8")]
    assert found == []  # every chapter's footer showed raw_dir and processed_dir before


@pytest.mark.parametrize("word", [".ipynb", "körtid", "SHA-256", "raw_dir", "processed_dir", "reports_dir", "lang ="])
def test_how_a_chapter_was_made_is_not_in_its_text(built_reports, word):
    for path in chapter_pages(built_reports):
        if word == "SHA-256" and path.name == "data_quality.html":
            continue  # the files read are that chapter's subject (and it is an appendix of the document)
        page = path.read_text(encoding="utf-8")
        main = page.split("<main", 1)[1].split("</main>", 1)[0]
        assert word not in text(main), (path.name, word)
    document = (built_reports.reports / "2019" / "arsrapport.html").read_text(encoding="utf-8")
    chapters = document.split("<main", 1)[1].split('<section class="report-chapter appendix')[0]
    assert word not in text(chapters)


def test_the_provenance_is_in_words(built_reports):
    for path in chapter_pages(built_reports):
        footer = text(path.read_text(encoding="utf-8").split('<footer class="provenance">')[1])
        assert "Val vid körningen" in footer and "språk svenska" in footer, path
        assert re.search(r"\bår 20\d\d\b", footer) and "Kontrollsumma (SHA-256)" in footer, path
        assert not re.search(r"\b\w+_dir\b|\b(year|lang) =", footer), path
    document = text((built_reports.reports / "2019" / "arsrapport.html").read_text(encoding="utf-8"))
    appendix = document.split("Bilaga C Underlag och spårbarhet")[-1]
    assert "02_cost_development.ipynb" in appendix and "Internkontroll: kontrollaktiviteter" in appendix


def test_no_table_id_on_any_page(built_reports):
    found = {}
    for path in built_pages(built_reports):
        words = {w.strip(",;:()'\"") for w in text(path.read_text(encoding="utf-8")).split()}
        if hits := sorted(words & set(TABLE_IDS)):
            found[str(path.relative_to(built_reports.reports))] = hits
    assert found == {}  # internal_control, key_figures, costs_by_cost_type … before


def sections_of_only_a_note(page: str) -> list[str]:
    """The headings of ``page``'s main text whose section is the one-line note alone."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    headings = list(re.finditer(r"<h([2-4])\b[^>]*>(.*?)</h\1>", main, re.S))
    found = []
    for i, heading in enumerate(headings):
        end = next((h.start() for h in headings[i + 1 :] if h.group(1) <= heading.group(1)), len(main))
        section = main[heading.end() : end]
        rest = re.sub(r"<h[2-4]\b.*?</h[2-4]>|<p class=\"note missing\">.*?</p>", "", section, flags=re.S)
        if 'class="note missing"' in section and not text(rest) and "<table" not in rest and "<img" not in rest:
            found.append(text(heading.group(2)))
    return found


def test_a_section_without_data_is_one_line_at_the_pages_end(built_reports):
    listed = 0
    for path in chapter_pages(built_reports):
        page = path.read_text(encoding="utf-8")
        assert sections_of_only_a_note(page) == [], path  # 8 such headings in 2019, 17 in 2017, before
        main = page.split("<main", 1)[1].split("</main>", 1)[0]
        if "missing-sections" in main:
            end = main.split('<section class="missing-sections"', 1)[1].split(">", 1)[1]
            assert "<h2" in end and text(end).startswith("Uppgifter som saknas för 20")
            assert text(main.split('<section class="missing-sections"', 1)[0]).strip()
            listed += len(re.findall(r"<li\b", end))
    assert listed >= 20

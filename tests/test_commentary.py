"""The analysts' commentary files, on small files: reading (encodings, front matter), splitting
by ``## heading``, safe Markdown, inserted and typed figures, and approvals against the data.

Fast: nothing here runs a notebook (the chapters and the build: ``test_commentary_build.py``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.commentary import approval, review, source
from analysis.commentary import figures as figs
from analysis.commentary.markdown import allowed_link, render, same_heading

NAME = "2019/kommentarer/costs.md"


def write(tmp_path: Path, text: str | bytes, name: str = "costs.md") -> Path:
    folder = tmp_path / "2019" / "kommentarer"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def read(tmp_path: Path, text: str | bytes) -> source.Commentary:
    return source.read(write(tmp_path, text), NAME, "sv")


def figure(key: str, value, unit: str = "MSEK", text: str = "", year: int = 2019, label: str = "") -> figs.Figure:
    return figs.Figure(
        f"key:cost_development:{key}:{year}",
        label or key,
        value,
        unit,
        text or str(value),
        year,
        key,
        "cost_development",
    )


# --- reading ----------------------------------------------------------------------------


def test_front_matter_gives_status_responsible_and_date(tmp_path):
    c = read(tmp_path, "---\nstatus: godkänd\nansvarig: Eva  Ek\ngodkänd: 2020-02-14\n---\nText.\n")
    assert (c.status, c.responsible, c.approved_on, c.approved) == ("godkänd", "Eva Ek", "2020-02-14", True)
    assert c.blocks[0].text.strip() == "Text." and c.blocks[0].first_line == 6


def test_without_front_matter_a_commentary_is_a_draft(tmp_path):
    c = read(tmp_path, "Bara text.\n")
    assert c.status == "utkast" and not c.approved and c.blocks[0].first_line == 1


@pytest.mark.parametrize(
    ("front", "line", "says"),
    [
        ("status: klar", 2, "unknown status 'klar'; allowed: utkast, granskad, godkänd"),
        ("ansvarig: X\ngranskare: Y", 3, "unknown key 'granskare'; allowed: status, ansvarig, godkänd"),
        ("godkänd: i förrgår", 2, "godkänd is not a date (YYYY-MM-DD): 'i förrgår'"),
    ],
)
def test_a_wrong_front_matter_names_file_line_and_the_allowed_values(tmp_path, front, line, says):
    path = write(tmp_path, f"---\n{front}\n---\nText.\n")
    with pytest.raises(source.CommentaryError) as err:
        source.read(path, NAME, "sv")
    assert str(err.value) == f"{path}, line {line}: {says}"


def test_a_cp1252_file_is_refused_with_its_line_and_named(tmp_path):
    path = write(tmp_path, "Första raden.\nÖvriga kostnader.\n".encode("cp1252"))
    with pytest.raises(source.CommentaryError) as err:
        source.read(path, NAME, "sv")
    assert str(err.value) == f"{path}, line 1: the file is Windows-1252 (CP1252), not UTF-8; save it as UTF-8"


def test_a_file_in_no_known_encoding_is_refused_with_its_line(tmp_path):
    path = write(tmp_path, b"ok\nok\n\x81\x8d\x8f\x90\x9d trasig\n")
    with pytest.raises(source.CommentaryError, match=r", line 3: not UTF-8 \(byte 0x81\)"):
        source.read(path, NAME, "sv")


def test_a_utf8_bom_and_windows_line_ends_are_read(tmp_path):
    c = read(tmp_path, "\ufeff---\r\nstatus: granskad\r\n---\r\nText.\r\n".encode())
    assert c.status == "granskad" and c.blocks[0].text.strip() == "Text."


def test_blocks_split_at_top_level_headings_only(tmp_path):
    text = (
        "Öppning.\n\n## Resultat\n\nOm resultatet.\n\n```\n## inte en rubrik\n```\n\n"
        "> ## inte heller\n\n## Över   ÅREN\nSist.\n"
    )
    c = read(tmp_path, text)
    assert [(b.heading, b.first_line) for b in c.blocks] == [(None, 1), ("Resultat", 3), ("Över ÅREN", 13)]
    assert "## inte en rubrik" in c.blocks[1].text
    assert same_heading("Över ÅREN", "över åren") and not same_heading("Över åren", "Över året")


def test_english_falls_back_to_the_swedish_file(tmp_path):
    write(tmp_path, "Svensk text.\n")
    c = source.find(2019, "cost_development", tmp_path, "en")
    assert c.lang == "sv" and c.name == NAME
    write(tmp_path, "English text.\n", "costs.en.md")
    c = source.find(2019, "cost_development", tmp_path, "en")
    assert c.lang == "en" and c.name == "2019/kommentarer/costs.en.md"
    assert source.find(2019, "cost_development", tmp_path, "sv").lang == "sv"
    assert source.find(2019, "mt_maintenance_growth", tmp_path, "sv") is None


# --- safe Markdown ----------------------------------------------------------------------


def test_raw_html_is_text_and_only_relative_and_https_links_are_links():
    out = render(
        '<script>alert(1)</script> <img src=x onerror="alert(2)"> [a](javascript:alert(3)) '
        "[b](data:text/html,x) [c](http://example.org) [d](https://example.org) [e](mt.html#Tillväxt) ![i](x.png)"
    )
    assert "<script" not in out and "&lt;script&gt;" in out and "<img" not in out
    assert 'href="javascript' not in out and 'href="data' not in out and 'href="http:' not in out
    assert '<a href="https://example.org">d</a>' in out and 'href="mt.html#Tillv%C3%A4xt"' in out
    assert (
        not allowed_link("JAVASCRIPT:x") and not allowed_link("//evil.example") and allowed_link("../2017/index.html")
    )


def test_a_heading_inside_a_block_is_at_most_h3():
    assert "<h3>Rubrik</h3>" in render("# Rubrik") and "<h1" not in render("# Rubrik")


# --- figures ------------------------------------------------------------------------------


def block(text: str, line: int = 10) -> source.Block:
    return source.Block(None, text, line, line)


def commentary() -> source.Commentary:
    return source.Commentary(Path("x.md"), NAME, "0" * 64, 1, 1, "sv")


def test_an_inserted_key_is_the_figure_formatted_and_linked():
    catalog = review.Catalog.of(2019, [figure("result_msek", -4.8, text="-4,8 mnkr")], [])
    out = review.render_block(block("Resultatet blev {{ result_msek }}."), commentary(), catalog, "sv")
    assert '<span class="figure">-4,8 mnkr</span>' in out.html and out.findings == []
    assert [f.ident for f in out.cited] == ["key:cost_development:result_msek:2019"]


def test_another_year_is_inserted_where_the_facts_hold_it():
    cited = [figure("result_msek", -4.8, text="-4,8 mnkr"), figure("result_msek", 8.7, text="8,7 mnkr", year=2017)]
    out = review.render_block(
        block("{{ result_msek 2017 }} och {{ result_msek 2018 }}"),
        commentary(),
        review.Catalog.of(2019, cited, []),
        "sv",
    )
    assert "8,7 mnkr" in out.html
    assert [f.message for f in out.findings] == ["nyckeltalet result_msek finns inte för 2018"]
    assert '<mark class="figure-missing"' in out.html and "[saknat tal: result_msek]" in out.html


def test_an_unknown_key_is_a_finding_with_the_three_nearest_keys_and_a_visible_marker():
    cited = [figure(k, 1.0) for k in ("result_msek", "result_target_msek", "result_table_msek", "mt_cost_msek")]
    out = review.render_block(
        block("x\n\n{{ resul_msek }}", line=7), commentary(), review.Catalog.of(2019, cited, []), "sv"
    )
    (finding,) = out.findings
    assert (finding.file, finding.line) == (NAME, 9)
    assert finding.message == "okänt nyckeltal resul_msek; närmast: result_msek, result_table_msek, result_target_msek"
    assert "[saknat tal: resul_msek]" in out.html and "<mark" in out.html


def test_a_key_of_another_chapter_says_where_to_cite_it():
    catalog = review.Catalog.of(2019, [], [], foreign={"mt_growth_percent": "mt_maintenance_growth"})
    out = review.render_block(block("{{ mt_growth_percent }}"), commentary(), catalog, "sv")
    assert "hör till kapitlet mt_maintenance_growth" in out.findings[0].message


@pytest.mark.parametrize(
    ("text", "cites"),
    [
        ("ett underskott på 4,8 mnkr", True),  # the absolute value of −4,8
        ("resultatet blev −4,8 mnkr", True),
        ("resultatet blev -4 800 tkr", True),
        ("resultatet blev −4 800 000 kr", True),
        ("ett underskott på 5 mnkr", True),  # 4,8 rounded to the written digits
        ("ett underskott på 4,9 mnkr", False),
        ("tillväxten var 42 %", True),
        ("tillväxten var 42,0 procent", True),
        ("tillväxten var 41,9 %", False),
        ("4,8 procent", False),  # a percent is never money
    ],
)
def test_a_typed_number_is_compared_within_its_written_digits(text, cites):
    catalog = review.Catalog.of(2019, [figure("result_msek", -4.8), figure("mt_growth_percent", 42.0, "percent")], [])
    out = review.render_block(block(text), commentary(), catalog, "sv")
    assert bool(out.cited) is cites and bool(out.findings) is not cites


def test_a_typed_number_no_figure_equals_is_a_warning_naming_the_nearest():
    catalog = review.Catalog.of(2019, [figure("result_msek", -4.8, text="-4,8 mnkr", label="Resultat")], [])
    out = review.render_block(block("Ett underskott på 5,1 mnkr."), commentary(), catalog, "sv")
    assert [f.message for f in out.findings] == [
        "Kommentaren anger 5,1 mnkr; inget tal för 2019 är 5,1 mnkr (närmast: Resultat -4,8 mnkr)"
    ]


def test_a_number_marked_as_not_from_the_data_is_shown_as_written_and_not_checked():
    out = review.render_block(
        block("Vi räknar med {= 30 mnkr =} <b>."), commentary(), review.Catalog.of(2019, [], []), "sv"
    )
    assert (
        out.findings == [] and '<span class="figure-as-written">30 mnkr</span>' in out.html and "&lt;b&gt;" in out.html
    )


def test_facts_of_the_year_are_figures_a_typed_number_may_cite():
    frame = pd.DataFrame(
        {
            "report_year": [2019, 2019, 2017],
            "year": [2019, 2018, 2017],
            "table": ["costs_by_cost_type"] * 3,
            "item": ["Övriga kostnader", "Övriga kostnader", "Övriga kostnader"],
            "measure": ["deviation", "outcome", "deviation"],
            "value": [-10.0, 40.0, -2.0],
            "unit": ["MSEK"] * 3,
            "decimals": [0, 0, 0],
        }
    )
    found = figs.facts(frame, 2019, "sv")
    assert [f.label for f in found] == ["Övriga kostnader, deviation", "Övriga kostnader, outcome 2018"]
    out = review.render_block(block("10 mnkr över budget"), commentary(), review.Catalog.of(2019, [], found), "sv")
    assert [f.ident for f in out.cited] == ["fact:costs_by_cost_type:Övriga kostnader:deviation:2019"]


# --- approvals --------------------------------------------------------------------------


def approved(sha: str = "a" * 64) -> source.Commentary:
    return source.Commentary(Path("x.md"), NAME, sha, 1, 1, "sv", status="godkänd", approved_on="2020-02-14")


def test_a_first_approval_is_recorded_with_every_cited_value():
    result = figure("result_msek", -4.8, text="-4,8 mnkr", label="Resultat")
    verdict = approval.judge(approved(), None, "", [result], {result.ident: result})
    assert verdict.state == approval.APPROVED
    assert verdict.record["sha256"] == "a" * 64 and verdict.record["figures"][0]["value"] == -4.8


def test_an_approval_the_data_overtook_is_flagged_until_the_file_changes():
    then = figure("result_msek", -4.8, text="-4,8 mnkr", label="Resultat")
    record = approval.new_record(approved(), [then])
    now = figure("result_msek", -5.1, text="-5,1 mnkr", label="Resultat")
    verdict = approval.judge(approved(), record, "a" * 64, [now], {now.ident: now})
    assert verdict.state == approval.FLAGGED and verdict.record is None
    assert review.flag_messages(verdict.changes, "sv") == [
        "Kommentaren godkändes när ”Resultat” var -4,8 mnkr; underlaget ger nu -5,1 mnkr."
    ]
    again = approval.judge(approved("b" * 64), record, "a" * 64, [now], {now.ident: now})  # a new godkänd: date
    assert again.state == approval.APPROVED and again.record["figures"][0]["value"] == -5.1


def test_a_lost_record_never_approves_the_new_figures():
    now = figure("result_msek", -5.1)
    verdict = approval.judge(approved(), None, "a" * 64, [now], {now.ident: now})  # the last page showed it approved
    assert verdict.state == approval.RENEW and verdict.record is None


def test_a_draft_or_reviewed_text_is_never_recorded():
    draft = source.Commentary(Path("x.md"), NAME, "a" * 64, 1, 1, "sv", status="granskad")
    assert approval.judge(draft, None, "", [], {}).state == approval.REVIEWED

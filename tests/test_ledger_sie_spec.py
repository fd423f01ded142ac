"""SIE 4 as the specification allows it and as other programs write it (issue 18): 4I files
without #RAR, PC8 declared but UTF-8 or ISO-8859-1 written, dimensions named by the analyst,
ledgers with no costs, #RES/#PSALDO balances against the #TRANS sums, #RTRANS/#BTRANS,
quantities, signatures and quoted dates on #TRANS."""

from __future__ import annotations

import pytest
from tests.ledger_files import SIE_BODY, SIE_HEAD, write_mappings, write_sie

from analysis.exceptions import RawDataError
from analysis.facts.schema import empty_facts
from analysis.facts.sources.ledger.formats.engine import connect
from analysis.facts.sources.ledger.formats.sie4 import read_sie
from analysis.facts.sources.ledger.formats.sie4.encoding import detect
from analysis.facts.sources.ledger.year import read_ledger

HEAD_4I = SIE_HEAD.replace("#RAR 0 20190101 20191231\n#RAR -1 20180101 20181231\n", "")


def ledger(tmp_path, body: str = SIE_BODY, head: str = SIE_HEAD, encoding: str = "cp437", year: int = 2019):
    raw = tmp_path / "raw"
    write_mappings(raw)
    path = raw / str(year) / "huvudbok.se"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((head + body).replace("\n", "\r\n").encode(encoding))
    return read_ledger(year, raw, empty_facts())


def grain(path, **kw):
    con = connect()
    sie = read_sie(con, path, "outcome", "budget", **kw)
    rows = con.execute(
        "SELECT period, account, ansvar, aktivitet, objekt, projekt, amount FROM outcome ORDER BY ALL"
    ).fetchall()
    return sie, rows


def test_a_4i_file_without_rar_takes_the_folders_year(tmp_path):
    result = ledger(tmp_path, head=HEAD_4I)
    assert sorted(result.monthly["period"].unique()) == [201901, 201902]
    assert result.monthly["year"].unique().tolist() == [2019]


def test_without_rar_rows_of_other_years_are_left_out_and_reported(tmp_path):
    body = SIE_BODY + '#VER A 3 20200105 ""\n{\n#TRANS 5010 {} 70.00\n#TRANS 1930 {} -30.00\n}\n'
    result = ledger(tmp_path, body=body, head=HEAD_4I)
    assert sorted(result.monthly["period"].unique()) == [201901, 201902]
    found = result.findings[result.findings["check"] == "date_vs_fiscal_year"]
    assert len(found) == 1 and "2 rows dated in other years (40.00 kr)" in found["message"].iloc[0]
    assert found["source"].iloc[0].endswith(":24")  # the first such row


def test_with_rar_a_date_outside_the_fiscal_year_is_refused(tmp_path):
    with pytest.raises(RawDataError) as err:
        ledger(tmp_path, head=SIE_HEAD.replace("#RAR 0 20190101 20191231", "#RAR 0 20200101 20201231"), year=2020)
    assert "huvudbok.se" in str(err.value) and "transdat" in str(err.value) and "20190131" in str(err.value)


def test_a_file_without_rar_read_alone_is_still_refused(tmp_path):
    with pytest.raises(RawDataError, match="missing #RAR 0"):
        grain(write_sie(tmp_path / "x.se", head=HEAD_4I))


@pytest.mark.parametrize("encoding, found", [("utf-8", "utf-8"), ("iso-8859-1", "iso-8859-1"), ("cp437", "cp437")])
def test_pc8_declared_but_written_otherwise_is_detected(tmp_path, encoding, found):
    result = ledger(tmp_path, encoding=encoding)
    record = next(f for f in result.files if f["table"] == "ledger")
    assert record["encoding"] == found
    checks = result.findings[result.findings["check"] == "format_vs_encoding"]
    if found == "cp437":
        assert checks.empty
    else:
        assert len(checks) == 1 and "#FORMAT PC8" in checks["message"].iloc[0]
        assert checks["severity"].iloc[0] == "warning"


def test_names_carry_no_mojibake_in_any_encoding(tmp_path):
    for encoding in ("utf-8", "iso-8859-1", "cp437"):
        path = tmp_path / f"{encoding}.se"
        path.write_bytes((SIE_HEAD + SIE_BODY).encode(encoding))
        sie, _ = grain(path)
        assert sie.header.accounts["5010"] == "Löner åäö", encoding


def test_the_detector_on_swedish_text():
    text = '#KONTO 5010 "Löner och arvoden för år"\n'
    assert detect(text.encode("utf-8")) == "utf-8"
    assert detect(text.encode("iso-8859-1")) == "iso-8859-1"
    assert detect(text.encode("cp437")) == "cp437"


def test_quoted_dimension_numbers_as_bl_fortnox_and_avendo_write_them(tmp_path):
    body = '#VER A 1 20190131 ""\n{\n#TRANS 5010 {"1" "K1" "21" "O7"} 100.00\n#TRANS 1930 { } -100.00\n}\n'
    _, rows = grain(write_sie(tmp_path / "x.se", body))
    assert [r[2:5] for r in rows] == [("", "", ""), ("K1", "", "O7")]


def test_an_unclosed_voucher_is_named_by_its_brace(tmp_path):
    body = '#VER A 1 20190131 ""\n{\n#TRANS 5010 {} 100.00\n#VER A 2 20190131 ""\n{\n}\n'
    with pytest.raises(RawDataError) as err:
        grain(write_sie(tmp_path / "x.se", body))
    assert err.value.line == SIE_HEAD.count("\n") + 2 and "not closed" in str(err.value)


def test_header_labels_separated_by_tabs_as_norstedts_writes_them(tmp_path):
    head = SIE_HEAD.replace("#RAR 0 20190101 20191231", "#RAR\t0\t20190101\t20191231")
    sie, _ = grain(write_sie(tmp_path / "x.se", head=head))
    assert sie.header.fiscal_year == (20190101, 20191231) and not sie.fiscal_year_from_folder


def test_a_header_string_whose_quotes_do_not_pair_is_refused(tmp_path):
    head = SIE_HEAD.replace('"Bank"', '"Leverant"r"')
    with pytest.raises(RawDataError, match="quoted string is not closed") as err:
        grain(write_sie(tmp_path / "x.se", head=head))
    assert err.value.line == 12


def test_dimensions_are_taken_as_the_analyst_names_them(tmp_path):
    body = (
        '#VER A 1 20190131 ""\n{\n#TRANS 5010 {1 "K1" 2 "B2" 6 "P9" 20 "A4" 21 "O7"} 100.00\n'
        "#TRANS 1930 {} -100.00\n}\n"
    )
    path = write_sie(tmp_path / "x.se", body)
    _, rows = grain(path)
    assert rows[-1][2:6] == ("K1", "A4", "O7", "P9")  # defaults: 1 ansvar, 20 aktivitet, 21 objekt, 6 projekt
    _, rows = grain(path, dimensions={"ansvar": 2, "aktivitet": 20, "objekt": 6, "projekt": 21})
    assert rows[-1][2:6] == ("B2", "A4", "P9", "O7")


INCOME_ONLY = '#VER A 1 20190131 ""\n{\n#TRANS 3010 {} -100.00\n#TRANS 3020 {} 100.00\n}\n'
BALANCE_ONLY = '#VER A 1 20190131 ""\n{\n#TRANS 1930 {} -100.00\n#TRANS 2440 {} 100.00\n}\n'
NO_VER = "#IB 0 1930 1000.00\n#UB 0 1930 1000.00\n"


@pytest.mark.parametrize("body", [INCOME_ONLY, BALANCE_ONLY, NO_VER], ids=["income", "balance", "no-ver"])
def test_a_ledger_without_costs_cleans_without_error(tmp_path, body):
    result = ledger(tmp_path, body=body)
    assert result.facts.empty  # no cost type: no derived cost table, and no error
    costs = result.monthly[~result.monthly["cost_type"].isin(["", "Intäkter"])]
    assert costs.empty


RES_BODY = SIE_BODY + "#RES 0 5010 1800000.00\n#RES 0 6010 250000.50\n#RES 0 3010 -50000.00\n#RES -1 5010 9.00\n"


def test_res_larger_than_the_trans_sum_is_a_finding_with_both_amounts(tmp_path):
    result = ledger(tmp_path, body=RES_BODY)
    found = result.findings[result.findings["check"] == "trans_vs_balance"]
    assert found["item"].tolist() == ["5010"]  # 6010 and 3010 agree; year -1 is not compared
    message = found["message"].iloc[0]
    assert "1 800 000.00" in message and "1 500 000.00" in message and "300 000.00" in message
    assert found["reported"].iloc[0] == pytest.approx(1.8) and found["recomputed"].iloc[0] == pytest.approx(1.5)
    assert found["source"].iloc[0].startswith("2019/huvudbok.se:")


def test_psaldo_against_the_trans_of_its_period(tmp_path):
    body = SIE_BODY + "#PSALDO 0 201901 5010 {} 1500000.00\n#PSALDO 0 201902 6010 {} 200000.00\n"
    result = ledger(tmp_path, body=body)
    found = result.findings[result.findings["check"] == "trans_vs_balance"]
    assert found["item"].tolist() == ["6010"] and "#PSALDO 0 201902 6010" in found["message"].iloc[0]
    # the outcome stays the sum of #TRANS (the balance is a claim reconciled against it)
    assert result.monthly["outcome"].sum() == pytest.approx((1500000 + 250000.5 - 50000) / 1e6)


def test_rtrans_btrans_quantity_signature_and_quoted_date(tmp_path):
    body = """#VER A 1 20190131 "" 20190201 "sign"
{
#RTRANS 5010 {} 100.00 20190131 "added" 2 "anna"
#TRANS 5010 {} 100.00 20190131 "added" 2 "anna"
#BTRANS 5010 {} 999.00 20190131 "removed" 1 "anna"
#TRANS 5020 {} 50.00 "20190305" "quoted date" 1.5 "sign"
#TRANS 1930 {} -150.00 "" "" 0 ""
}
"""
    _, rows = grain(write_sie(tmp_path / "x.se", body))
    assert [(r[0], r[1], r[6]) for r in rows] == [
        (201901, "1930", -150.0),
        (201901, "5010", 100.0),
        (201903, "5020", 50.0),
    ]

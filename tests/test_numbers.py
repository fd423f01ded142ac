"""Number parsing as the Swedish exports print numbers (analysis.facts.numbers)."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.facts.numbers import NotANumber, ParsedNumber, format_swedish, half_unit, parse_number
from analysis.facts.vocabulary import unit_info

NBSP, NNBSP, THIN, MINUS, EN_DASH = "\u00a0", "\u202f", "\u2009", "\u2212", "\u2013"


# --- examples ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, value, decimals, unit",
    [
        ("0", 0.0, 0, None),
        ("42", 42.0, 0, None),
        ("8 689 770", 8689770.0, 0, None),
        (f"161{NBSP}267{NBSP}589", 161267589.0, 0, None),
        (f"-2{NBSP}606{NBSP}548", -2606548.0, 0, None),
        (f"1{NNBSP}234{NNBSP}567", 1234567.0, 0, None),
        (f"1{THIN}234", 1234.0, 0, None),
        (f"1 234{NBSP}567", 1234567.0, 0, None),  # mixed separators in one number
        ("14,7", 14.7, 1, None),
        ("14.7", 14.7, 1, None),  # decimal point accepted too
        ("2,44", 2.44, 2, None),
        ("0,0", 0.0, 1, None),
        (f"{MINUS}4,8", -4.8, 1, None),
        (f"{EN_DASH}10", -10.0, 0, None),
        ("-10", -10.0, 0, None),
        ("+8,7", 8.7, 1, None),
        ("+ 12", 12.0, 0, None),
        ("2,4%", 2.4, 1, "%"),
        ("2,2 %", 2.2, 1, "%"),
        (f"4,0{NBSP}%", 4.0, 1, "%"),
        ("14,7 mkr", 14.7, 1, "mkr"),
        ("3128h", 3128.0, 0, "h"),
        ("1 880 h", 1880.0, 0, "h"),
        (f"{MINUS}1 234,56 tkr", -1234.56, 2, "tkr"),
        ("  42  ", 42.0, 0, None),  # surrounding blanks
        (f"{NBSP}42{NNBSP}", 42.0, 0, None),
    ],
)
def test_parse_examples(text, value, decimals, unit):
    parsed = parse_number(text)
    assert isinstance(parsed, ParsedNumber)
    assert parsed.value == pytest.approx(value, abs=1e-12)
    assert parsed.decimals == decimals
    assert parsed.unit == unit


@pytest.mark.parametrize("text", ["", "   ", NBSP, f"{NNBSP} {THIN}"])
def test_empty_cell_is_none(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "abc",
        "n/a",
        "-",
        "–",
        "%",
        "mkr",
        ",5",
        "x12",
        "12 34",
        "1234 567",
        "1 2345",
        "\u2212\u22123",
        "*",
        "?",
        "1 2 3",
    ],
)
def test_text_where_a_number_must_be_raises(text):
    with pytest.raises(NotANumber):
        parse_number(text)


def test_not_a_number_is_a_value_error_carrying_the_text():
    with pytest.raises(ValueError) as info:
        parse_number("ej tillgängligt")
    assert isinstance(info.value, NotANumber)
    assert "ej tillgängligt" in str(info.value)


@pytest.mark.parametrize(
    "text, unit", [("12a3", "a3"), ("12 a3", "a3"), ("1.234.567", ".567"), ("5 euro", "euro"), ("7 st.", "st.")]
)
def test_junk_after_digits_comes_back_as_a_unit(text, unit):
    """Trailing text is returned as the unit; the cleaning step decides whether the unit is
    known (``12a3`` -> unit ``a3``, which the unit vocabulary does not know)."""
    parsed = parse_number(text)
    assert parsed.unit == unit
    known = {"st."}
    assert (unit_info(unit) is not None) == (unit in known)


@pytest.mark.parametrize("decimals, half", [(0, 0.5), (1, 0.05), (2, 0.005), (3, 0.0005)])
def test_half_unit(decimals, half):
    assert half_unit(decimals) == pytest.approx(half)


@pytest.mark.parametrize(
    "value, decimals, sep, text",
    [
        (8689770, 0, " ", "8 689 770"),
        (-2606548, 0, NBSP, f"-2{NBSP}606{NBSP}548"),
        (14.7, 1, " ", "14,7"),
        (1234.5, 2, NNBSP, f"1{NNBSP}234,50"),
        (-0.04, 1, " ", "0,0"),  # rounds to zero: no minus sign
        (0.0, 0, " ", "0"),
        (999.6, 0, " ", "1 000"),
    ],
)
def test_format_swedish_examples(value, decimals, sep, text):
    assert format_swedish(value, decimals, sep=sep) == text


def test_format_swedish_refuses_nan():
    with pytest.raises(ValueError):
        format_swedish(math.nan)


# --- property-based round trips ----------------------------------------------------------

finite = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False)
separators = st.sampled_from([" ", NBSP, NNBSP])
decimal_counts = st.integers(min_value=0, max_value=4)


@settings(max_examples=200, deadline=None)
@given(value=finite, decimals=decimal_counts, sep=separators)
def test_format_swedish_round_trips(value, decimals, sep):
    text = format_swedish(value, decimals, sep=sep)
    parsed = parse_number(text)
    assert parsed.value == pytest.approx(value, abs=half_unit(decimals) * 1.000001, rel=1e-12)
    assert parsed.decimals == decimals
    assert parsed.unit is None


@settings(max_examples=200, deadline=None)
@given(value=st.integers(min_value=-(10**12), max_value=10**12), sep=separators)
def test_integers_round_trip_exactly(value, sep):
    parsed = parse_number(format_swedish(value, 0, sep=sep))
    assert parsed.value == value
    assert parsed.decimals == 0


def _own_format(value: float, decimals: int, sep: str, minus: str) -> str:
    """Swedish formatting written independently of format_swedish: groups of three
    digits, decimal comma, the given minus sign."""
    rounded = round(abs(value), decimals)
    whole, _, frac = f"{rounded:.{decimals}f}".partition(".")
    groups = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    text = sep.join(groups) + ("," + frac if decimals else "")
    is_zero = float(text.replace(sep, "").replace(",", ".")) == 0
    return (minus if value < 0 and not is_zero else "") + text


suffixes = st.sampled_from(
    [("", None), ("%", "%"), (" %", "%"), (" mkr", "mkr"), (f"{NBSP}mkr", "mkr"), (" tkr", "tkr"), ("h", "h")]
)


@settings(max_examples=300, deadline=None)
@given(
    value=finite,
    decimals=decimal_counts,
    sep=separators,
    minus=st.sampled_from(["-", MINUS, EN_DASH]),
    suffix=suffixes,
    pad=st.sampled_from(["", " ", NBSP]),
)
def test_own_swedish_formatting_round_trips(value, decimals, sep, minus, suffix, pad):
    printed_suffix, unit = suffix
    text = pad + _own_format(value, decimals, sep, minus) + printed_suffix + pad
    parsed = parse_number(text)
    assert parsed.value == pytest.approx(value, abs=half_unit(decimals) * 1.000001, rel=1e-12)
    assert parsed.decimals == decimals
    assert parsed.unit == unit
    if value != 0 and abs(value) >= half_unit(decimals) * 1.01:
        assert math.copysign(1, parsed.value) == math.copysign(1, value)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(categories=["L", "P", "S"]), min_size=1, max_size=8))
def test_text_without_digits_is_never_a_number(text):
    """Letters, punctuation and symbols alone are rejected, never read as a value."""
    if not text.strip().strip(f"{NBSP}{NNBSP}{THIN}"):
        return
    with pytest.raises(NotANumber):
        parse_number(text)

"""The documented vocabularies of the facts table: measures, units, sign conventions.

Raw exports name measures and units in Swedish as the reports do; this module maps
them to the stable English codes used in ``data/processed/facts.*``.
"""

from __future__ import annotations

# measure code -> (Swedish label, English label, additive?)
MEASURES: dict[str, tuple[str, str, bool]] = {
    "outcome": ("utfall", "outcome", True),
    "budget": ("budget", "budget", True),
    "deviation": ("avvikelse", "deviation", True),
    "forecast": ("prognos", "forecast", True),
    "deviation_vs_forecast": ("avvikelse mot prognos", "deviation vs forecast", True),
    "frame": ("ram", "frame", True),
    "outcome_prior_decisions": ("utfall beslut före", "outcome on earlier decisions", True),
    "outcome_current_decisions": ("utfall beslut inför", "outcome on this year's decisions", True),
    "change": ("förändring", "change", True),
    "change_percent": ("förändring %", "change, percent", False),
    "percent": ("andel", "share, percent", False),
    "hours": ("timmar", "hours", True),
    "count": ("antal", "count", True),
    "target": ("mål", "target", False),
    "behind_plan": ("efter plan", "behind plan", True),
    # Coded tables (scorecard, assignments, internal control): the value is a code, see CODES.
    "fulfilment": ("måluppfyllelse", "goal fulfilment", False),
    "trend": ("utveckling", "trend", False),
    "target_label": ("målvärde", "target as printed", False),
    "status": ("status", "status", False),
    "continues_in": ("fortsätter år", "continues in year", False),
}

# Swedish spellings accepted in exports for each measure code.
MEASURE_ALIASES: dict[str, str] = {
    **{code: code for code in MEASURES},
    **{sv: code for code, (sv, _en, _add) in MEASURES.items()},
    "andel %": "percent",
    "procent": "percent",
    "förändring procent": "change_percent",
    "avvikelse prognos": "deviation_vs_forecast",
}

# Units as printed -> (normalised unit, factor to the normalised unit).
# Money is normalised to MSEK (mnkr).
UNITS: dict[str, tuple[str, float]] = {
    "kr": ("MSEK", 1e-6),
    "sek": ("MSEK", 1e-6),
    "tkr": ("MSEK", 1e-3),
    "tsek": ("MSEK", 1e-3),
    "mkr": ("MSEK", 1.0),
    "mnkr": ("MSEK", 1.0),
    "msek": ("MSEK", 1.0),
    "%": ("percent", 1.0),
    "procent": ("percent", 1.0),
    "h": ("hours", 1.0),
    "tim": ("hours", 1.0),
    "timmar": ("hours", 1.0),
    "st": ("count", 1.0),
    "antal": ("count", 1.0),
    "år": ("year", 1.0),
}

# Sign conventions: code -> description (Swedish tables printed either way).
SIGN_CONVENTIONS: dict[str, str] = {
    "net_result": (
        "income positive, net costs negative; deviation = outcome − budget and "
        "deviation vs forecast = outcome − forecast (positive = favourable)"
    ),
    "cost_positive": ("costs positive; deviation = budget − outcome (positive = favourable)"),
    "amount_positive": "amounts spent or counted are positive; no deviation column",
    "favourable_positive": (
        "key figures: deviations positive when favourable (överskott), negative when "
        "unfavourable (underskott); changes carry the sign of the change"
    ),
    "coded": (
        "values are codes of printed symbols or status words (CODES); the printed text is in "
        "original_value; not additive"
    ),
}


def measure_code(text: str) -> str | None:
    """The measure code for an export's measure label, or None if unknown."""
    return MEASURE_ALIASES.get(" ".join(text.strip().lower().split()))


def unit_info(text: str) -> tuple[str, float] | None:
    """(normalised unit, factor) for a unit as printed, or None if unknown.

    A qualifier after the unit is ignored: "tkr netto" is read as tkr.
    """
    words = text.split()
    return UNITS.get(words[0].lower().rstrip(".")) if words else None


def is_additive(measure: str) -> bool:
    """Whether values of this measure add up over rows (totals, sub-rows)."""
    return MEASURES[measure][2]


NOT_STATED = "ej angivet"
NAN = float("nan")

# Coded measures: text as printed (or as transcribed) -> (stable code, value in the facts table).
# "ej angivet" (not stated: no symbol printed, or "(inget nytt värde)") has the value NaN.
CODES: dict[str, dict[str, tuple[str, float]]] = {
    "fulfilment": {
        "●": ("achieved", 1.0),
        "uppnått": ("achieved", 1.0),
        "▲": ("partly_achieved", 0.5),
        "delvis uppnått": ("partly_achieved", 0.5),
        "■": ("not_achieved", 0.0),
        "ej uppnått": ("not_achieved", 0.0),
        "inte uppnått": ("not_achieved", 0.0),
        NOT_STATED: ("not_stated", NAN),
    },
    "trend": {
        "↑": ("up", 1.0),
        "⬆": ("up", 1.0),
        "→": ("level", 0.0),
        "➔": ("level", 0.0),
        "↓": ("down", -1.0),
        "⬇": ("down", -1.0),
        NOT_STATED: ("not_stated", NAN),
    },
    "status": {
        "genomfört": ("completed", 1.0),
        "pågår": ("in_progress", 2.0),
        "nedprioriterat/senarelagt": ("postponed", 3.0),
        "ej genomfört": ("not_done", 4.0),
        NOT_STATED: ("not_stated", NAN),
    },
}
# Measures of coded tables whose value is the printed text itself (value NaN, text in original_value).
LABEL_MEASURES = ("target_label",)
# Measures of coded tables whose value is a year ("nästa år" is the report year + 1).
YEAR_MEASURES = ("continues_in",)
NEXT_YEAR = "nästa år"


def code_of(measure: str, text: str) -> tuple[str, float] | None:
    """(stable code, value) of a coded cell as printed, or None if the text is not known.

    The stable codes themselves (``achieved``, ``completed``…) are accepted too."""
    codes = CODES[measure]
    key = " ".join(text.strip().split())
    found = codes.get(key) or codes.get(key.lower())
    if found is None:
        found = next((pair for pair in codes.values() if pair[0] == key), None)
    return found


def decode(measure: str, value: float) -> str:
    """The stable code of a coded fact's value: ``decode("status", 3.0)`` is ``postponed``;
    NaN is ``not_stated``."""
    if value != value:  # NaN
        return "not_stated"
    return next(code for code, number in CODES[measure].values() if number == value)

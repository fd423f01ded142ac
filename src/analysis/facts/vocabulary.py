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

"""Text shared by every chapter."""

TEXTS = {
    "common.source": {"sv": "Källa: {source}", "en": "Source: {source}"},
    "common.chart": {"sv": "Diagram", "en": "Chart"},
    "common.report": {"sv": "Årsrapport {year} division Länsteknik",
                      "en": "Annual report {year}, division Länsteknik"},
    "common.missing": {"sv": "Uppgift saknas för {year}: {what}.",
                       "en": "Not available for {year}: {what}."},
    "common.no_trend": {"sv": "n = {n}: för få år för en trend (minst 5)",
                        "en": "n = {n}: too few years for a trend (at least 5)"},
    "common.trend": {"sv": "n = {n}; trend {growth} per år (95 % KI {low} till {high})",
                     "en": "n = {n}; trend {growth} a year (95% CI {low} to {high})"},
    "common.trend_label": {"sv": "Log-linjär trend med 95 % intervall",
                           "en": "Log-linear trend with 95% interval"},
    "common.year": {"sv": "År", "en": "Year"},
    "common.item": {"sv": "Post", "en": "Item"},
    "common.total": {"sv": "Totalt", "en": "Total"},
    "common.derived": {"sv": "härlett", "en": "derived"},
    "common.quality.heading": {"sv": "Datakvalitet", "en": "Data quality"},
    "common.quality.none": {
        "sv": "Inga avvikelser: kapitlets tabeller för {year} stämmer med sina summor och delposter.",
        "en": "No findings: this chapter's tables for {year} agree with their totals and parts."},
    "common.quality.some": {
        "sv": "{n} uppgifter i kapitlets underlag stämmer inte med sina summor eller delposter. "
              "Rapporterade värden visas oförändrade; omräknat värde står bredvid.",
        "en": "{n} figures behind this chapter do not agree with their totals or parts. "
              "Reported values are shown unchanged, with the recomputed value beside them."},
    "common.col.measure": {"sv": "Mått", "en": "Measure"},
    "common.col.reported": {"sv": "Rapporterat", "en": "Reported"},
    "common.col.recomputed": {"sv": "Omräknat", "en": "Recomputed"},
    "common.col.difference": {"sv": "Differens", "en": "Difference"},
    "common.col.check": {"sv": "Kontroll", "en": "Check"},
    "common.col.table_source": {"sv": "Tabell (källa fil:rad)", "en": "Table (source file:line)"},
    "common.col.severity": {"sv": "Allvar", "en": "Severity"},
    "common.col.message": {"sv": "Beskrivning", "en": "Description"},
    "common.unknown_year": {"sv": "Ingen rapportdata för {year}. Tillgängliga år: {years}.",
                            "en": "No report data for {year}. Available years: {years}."},
}

TEXTS.update({
    "check.total_vs_rows": {"sv": "Totalt mot summan av raderna", "en": "Total vs sum of rows"},
    "check.parent_vs_subrows": {"sv": "Post mot summan av underposter",
                                "en": "Row vs sum of sub-rows"},
    "check.deviation_vs_outcome_budget": {"sv": "Avvikelse mot utfall och budget",
                                          "en": "Deviation vs outcome and budget"},
    "check.deviation_vs_forecast": {"sv": "Avvikelse mot utfall och prognos",
                                    "en": "Deviation vs outcome and forecast"},
    "check.outcome_vs_parts": {"sv": "Utfall totalt mot dess två delar",
                               "en": "Total outcome vs its two parts"},
    "check.stated_twice": {"sv": "Samma uppgift i två tabeller", "en": "Same figure in two tables"},
    "check.key_figure_vs_tables": {"sv": "Uppgift i texten mot tabell",
                                   "en": "Figure in the text vs table"},
    "severity.error": {"sv": "fel", "en": "error"},
    "severity.warning": {"sv": "varning", "en": "warning"},
})

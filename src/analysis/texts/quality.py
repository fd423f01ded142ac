"""Text of chapter 1, data quality."""

TEXTS = {
    "quality.title": {"sv": "Datakvalitet {year}", "en": "Data quality {year}"},
    "quality.read": {"sv": "Inlästa filer", "en": "Files read"},
    "quality.units": {"sv": "Enheter och teckenkonventioner", "en": "Units and sign conventions"},
    "quality.findings": {"sv": "Kontroller av summor och avvikelser",
                         "en": "Checks of totals and deviations"},
    "quality.summary": {
        "sv": "För {year} lästes {files} filer med {rows} rader. De gav {facts} rapporterade "
              "uppgifter och {derived} härledda. Kontrollerna gav {errors} fel och {warnings} varningar.",
        "en": "For {year}, {files} files with {rows} rows were read. They gave {facts} reported "
              "figures and {derived} derived ones. The checks found {errors} errors and {warnings} warnings."},
    "quality.changes": {
        "sv": "Sedan förra körningen: {changed} ändrade, {new} nya och {removed} borttagna filer.",
        "en": "Since the previous run: {changed} changed, {new} new and {removed} removed files."},
    "quality.no_changes": {"sv": "Inga filer har ändrats sedan förra körningen.",
                           "en": "No file has changed since the previous run."},
    "quality.no_findings": {"sv": "Alla kontroller stämmer inom avrundningen.",
                            "en": "Every check agrees within the rounding."},
    "quality.finding": {
        "sv": "{item} ({table}): rapporterat {reported}, omräknat {recomputed} – {check} ({source}).",
        "en": "{item} ({table}): reported {reported}, recomputed {recomputed} – {check} ({source})."},
    "quality.method": {
        "sv": "Varje tryckt uppgift läses som ett intervall: värdet ± en halv enhet i sista siffran. "
              "En avvikelse redovisas bara när skillnaden är större än avrundningen kan förklara. "
              "Rapporterade värden ändras aldrig.",
        "en": "Every printed figure is read as an interval: the value ± half a unit of its last digit. "
              "A finding is reported only when the difference is larger than rounding can explain. "
              "Reported values are never changed."},
    "quality.col.file": {"sv": "Fil", "en": "File"},
    "quality.col.table": {"sv": "Tabell", "en": "Table"},
    "quality.col.encoding": {"sv": "Teckenkodning", "en": "Encoding"},
    "quality.col.rows": {"sv": "Rader", "en": "Rows"},
    "quality.col.sha256": {"sv": "SHA-256 (början; hela i sidfoten)", "en": "SHA-256 (start; in full in the footer)"},
    "quality.col.bytes": {"sv": "Byte", "en": "Bytes"},
    "quality.col.status": {"sv": "Sedan förra körningen", "en": "Since previous run"},
    "quality.col.printed_units": {"sv": "Enhet i exporten", "en": "Unit as exported"},
    "quality.col.units": {"sv": "Normaliserad enhet", "en": "Normalised unit"},
    "quality.col.convention": {"sv": "Teckenkonvention", "en": "Sign convention"},
    "quality.col.reported": {"sv": "Rapporterade", "en": "Reported"},
    "quality.col.derived": {"sv": "Härledda", "en": "Derived"},
    "quality.status.new": {"sv": "ny", "en": "new"},
    "quality.status.changed": {"sv": "ändrad", "en": "changed"},
    "quality.status.unchanged": {"sv": "oförändrad", "en": "unchanged"},
    "quality.status.removed": {"sv": "borttagen", "en": "removed"},
    "quality.convention.net_result": {
        "sv": "intäkter +, nettokostnader −; avvikelse = utfall − budget",
        "en": "income +, net costs −; deviation = outcome − budget"},
    "quality.convention.cost_positive": {
        "sv": "kostnader +; avvikelse = budget − utfall",
        "en": "costs +; deviation = budget − outcome"},
    "quality.convention.amount_positive": {"sv": "belopp och antal +", "en": "amounts and counts +"},
    "quality.convention.favourable_positive": {
        "sv": "avvikelse + = överskott, − = underskott",
        "en": "deviation + = surplus, − = deficit"},
    "quality.kf.files_read": {"sv": "Inlästa filer", "en": "Files read"},
    "quality.kf.rows_read": {"sv": "Inlästa rader", "en": "Rows read"},
    "quality.kf.facts_reported": {"sv": "Rapporterade uppgifter", "en": "Reported figures"},
    "quality.kf.facts_derived": {"sv": "Härledda uppgifter", "en": "Derived figures"},
    "quality.kf.findings_error": {"sv": "Fel i summor/avvikelser", "en": "Errors in totals/deviations"},
    "quality.kf.findings_warning": {"sv": "Varningar text mot tabell", "en": "Warnings text vs table"},
    "quality.kf.files_changed": {"sv": "Ändrade filer", "en": "Changed files"},
}

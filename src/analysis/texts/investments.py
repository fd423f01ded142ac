"""Text of the chapter "Investeringstakt mot plan" / "Investment pace against plan".

Sentences are templates filled with figures from the facts table; none is taken from
the reports.
"""

TEXTS = {
    # Headings
    "investment_pace.title": {"sv": "Investeringstakt mot plan {year}",
                              "en": "Investment pace against plan {year}"},
    "investment_pace.h.frame": {"sv": "Beslutad ram och utfall", "en": "Approved frame and outcome"},
    "investment_pace.h.split": {"sv": "Utfall på tidigare års och årets beslut",
                                "en": "Outcome on earlier years' and this year's decisions"},
    "investment_pace.h.backlog": {"sv": "Eftersläpning mot plan", "en": "Backlog against plan"},
    "investment_pace.h.cases": {"sv": "Investeringsärenden: genomförda mot planerade",
                                "en": "Investment cases: completed against planned"},
    "investment_pace.h.it": {"sv": "IT-investeringar över tid", "en": "IT investment over time"},
    "investment_pace.h.quality": {"sv": "Datakvalitet", "en": "Data quality"},

    # Row and column labels
    "investment_pace.col.item": {"sv": "Typ av investering", "en": "Kind of investment"},
    "investment_pace.col.frame": {"sv": "Beslutad ram", "en": "Approved frame"},
    "investment_pace.col.outcome": {"sv": "Utfall totalt", "en": "Total outcome"},
    "investment_pace.col.prior": {"sv": "Utfall beslut före {year}",
                                  "en": "Outcome on decisions before {year}"},
    "investment_pace.col.current": {"sv": "Utfall beslut inför {year}",
                                    "en": "Outcome on decisions for {year}"},
    "investment_pace.col.utilisation": {"sv": "Nyttjande av ram, % (härlett: utfall / ram × 100)",
                                        "en": "Use of frame, % (derived: outcome / frame × 100)"},
    "investment_pace.col.prior_share": {
        "sv": "Andel på tidigare beslut, % (härlett: beslut före / totalt × 100)",
        "en": "Share on earlier decisions, % (derived: decided before / total × 100)"},
    "investment_pace.col.unused": {
        "sv": "Ej använd ram för årets beslut (härlett: ram − utfall beslut inför)",
        "en": "Frame unused for this year's decisions (derived: frame − outcome on this year's decisions)"},
    "investment_pace.col.unit_msek": {"sv": "{label}, mnkr", "en": "{label}, MSEK"},
    "investment_pace.col.group": {"sv": "Ärenden", "en": "Cases"},
    "investment_pace.col.status": {"sv": "Läge", "en": "Status"},
    "investment_pace.col.count": {"sv": "Antal", "en": "Number"},
    "investment_pace.col.source": {"sv": "Källa (fil:rad)", "en": "Source (file:line)"},
    "investment_pace.series.frame": {"sv": "Beslutad ram", "en": "Approved frame"},
    "investment_pace.series.outcome": {"sv": "Utfall totalt", "en": "Total outcome"},
    "investment_pace.series.prior": {"sv": "Beslut före {year}", "en": "Decided before {year}"},
    "investment_pace.series.current": {"sv": "Beslut inför {year}", "en": "Decided for {year}"},
    "investment_pace.group.current": {"sv": "beslutade {year}", "en": "decided in {year}"},
    "investment_pace.group.prior": {"sv": "beslutade före {year}", "en": "decided before {year}"},

    # Case statuses as the report names them (English for lang="en"; unknown ones are shown as printed)
    "investment_pace.status.planerade": {"sv": "planerade", "en": "planned"},
    "investment_pace.status.genomförda": {"sv": "genomförda", "en": "completed"},
    "investment_pace.status.återstående": {"sv": "återstående", "en": "remaining"},
    "investment_pace.status.beställda ej levererade": {"sv": "beställda, ej levererade",
                                                        "en": "ordered, not delivered"},
    "investment_pace.status.vilande i väntan på upphandling": {
        "sv": "vilande i väntan på upphandling", "en": "on hold awaiting procurement"},
    "investment_pace.status.avslutas inom kort": {"sv": "avslutas inom kort", "en": "to be closed shortly"},
    "investment_pace.status.väntar på upphandling/ramavtal": {
        "sv": "väntar på upphandling/ramavtal", "en": "awaiting procurement or framework agreement"},
    "investment_pace.status.beställda eller väntar på information": {
        "sv": "beställda eller väntar på information", "en": "ordered or awaiting information"},

    # Chart titles
    "investment_pace.chart.frame": {"sv": "Beslutad ram och utfall {year}",
                                    "en": "Approved frame and outcome {year}"},
    "investment_pace.chart.split": {"sv": "Utfall {year} efter beslutsår",
                                    "en": "Outcome {year} by year of decision"},
    "investment_pace.chart.it": {"sv": "IT-investeringar, utfall per år",
                                 "en": "IT investment, outcome per year"},

    # Source line of the IT series when it draws on several reports
    "investment_pace.source.reports": {"sv": "Årsrapporter division Länsteknik: {parts}",
                                       "en": "Annual reports, division Länsteknik: {parts}"},
    "investment_pace.source.it_investment_history": {"sv": "IT-specifikation per år",
                                                     "en": "IT specification by year"},
    "investment_pace.source.investments": {"sv": "investeringstabell", "en": "investment table"},

    "investment_pace.chart.no_figure": {"sv": "uppgift saknas", "en": "no figure"},

    # Sentences
    "investment_pace.text.utilisation": {
        "sv": "Regionstyrelsens investeringsram för {year} var {frame} och utfallet blev {outcome}, "
              "vilket motsvarar {percent} av ramen (härlett: utfall / ram × 100).",
        "en": "The regional board's investment frame for {year} was {frame} and the outcome was "
              "{outcome}, which is {percent} of the frame (derived: outcome / frame × 100)."},
    "investment_pace.text.by_category": {
        "sv": " Per kategori: {parts}.",
        "en": " By category: {parts}."},
    "investment_pace.text.category_part": {
        "sv": "{item} {outcome} mot ramen {frame} ({percent})",
        "en": "{item} {outcome} against a frame of {frame} ({percent})"},
    "investment_pace.text.over_100": {
        "sv": " Ett nyttjande över 100 % ({items}) är möjligt: utfallet omfattar även investeringar "
              "som beslutades tidigare år, medan ramen är den som beslutades för {year}.",
        "en": " Use above 100% ({items}) is possible: the outcome also includes investments decided "
              "in earlier years, while the frame is the one approved for {year}."},
    "investment_pace.text.split": {
        "sv": "Av utfallet {outcome} gick {prior} ({prior_share}) till investeringar beslutade före "
              "{year} och {current} ({current_share}) till investeringar beslutade inför {year} "
              "(andelar härledda: del / utfall totalt × 100).",
        "en": "Of the outcome of {outcome}, {prior} ({prior_share}) went to investments decided before "
              "{year} and {current} ({current_share}) to investments decided for {year} "
              "(shares derived: part / total outcome × 100)."},
    "investment_pace.text.split_top": {
        "sv": " Störst andel på tidigare beslut har {item} med {share}.",
        "en": " {item} has the largest share on earlier decisions, {share}."},
    "investment_pace.text.unused": {
        "sv": "Av årets ram på {frame} användes {current} till investeringar beslutade inför {year}; "
              "{unused} av ramen ({unused_share}) var inte använd för årets beslut vid årets slut "
              "(härlett: ram − utfall beslut inför).",
        "en": "Of this year's frame of {frame}, {current} was spent on investments decided for {year}; "
              "{unused} of the frame ({unused_share}) was not used for this year's decisions at "
              "year end (derived: frame − outcome on this year's decisions)."},
    "investment_pace.text.backlog": {
        "sv": "Enligt rapporten ligger {parent}-investeringar {what} {value} efter plan.",
        "en": "According to the report, {parent} investments {what} are {value} behind plan."},
    "investment_pace.text.backlog_what": {"sv": "beslutade före {year}", "en": "decided before {year}"},
    "investment_pace.text.backlog_vs_prior": {
        "sv": " Det kan jämföras med att {prior} av {parent}-utfallet {year} avsåg sådana tidigare beslut.",
        "en": " For comparison, {prior} of the {parent} outcome in {year} went to such earlier decisions."},
    "investment_pace.missing.backlog": {
        "sv": "belopp efter plan för investeringar beslutade tidigare år",
        "en": "amount behind plan for investments decided in earlier years"},
    "investment_pace.text.cases": {
        "sv": "Av {planned} planerade {category}-ärenden beslutade {decided} var {completed} genomförda "
              "vid årets slut, {rate} (härlett: genomförda / planerade × 100).",
        "en": "Of {planned} planned {category} cases decided in {decided}, {completed} were completed "
              "at year end, {rate} (derived: completed / planned × 100)."},
    "investment_pace.text.cases_prior": {
        "sv": " Av ärenden beslutade före {decided} var {completed} genomförda och {remaining} återstod, "
              "{rate} genomförda (härlett: genomförda / (genomförda + återstående) × 100).",
        "en": " Of cases decided before {decided}, {completed} were completed and {remaining} remained, "
              "{rate} completed (derived: completed / (completed + remaining) × 100)."},
    "investment_pace.text.cases_note": {
        "sv": " Lägena i tabellen är rapportens egna uppgifter och behöver inte summera till antalet "
              "planerade ärenden.",
        "en": " The statuses in the table are the report's own counts and need not add up to the "
              "number of planned cases."},
    "investment_pace.missing.cases": {"sv": "antal investeringsärenden, planerade och genomförda",
                                      "en": "numbers of investment cases, planned and completed"},
    "investment_pace.text.burden": {
        "sv": "Utöver IT-utfallet på {it} finansierades {project} med {amount} ur IT-ramen. "
              "IT-ramen belastades därmed med {burden}, {burden_share} av den beslutade IT-ramen "
              "på {frame} (härlett: belastning / ram × 100).",
        "en": "Besides the IT outcome of {it}, {project} was financed with {amount} from the IT frame. "
              "The IT frame thus carried {burden}, {burden_share} of the approved IT frame of "
              "{frame} (derived: burden / frame × 100)."},
    "investment_pace.missing.burden": {
        "sv": "IT-ramens totala belastning inklusive projekt som finansieras ur ramen",
        "en": "the total burden on the IT frame including projects financed from it"},
    "investment_pace.text.history": {
        "sv": "IT-utfallet per år finns för {n} år ({years}). Det gick från {first} år {y0} till "
              "{last} år {y1}, i genomsnitt {cagr} per år (härlett: (utfall {y1} / utfall {y0})"
              "^(1 / {span}) − 1).",
        "en": "IT outcome is available for {n} years ({years}). It went from {first} in {y0} to "
              "{last} in {y1}, {cagr} a year on average (derived: (outcome {y1} / outcome {y0})"
              "^(1 / {span}) − 1)."},
    "investment_pace.text.history_gap": {
        "sv": " Uppgift saknas för {years}: ingen rapport för det året ingår i underlaget.",
        "en": " No figure for {years}: no report for that year is in the data."},
    "investment_pace.text.history_no_trend": {
        "sv": " Med färre än 5 år skattas ingen trend.",
        "en": " With fewer than 5 years no trend is estimated."},
    "investment_pace.text.history_trend": {
        "sv": " En log-linjär trend över {n} år ger {growth} per år (95 % KI {low} till {high}).",
        "en": " A log-linear trend over {n} years gives {growth} a year (95% CI {low} to {high})."},
    "investment_pace.text.history_origin": {
        "sv": " Åren {hist_years} kommer från specifikationen av IT-investeringar i {hist_report} års "
              "rapport, övriga år från IT-raden i respektive års investeringstabell.",
        "en": " The years {hist_years} come from the specification of IT investment in the "
              "{hist_report} report, the other years from the IT row of each year's investment table."},
    "investment_pace.text.quality_gap": {
        "sv": "{parent}-raden anger utfall {reported} men dess underposter summerar till {recomputed}",
        "en": "The {parent} row gives an outcome of {reported} but its sub-rows add up to {recomputed}"},
    "investment_pace.text.quality_match": {
        "sv": "; skillnaden på {gap} motsvarar underposten {subrow}",
        "en": "; the difference of {gap} equals the sub-row {subrow}"},
    "investment_pace.text.quality_total": {
        "sv": ", som däremot ingår i Totalt-raden ({total} mot {parts} för summan av kategorierna)",
        "en": ", which the total row does include ({total} against {parts} for the sum of the categories)"},
    "investment_pace.text.quality_end": {
        "sv": "; de tryckta siffrorna visas oförändrade och IT-serien ovan använder {reported}.",
        "en": "; the printed figures are shown unchanged and the IT series above uses {reported}."},

    # Key figure labels
    "investment_pace.kf.frame_total_msek": {"sv": "Beslutad investeringsram", "en": "Approved investment frame"},
    "investment_pace.kf.outcome_total_msek": {"sv": "Investeringar, utfall totalt", "en": "Investment outcome, total"},
    "investment_pace.kf.utilisation_total_percent": {"sv": "Nyttjande av ram", "en": "Use of frame"},
    "investment_pace.kf.outcome_prior_msek": {"sv": "Utfall på tidigare års beslut",
                                              "en": "Outcome on earlier years' decisions"},
    "investment_pace.kf.outcome_current_msek": {"sv": "Utfall på årets beslut",
                                                "en": "Outcome on this year's decisions"},
    "investment_pace.kf.unused_current_msek": {"sv": "Ej använd ram för årets beslut",
                                               "en": "Frame unused for this year's decisions"},
    "investment_pace.kf.it_outcome_msek": {"sv": "IT-investeringar, utfall", "en": "IT investment outcome"},
    "investment_pace.kf.mt_outcome_msek": {"sv": "MT-investeringar, utfall", "en": "MT investment outcome"},
    "investment_pace.kf.backlog_msek": {"sv": "Efter plan, tidigare års beslut",
                                        "en": "Behind plan, earlier years' decisions"},
    "investment_pace.kf.cases_planned": {"sv": "Planerade ärenden, årets beslut",
                                         "en": "Planned cases, this year's decisions"},
    "investment_pace.kf.cases_completed": {"sv": "Genomförda ärenden, årets beslut",
                                           "en": "Completed cases, this year's decisions"},
    "investment_pace.kf.cases_completion_percent": {"sv": "Genomförandegrad, årets beslut",
                                                    "en": "Completion rate, this year's decisions"},
    "investment_pace.kf.it_trend_growth_percent": {"sv": "IT-investeringar, trend per år",
                                                   "en": "IT investment, trend a year"},
    "investment_pace.kf.it_history_n": {"sv": "IT-investeringar, antal år i serien",
                                        "en": "IT investment, years in the series"},
    "investment_pace.formula.utilisation": {"sv": "utfall / ram × 100", "en": "outcome / frame × 100"},
    "investment_pace.formula.unused": {"sv": "ram − utfall beslut inför",
                                       "en": "frame − outcome on this year's decisions"},
    "investment_pace.formula.completion": {"sv": "genomförda / planerade × 100",
                                           "en": "completed / planned × 100"},
    "investment_pace.formula.trend": {"sv": "log-linjär OLS: (exp(lutning) − 1) × 100",
                                      "en": "log-linear OLS: (exp(slope) − 1) × 100"},
}

"""Text of chapter 2, cost development (Kostnadsutveckling)."""

TEXTS = {
    # Headings
    "costs.title": {"sv": "Kostnadsutveckling {year}", "en": "Cost development {year}"},
    "costs.convention.heading": {"sv": "Så läses tecknen", "en": "How to read the signs"},
    "costs.cost_type.heading": {"sv": "Utfall mot budget per kostnadslag",
                                "en": "Outcome against budget by cost type"},
    "costs.business_area.heading": {"sv": "Utfall mot budget per verksamhetsområde",
                                    "en": "Outcome against budget by business area"},
    "costs.result.heading": {"sv": "Resultat", "en": "Result"},
    "costs.changes.heading": {"sv": "Förändring mot föregående år",
                              "en": "Change against the previous year"},
    "costs.explained.heading": {"sv": "Avvikelser som rapportens text förklarar",
                                "en": "Deviations explained in the report's text"},

    # What a year may lack (chapter.missing)
    "costs.cost_type.what": {"sv": "utfall och budget per kostnadslag",
                             "en": "outcome and budget by cost type"},
    "costs.business_area.what": {"sv": "utfall och budget per verksamhetsområde",
                                 "en": "outcome and budget by business area"},
    "costs.result.what": {"sv": "årets resultat", "en": "the year's result"},
    "costs.changes.what": {"sv": "kostnadsförändringar mot föregående år",
                           "en": "cost changes against the previous year"},
    "costs.explained.what": {"sv": "avvikelser för delposter i rapportens text",
                             "en": "deviations of sub-items in the report's text"},

    # Table kinds, used inside sentences
    "costs.kind.costs_by_cost_type": {"sv": "kostnadslagen", "en": "the cost types"},
    "costs.kind.result_by_business_area": {"sv": "verksamhetsområdena", "en": "the business areas"},

    "costs.plural.costs_by_cost_type": {"sv": "kostnadslag", "en": "cost types"},
    "costs.plural.result_by_business_area": {"sv": "verksamhetsområden", "en": "business areas"},
    "costs.count": {
        "sv": "Av {n} {plural} blev {better} bättre än budget och {worse} sämre",
        "en": "Of {n} {plural}, {better} came in better than budget and {worse} worse"},
    "costs.count.equal": {"sv": "; {equal} följde budget", "en": "; {equal} were on budget"},

    # Sign conventions
    "costs.convention.net_result": {
        "sv": "{title} är tryckt med intäkter positiva och nettokostnader negativa, med avvikelse = "
              "utfall − budget. Här visas nettokostnad = −tryckt värde "
              "(härlett), så att kostnader blir positiva; avvikelsen visas som tryckt, + = bättre än budget.",
        "en": "{title} is printed with income positive and net costs negative, with deviation = "
              "outcome − budget. Shown here: net cost = −printed value "
              "(derived), so that costs are positive; the deviation is shown as printed, + = better "
              "than budget."},
    "costs.convention.cost_positive": {
        "sv": "{title} är tryckt med kostnader positiva och avvikelse = budget − utfall. "
              "Värdena visas som tryckta: kostnad positiv, + = bättre än budget.",
        "en": "{title} is printed with costs positive and deviation = budget − outcome. "
              "Values are shown as printed: cost positive, + = better "
              "than budget."},
    "costs.convention.net_income": {
        "sv": "{items} har nettointäkter och visas därför med negativ nettokostnad.",
        "en": "{items} has net income and is therefore shown with a negative net cost."},
    "costs.convention.net_total": {
        "sv": "Raden Totalt är divisionens resultat med omvänt tecken: nettokostnad {cost} motsvarar resultat {result}.",
        "en": "The row Totalt is the division's result with the sign reversed: a net cost of {cost} is a result of {result}."},
    "costs.convention.none": {
        "sv": "Rapporten för {year} har ingen tabell med utfall mot budget.",
        "en": "The {year} report has no table of outcome against budget."},

    # Table columns
    "costs.col.item": {"sv": "Post", "en": "Item"},
    "costs.col.outcome_cost": {"sv": "Utfall {year}, kostnad", "en": "Outcome {year}, cost"},
    "costs.col.outcome_net_cost": {"sv": "Utfall {year}, nettokostnad*", "en": "Outcome {year}, net cost*"},
    "costs.col.budget_cost": {"sv": "Budget {year}, kostnad", "en": "Budget {year}, cost"},
    "costs.col.budget_net_cost": {"sv": "Budget {year}, nettokostnad*", "en": "Budget {year}, net cost*"},
    "costs.col.forecast_net_cost": {"sv": "Prognos, nettokostnad*", "en": "Forecast, net cost*"},
    "costs.col.forecast_cost": {"sv": "Prognos, kostnad", "en": "Forecast, cost"},
    "costs.col.deviation": {"sv": "Avvikelse mot budget", "en": "Deviation from budget"},
    "costs.col.deviation_vs_forecast": {"sv": "Avvikelse mot prognos", "en": "Deviation from forecast"},
    "costs.col.share": {"sv": "Andel av totalt utfall, %**", "en": "Share of total outcome, %**"},
    "costs.col.parent": {"sv": "Del av", "en": "Part of"},
    "costs.col.change_percent": {"sv": "Förändring, %", "en": "Change, %"},
    "costs.col.change": {"sv": "Förändring, {unit}", "en": "Change, {unit}"},
    "costs.col.section": {"sv": "Avsnitt i rapporten", "en": "Report section"},
    "costs.col.source": {"sv": "Källa (fil:rad)", "en": "Source (file:line)"},
    "costs.col.figure": {"sv": "Uppgift", "en": "Figure"},
    "costs.col.value": {"sv": "Värde", "en": "Value"},
    "costs.col.derivation": {"sv": "Härledning", "en": "Derivation"},
    "costs.caption.deviation": {
        "sv": "{title}, {unit}. Avvikelse: + = bättre än budget, − = sämre.",
        "en": "{title}, {unit}. Deviation: + = better than budget, − = worse."},

    # Notes under the tables
    "costs.note.net_cost": {
        "sv": "* Härlett: nettokostnad = −(tryckt värde), för utfall, budget och prognos.",
        "en": "* Derived: net cost = −(printed value), for outcome, budget and forecast."},
    "costs.note.share": {
        "sv": "** Härlett: andel = utfall / utfall Totalt × 100.",
        "en": "** Derived: share = outcome / outcome Totalt × 100."},
    "costs.note.flagged": {
        "sv": "† Den tryckta avvikelsen stämmer inte med budget − utfall (härlett): {items}. "
              "Tabellen visar de tryckta värdena; se avsnittet Datakvalitet.",
        "en": "† The printed deviation does not agree with budget − outcome (derived): {items}. "
              "The table shows the printed values; see the section Data quality."},
    "costs.note.flagged_item": {
        "sv": "{item} tryckt {reported}, omräknad {recomputed}",
        "en": "{item} printed {reported}, recomputed {recomputed}"},

    # Charts
    "costs.chart.title": {"sv": "Avvikelse mot budget per {kind_singular} {year}",
                          "en": "Deviation from budget by {kind_singular}, {year}"},
    "costs.chart.kind.costs_by_cost_type": {"sv": "kostnadslag", "en": "cost type"},
    "costs.chart.kind.result_by_business_area": {"sv": "verksamhetsområde", "en": "business area"},
    "costs.chart.xlabel": {"sv": "Avvikelse, {unit} (+ = bättre än budget)",
                           "en": "Deviation, {unit} (+ = better than budget)"},

    # Drivers
    "costs.drivers.both": {
        "sv": "Bland {kind} gav {fav} det största överskottet mot budget, {fav_value}; "
              "{unfav} det största underskottet, {unfav_value}.",
        "en": "Among {kind}, {fav} gave the largest surplus against budget, {fav_value}; "
              "{unfav} the largest deficit, {unfav_value}."},
    "costs.drivers.favourable_only": {
        "sv": "Bland {kind} gav {fav} det största överskottet mot budget, {fav_value}; ingen post visar underskott.",
        "en": "Among {kind}, {fav} gave the largest surplus against budget, {fav_value}; no item shows a deficit."},
    "costs.drivers.unfavourable_only": {
        "sv": "Bland {kind} visar ingen post överskott mot budget; {unfav} gav det största underskottet, {unfav_value}.",
        "en": "Among {kind}, no item shows a surplus against budget; {unfav} gave the largest deficit, {unfav_value}."},
    "costs.drivers.none": {
        "sv": "Bland {kind} avviker ingen post från budget.",
        "en": "Among {kind}, no item deviates from budget."},

    # Summary and result
    "costs.summary.result": {
        "sv": "Divisionens resultat för {year} är {result} ({state}).",
        "en": "The division's result for {year} is {result} ({state})."},
    "costs.state.surplus": {"sv": "överskott", "en": "a surplus"},
    "costs.state.deficit": {"sv": "underskott", "en": "a deficit"},
    "costs.state.balance": {"sv": "i balans", "en": "in balance"},
    "costs.summary.total_deviation": {
        "sv": "Sammantaget avviker {kind} {total} från budget (+ = bättre än budget).",
        "en": "Taken together, {kind} deviate from budget by {total} (+ = better than budget)."},
    "costs.summary.total_mismatch": {
        "sv": "Den tryckta totala avvikelsen stämmer inte med budget − utfall, som ger {recomputed}; "
              "se avsnittet Datakvalitet.",
        "en": "The printed total deviation does not agree with budget − outcome, which gives {recomputed}; "
              "see the section Data quality."},
    "costs.summary.net_cost_change": {
        "sv": "Nettokostnaden förändrades med {change} jämfört med föregående år.",
        "en": "Net cost changed by {change} compared with the previous year."},
    "costs.summary.no_result": {
        "sv": "Rapporten för {year} anger inget resultat.",
        "en": "The {year} report states no result."},
    "costs.result.text": {
        "sv": "Enligt rapportens text är resultatet {result}.",
        "en": "According to the report's text, the result is {result}."},
    "costs.result.table": {
        "sv": "Enligt tabellen {title} är resultatet {result}.",
        "en": "According to the table {title}, the result is {result}."},
    "costs.result.forecast": {
        "sv": "Mot årsprognosen ({forecast}) avviker utfallet med {deviation} (+ = bättre än prognos).",
        "en": "Against the full-year forecast ({forecast}), the outcome deviates by {deviation} "
              "(+ = better than forecast)."},
    "costs.result.target": {
        "sv": "Målet för resultatet var {target}.",
        "en": "The target for the result was {target}."},
    "costs.result.agrees_printed": {
        "sv": "Rapporten stämmer av resultatet mot den totala avvikelsen i {title}: resultatet {result} "
              "stämmer inom avrundningen med den tryckta avvikelsen {printed}, inte med den omräknade {recomputed}.",
        "en": "The report reconciles the result with the total deviation in {title}: the result {result} "
              "agrees within rounding with the printed deviation {printed}, not with the recomputed {recomputed}."},
    "costs.result.agrees_recomputed": {
        "sv": "Rapporten stämmer av resultatet mot den totala avvikelsen i {title}: resultatet {result} "
              "stämmer inom avrundningen med den omräknade avvikelsen {recomputed}, inte med den tryckta {printed}.",
        "en": "The report reconciles the result with the total deviation in {title}: the result {result} "
              "agrees within rounding with the recomputed deviation {recomputed}, not with the printed {printed}."},
    "costs.result.from_text": {"sv": "rapportens text", "en": "report text"},
    "costs.result.recomputed": {"sv": "omräknad", "en": "recomputed"},
    "costs.result.printed": {"sv": "tryckt", "en": "as printed"},
    "costs.formula.recomputed": {"sv": "härlett: budget − utfall (kostnader positiva)",
                                 "en": "derived: budget − outcome (costs positive)"},

    # Changes
    "costs.changes.intro": {
        "sv": "Rapportens text anger {n} förändringar mot föregående år; tabellen visar dem med källa.",
        "en": "The report's text states {n} changes against the previous year; the table shows them with their source."},
    "costs.changes.largest_increase": {
        "sv": "Störst ökning: {item}, {value}.", "en": "Largest increase: {item}, {value}."},
    "costs.changes.largest_decrease": {
        "sv": "Störst minskning: {item}, {value}.", "en": "Largest decrease: {item}, {value}."},

    # Key figures
    "costs.kf.deviation_table": {"sv": "Tabell för avvikelse mot budget", "en": "Table of deviation from budget"},
    "costs.kf.result_msek": {"sv": "Resultat (enligt rapportens text)", "en": "Result (report text)"},
    "costs.kf.result_table_msek": {"sv": "Resultat (tabellens Totalt)", "en": "Result (table Totalt)"},
    "costs.kf.result_vs_forecast_msek": {"sv": "Resultat mot årsprognos", "en": "Result against forecast"},
    "costs.kf.total_deviation_msek": {"sv": "Total avvikelse mot budget (tryckt, + = bättre)",
                                      "en": "Total deviation from budget (printed, + = better)"},
    "costs.kf.total_deviation_recomputed_msek": {"sv": "Total avvikelse mot budget (omräknad)",
                                                 "en": "Total deviation from budget (recomputed)"},
    "costs.kf.largest_favourable_item": {"sv": "Största överskott, post", "en": "Largest surplus, item"},
    "costs.kf.largest_favourable_value": {"sv": "Största överskott", "en": "Largest surplus"},
    "costs.kf.largest_unfavourable_item": {"sv": "Största underskott, post", "en": "Largest deficit, item"},
    "costs.kf.largest_unfavourable_value": {"sv": "Största underskott", "en": "Largest deficit"},
    "costs.kf.net_cost_change_percent": {"sv": "Nettokostnadsutveckling", "en": "Net cost change"},
    "costs.kf.n_findings": {"sv": "Avvikelser i underlaget (datakvalitet)",
                            "en": "Findings in the data (data quality)"},
}

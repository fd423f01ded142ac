"""Text of the chapter "MT-underhållets tillväxt" (growth of MT maintenance)."""

TEXTS = {
    # Headings
    "mt.title": {"sv": "MT-underhållets tillväxt {year}", "en": "Growth of MT maintenance, {year}"},
    "mt.h.overview": {"sv": "MT i siffror", "en": "MT in figures"},
    "mt.h.check": {"sv": "Avvikelsen kontrollräknad", "en": "The deviation, recomputed"},
    "mt.h.outcome_budget": {"sv": "Utfall mot budget", "en": "Outcome against budget"},
    "mt.h.growth": {"sv": "Tillväxt jämfört med andra kostnadsslag",
                    "en": "Growth compared with other cost types"},
    "mt.h.yearly": {"sv": "MT-kostnaden per år", "en": "MT cost by year"},
    "mt.h.sterile": {"sv": "Sterilteknik som del av MT-avvikelsen",
                     "en": "Sterilteknik as part of the MT deviation"},
    "mt.h.business_area": {"sv": "Verksamhetsområdet VO Medicinsk Teknik",
                           "en": "The business area VO Medicinsk Teknik"},

    # Names of the two views
    "mt.view.cost_type": {"sv": "kostnadsslaget {item}", "en": "the cost type {item}"},
    "mt.view.business_area": {"sv": "verksamhetsområdet VO {item}",
                              "en": "the business area VO {item}"},

    # Missing sections (completes common.missing: "Uppgift saknas för {year}: {what}.")
    "mt.missing.all": {
        "sv": "MT-uppgifter (rapporten har varken kostnadsslaget MT service och underhåll "
              "eller verksamhetsområdet Medicinsk Teknik)",
        "en": "MT figures (the report has neither the cost type MT service och underhåll "
              "nor the business area Medicinsk Teknik)"},
    "mt.missing.growth": {
        "sv": "förändring av MT-kostnaden mot föregående år (rapporten anger ingen)",
        "en": "change of the MT cost on the previous year (the report gives none)"},
    "mt.missing.yearly": {
        "sv": "MT-kostnaden för fler än ett år (rapporten ger varken föregående års utfall "
              "eller en förändring att räkna tillbaka från)",
        "en": "the MT cost for more than one year (the report gives neither the previous "
              "year's outcome nor a change to work back from)"},
    "mt.missing.sterile": {
        "sv": "Sterilteknikens del av MT-avvikelsen (rapporten anger den inte)",
        "en": "Sterilteknik's part of the MT deviation (the report does not give it)"},
    "mt.missing.business_area": {
        "sv": "tabell per verksamhetsområde (rapporten redovisar MT som kostnadsslag i stället)",
        "en": "a table by business area (the report shows MT as a cost type instead)"},

    # Kinds of figure and formulas
    "mt.kind.reported": {"sv": "rapporterat, tabell", "en": "reported, table"},
    "mt.kind.text": {"sv": "rapporterat, text", "en": "reported, text"},
    "mt.kind.derived": {"sv": "härlett", "en": "derived"},
    "mt.formula.dev_cost": {"sv": "härlett: budget − utfall", "en": "derived: budget − outcome"},
    "mt.formula.dev_net": {"sv": "härlett: utfall − budget", "en": "derived: outcome − budget"},
    "mt.deviation.cost": {"sv": "budget − utfall", "en": "budget − outcome"},
    "mt.deviation.net": {"sv": "utfall − budget", "en": "outcome − budget"},
    "mt.formula.share_cost": {"sv": "härlett: utfall / utfall Totalt × 100",
                              "en": "derived: outcome / outcome Totalt × 100"},
    "mt.formula.share_net": {
        "sv": "härlett: −utfall VO / summa av −utfall för VO med negativt utfall × 100",
        "en": "derived: −outcome of the VO / sum of −outcome of VOs with a negative outcome × 100"},
    "mt.formula.cost_net": {"sv": "härlett: nettokostnad = −utfall",
                            "en": "derived: net cost = −outcome"},
    "mt.formula.cost_type": {"sv": "utfall (kostnader redovisas positiva)",
                             "en": "outcome (costs printed positive)"},
    "mt.formula.previous": {
        "sv": "härlett: utfall {year} / (1 + {growth}); ungefärligt, intervall {low}–{high} "
              "med hänsyn till avrundning",
        "en": "derived: outcome {year} / (1 + {growth}); approximate, range {low}–{high} "
              "allowing for rounding"},
    "mt.formula.rest": {"sv": "härlett: MT-avvikelse − Sterilteknik",
                        "en": "derived: MT deviation − Sterilteknik"},
    "mt.formula.part": {"sv": "härlett: Sterilteknik / MT-avvikelse × 100",
                        "en": "derived: Sterilteknik / MT deviation × 100"},

    # Overview table
    "mt.col.figure": {"sv": "Uppgift", "en": "Figure"},
    "mt.col.value": {"sv": "Värde", "en": "Value"},
    "mt.col.kind": {"sv": "Typ", "en": "Kind"},
    "mt.col.basis": {"sv": "Källa (fil:rad) eller formel", "en": "Source (file:line) or formula"},
    "mt.row.outcome": {"sv": "Utfall {year}", "en": "Outcome {year}"},
    "mt.row.outcome_net": {"sv": "Utfall {year} (nettokostnad negativ, som tryckt)",
                           "en": "Outcome {year} (net cost negative, as printed)"},
    "mt.row.budget": {"sv": "Budget {year}", "en": "Budget {year}"},
    "mt.row.deviation": {"sv": "Avvikelse, rapporterad", "en": "Deviation, reported"},
    "mt.row.deviation_recomputed": {"sv": "Avvikelse, omräknad", "en": "Deviation, recomputed"},
    "mt.row.cost_net": {"sv": "Nettokostnad som positivt belopp", "en": "Net cost as a positive amount"},
    "mt.row.share_cost": {"sv": "Andel av divisionens totala kostnader",
                          "en": "Share of the division's total costs"},
    "mt.row.share_net": {"sv": "Andel av nettokostnaden i VO med negativt utfall",
                         "en": "Share of the net cost of VOs with a negative outcome"},
    "mt.row.growth": {"sv": "Förändring mot {prev}", "en": "Change on {prev}"},
    "mt.row.previous": {"sv": "Beräknat utfall {prev}", "en": "Implied outcome {prev}"},
    "mt.row.sterile": {"sv": "Därav Sterilteknik, avvikelse", "en": "Of which Sterilteknik, deviation"},
    "mt.row.forecast": {"sv": "Årsprognos {year}", "en": "Full-year forecast {year}"},
    "mt.row.deviation_forecast": {"sv": "Avvikelse mot prognos, rapporterad",
                                  "en": "Deviation from forecast, reported"},

    # Deviation check table
    "mt.col.item": {"sv": "Post", "en": "Item"},
    "mt.col.outcome": {"sv": "Utfall, {unit}", "en": "Outcome, {unit}"},
    "mt.col.budget": {"sv": "Budget, {unit}", "en": "Budget, {unit}"},
    "mt.col.dev_reported": {"sv": "Avvikelse rapporterad, {unit}", "en": "Deviation reported, {unit}"},
    "mt.col.dev_recomputed": {"sv": "Avvikelse omräknad (härlett), {unit}",
                              "en": "Deviation recomputed (derived), {unit}"},
    "mt.check.caption": {"sv": "Omräknad avvikelse = {formula}. Differens = rapporterad − omräknad.",
                         "en": "Recomputed deviation = {formula}. Difference = reported − recomputed."},
    "mt.col.difference": {"sv": "Differens, {unit}", "en": "Difference, {unit}"},
    "mt.col.agrees": {"sv": "Stämmer", "en": "Agrees"},
    "mt.col.source": {"sv": "Källa (fil:rad)", "en": "Source (file:line)"},
    "mt.yes": {"sv": "ja", "en": "yes"},
    "mt.no": {"sv": "nej", "en": "no"},
    "mt.check.mismatch": {
        "sv": "Den rapporterade avvikelsen för {view} är {reported}, men {formula} = {calc} = "
              "{recomputed}. Skillnaden på {difference} är större än avrundningen av de tryckta "
              "talen kan förklara. Det rapporterade värdet visas oförändrat och används i texten; "
              "det omräknade står bredvid.",
        "en": "The reported deviation for {view} is {reported}, but {formula} = {calc} = "
              "{recomputed}. The difference of {difference} is larger than the rounding of the "
              "printed figures can explain. The reported value is shown unchanged and used in the "
              "text; the recomputed one stands beside it."},
    "mt.check.agrees": {
        "sv": "Den rapporterade avvikelsen för {view}, {reported}, stämmer med omräkningen "
              "{formula} = {recomputed}.",
        "en": "The reported deviation for {view}, {reported}, agrees with the recomputation "
              "{formula} = {recomputed}."},
    "mt.check.columns": {
        "sv": "Tabellens avvikelser summerar till {dev_sum}, samma som dess rapporterade totala "
              "avvikelse ({dev_total}), medan utfallen summerar till {out_sum} och budgetarna till "
              "{bud_sum}, alltså budget − utfall = {recomputed_total}. Av tabellen går det inte "
              "att avgöra vilket tal på raden som är fel.",
        "en": "The table's deviations add up to {dev_sum}, the same as its reported total "
              "deviation ({dev_total}), while the outcomes add up to {out_sum} and the budgets "
              "to {bud_sum}, i.e. budget − outcome = {recomputed_total}. The table alone cannot "
              "tell which figure on the row is wrong."},

    # Summary sentences
    "mt.sum.cost_type": {
        "sv": "Kostnadsslaget {item} hade {year} ett utfall på {outcome} mot en budget på "
              "{budget}. Rapporten anger avvikelsen till {deviation} ({verdict}).",
        "en": "The cost type {item} had an outcome of {outcome} in {year} against a budget of "
              "{budget}. The report gives the deviation as {deviation} ({verdict})."},
    "mt.sum.business_area": {
        "sv": "Rapporten för {year} redovisar MT bara som verksamhetsområdet VO {item}, inte som "
              "kostnadsslaget MT service och underhåll. Verksamhetsområdets nettokostnad var "
              "{cost} mot en budget på {budget_cost}; rapporten anger avvikelsen till {deviation} "
              "({verdict}).",
        "en": "The report for {year} shows MT only as the business area VO {item}, not as the "
              "cost type MT service och underhåll. The business area's net cost was {cost} "
              "against a budget of {budget_cost}; the report gives the deviation as {deviation} "
              "({verdict})."},
    "mt.verdict.deficit": {"sv": "underskott, sämre än budget", "en": "a deficit, worse than budget"},
    "mt.verdict.surplus": {"sv": "överskott, bättre än budget", "en": "a surplus, better than budget"},
    "mt.verdict.even": {"sv": "i nivå med budget", "en": "on budget"},
    "mt.sum.mismatch": {
        "sv": "Räknat som {formula} blir avvikelsen {recomputed}, inte {reported}; "
              "skillnaden redovisas under Avvikelsen kontrollräknad och Datakvalitet.",
        "en": "Computed as {formula} the deviation is {recomputed}, not {reported}; "
              "the difference is shown under The deviation, recomputed and Data quality."},
    "mt.sum.share_cost": {
        "sv": "Det är {share} av divisionens totala kostnader på {total} (härlett).",
        "en": "That is {share} of the division's total costs of {total} (derived)."},
    "mt.sum.share_net": {
        "sv": "Det är {share} av den sammanlagda nettokostnaden, {total}, i de {n} "
              "verksamhetsområden som redovisar ett negativt utfall (härlett).",
        "en": "That is {share} of the combined net cost, {total}, of the {n} business areas "
              "with a negative outcome (derived)."},
    "mt.sum.growth": {
        "sv": "Kostnaden ökade med {growth} jämfört med {prev}, vilket ger ett beräknat utfall "
              "för {prev} på omkring {previous} och en ökning med omkring {increase} (härlett, "
              "ungefärligt eftersom utfallet är avrundat).",
        "en": "The cost rose by {growth} on {prev}, which implies an outcome for {prev} of about "
              "{previous} and an increase of about {increase} (derived, approximate because the "
              "outcome is rounded)."},
    "mt.sum.decline": {
        "sv": "Kostnaden förändrades med {growth} jämfört med {prev}, vilket ger ett beräknat "
              "utfall för {prev} på omkring {previous} (härlett, ungefärligt).",
        "en": "The cost changed by {growth} on {prev}, which implies an outcome for {prev} of "
              "about {previous} (derived, approximate)."},
    "mt.sum.faster": {"sv": "MT-kostnaden växte snabbare än {items}.",
                      "en": "The MT cost grew faster than {items}."},
    "mt.sum.slower": {"sv": "MT-kostnaden växte långsammare än {items}.",
                      "en": "The MT cost grew more slowly than {items}."},
    "mt.sum.gap": {
        "sv": "Skillnaden mot divisionens nettokostnad är {gap} procentenheter (härlett).",
        "en": "The gap to the division's net cost is {gap} percentage points (derived)."},
    "mt.sum.no_growth_for": {"sv": "För {items} anger rapporten ingen förändring.",
                             "en": "For {items} the report gives no change."},
    "mt.sum.no_growth": {
        "sv": "Rapporten anger ingen förändring mot föregående år, så tillväxten kan inte beskrivas.",
        "en": "The report gives no change on the previous year, so growth cannot be described."},
    "mt.sum.not_comparable": {
        "sv": "Verksamhetsområdet och kostnadsslaget omfattar inte samma kostnader och bör inte "
              "jämföras direkt mellan åren.",
        "en": "The business area and the cost type do not cover the same costs and should not "
              "be compared directly between years."},
    "mt.sum.sterile": {
        "sv": "Sterilteknik står för {sterile} av avvikelsen, det vill säga {part} av den "
              "rapporterade MT-avvikelsen (härlett).",
        "en": "Sterilteknik accounts for {sterile} of the deviation, that is {part} of the "
              "reported MT deviation (derived)."},
    "mt.sum.none": {"sv": "Rapporten för {year} innehåller inga MT-uppgifter.",
                    "en": "The report for {year} contains no MT figures."},
    "mt.and": {"sv": "och", "en": "and"},
    "mt.net_cost_label": {"sv": "divisionens nettokostnad", "en": "the division's net cost"},

    # Growth table and chart
    "mt.col.cost_type": {"sv": "Kostnadsslag", "en": "Cost type"},
    "mt.col.change": {"sv": "Förändring mot {prev}", "en": "Change on {prev}"},
    "mt.col.note": {"sv": "Anmärkning", "en": "Note"},
    "mt.growth.reported": {"sv": "rapporterat i texten ({source})", "en": "reported in the text ({source})"},
    "mt.growth.missing": {"sv": "uppgift saknas i rapporten", "en": "not given in the report"},
    "mt.growth.net_cost": {"sv": "divisionens nettokostnad, inget kostnadsslag ({source})",
                           "en": "the division's net cost, not a cost type ({source})"},
    "mt.growth.intro": {
        "sv": "Rapporten anger förändringen mot {prev} för {n} av {total} kostnadsslag samt för "
              "divisionens nettokostnad. Övriga kostnadsslag visas som saknade; inga värden är "
              "uppskattade.",
        "en": "The report gives the change on {prev} for {n} of {total} cost types and for the "
              "division's net cost. The other cost types are shown as missing; no values are "
              "estimated."},
    "mt.growth.intro_no_net": {
        "sv": "Rapporten anger förändringen mot {prev} för {n} av {total} kostnadsslag. Övriga "
              "kostnadsslag visas som saknade; inga värden är uppskattade.",
        "en": "The report gives the change on {prev} for {n} of {total} cost types. The other "
              "cost types are shown as missing; no values are estimated."},
    "mt.chart.growth": {"sv": "Förändring mot {prev} där rapporten anger den (saknas för {n} kostnadsslag)",
                        "en": "Change on {prev} where the report gives it (missing for {n} cost types)"},
    "mt.chart.series_change": {"sv": "Förändring", "en": "Change"},

    # Outcome/budget chart
    "mt.chart.cost_types": {"sv": "Utfall och budget per kostnadsslag {year}",
                            "en": "Outcome and budget by cost type, {year}"},
    "mt.chart.business_areas": {
        "sv": "Nettokostnad per VO {year}, utfall och budget (härlett: −belopp)",
        "en": "Net cost by VO, {year}, outcome and budget (derived: −amount)"},
    "mt.series.outcome": {"sv": "Utfall", "en": "Outcome"},
    "mt.series.budget": {"sv": "Budget", "en": "Budget"},

    # Yearly chart
    "mt.chart.yearly": {"sv": "MT-kostnad per år ({prev} härlett från förändringen {growth})",
                        "en": "MT cost by year ({prev} derived from the change of {growth})"},
    "mt.yearly.note": {
        "sv": "Stapeln för {prev} är inte rapporterad utan räknad tillbaka från förändringen "
              "{growth}; med avrundningen ligger den mellan {low} och {high}.",
        "en": "The bar for {prev} is not reported but worked back from the change of {growth}; "
              "allowing for rounding it lies between {low} and {high}."},

    # Sterile table
    "mt.col.part": {"sv": "Del", "en": "Part"},
    "mt.col.vs_reported": {"sv": "Mot rapporterad avvikelse ({value})",
                           "en": "Against the reported deviation ({value})"},
    "mt.col.vs_recomputed": {"sv": "Mot omräknad avvikelse ({value})",
                             "en": "Against the recomputed deviation ({value})"},
    "mt.part.sterile": {"sv": "Sterilteknik (rapporterat i texten)",
                        "en": "Sterilteknik (reported in the text)"},
    "mt.part.rest": {"sv": "Övrigt inom MT (härlett: avvikelse − Sterilteknik)",
                     "en": "Rest of MT (derived: deviation − Sterilteknik)"},
    "mt.part.share": {"sv": "Sterilteknikens andel (härlett)", "en": "Sterilteknik's share (derived)"},

    # Business-area table
    "mt.col.vo": {"sv": "Verksamhetsområde", "en": "Business area"},
    "mt.col.net_cost": {"sv": "Nettokostnad (härlett: −utfall)", "en": "Net cost (derived: −outcome)"},
    "mt.col.net_budget": {"sv": "Budget (härlett: −budget)", "en": "Budget (derived: −budget)"},
    "mt.col.vo_deviation": {"sv": "Avvikelse rapporterad (utfall − budget)",
                            "en": "Deviation reported (outcome − budget)"},
    "mt.col.vo_share": {"sv": "Andel av nettokostnaden (härlett)", "en": "Share of net cost (derived)"},
    "mt.ba.intro": {
        "sv": "Tabellen visar de verksamhetsområden som redovisar ett negativt utfall, det vill "
              "säga en nettokostnad. Beloppen är vända till positiva kostnader (härlett: −utfall); "
              "andelen är {formula}. VO {item} är markerat.",
        "en": "The table shows the business areas with a negative outcome, i.e. a net cost. The "
              "amounts are turned into positive costs (derived: −outcome); the share is {formula}. "
              "VO {item} is marked."},

    # Key figure labels
    "mt.kf.view": {"sv": "MT redovisas som (cost_type = kostnadsslag, business_area = verksamhetsområde)",
                   "en": "MT is reported as (cost_type or business_area)"},
    "mt.kf.item": {"sv": "MT-post", "en": "MT item"},
    "mt.kf.outcome": {"sv": "MT utfall (som rapporterat)", "en": "MT outcome (as reported)"},
    "mt.kf.budget": {"sv": "MT budget (som rapporterat)", "en": "MT budget (as reported)"},
    "mt.kf.deviation": {"sv": "MT avvikelse (som rapporterat)", "en": "MT deviation (as reported)"},
    "mt.kf.deviation_recomputed": {"sv": "MT avvikelse omräknad", "en": "MT deviation recomputed"},
    "mt.kf.cost": {"sv": "MT kostnad som positivt belopp", "en": "MT cost as a positive amount"},
    "mt.kf.share": {"sv": "MT andel av kostnaderna", "en": "MT share of costs"},
    "mt.kf.growth": {"sv": "MT förändring mot föregående år", "en": "MT change on the previous year"},
    "mt.kf.previous": {"sv": "MT beräknat utfall föregående år", "en": "MT implied previous-year outcome"},
    "mt.kf.sterile": {"sv": "Sterilteknik avvikelse", "en": "Sterilteknik deviation"},
    "mt.kf.other_growth": {"sv": "Övriga kostnader förändring", "en": "Other costs change"},
    "mt.kf.net_growth": {"sv": "Nettokostnad förändring", "en": "Net cost change"},
    "mt.kf.findings": {"sv": "Datakvalitetsfynd på MT-raden", "en": "Data-quality findings on the MT row"},
}

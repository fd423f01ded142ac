"""Seeded generator of SYNTHETIC example ledgers (issue 11): ``python -m analysis example-ledger``.

The division's real general ledger is not shipped. This package writes a made-up one, in
both formats of ``docs/ledger.md`` (SIE 4E in CP437, and ledger plus budget CSV in
Windows-1252 or UTF-8), with the mapping files, so that the ledger readers, the monthly
chapters and the benchmarks have data to work on. Every row is invented; only the totals
are the reports' figures, booked exactly to the öre:

- 2019: outcome and budget per cost type as ``data/raw/2019/kostnader_per_kostnadslag.csv``
  prints them (Personalkostnader 95 / 108 mnkr, Avskrivningskostnader 19 / 16,
  PC-utrullning 10 / 10, MT service och underhåll 19 / 12, Övriga kostnader 75 / 65);
  within MT service och underhåll, Sterilteknik's budget − outcome is −2,6 mnkr
  (``nyckeltal.csv``); the investment outcome of each sub-row of
  ``investeringar.csv`` (Datacenter 11,7, Skrivare 1,4, Telefoni 0,2, Video 1,4,
  Tyst vårdmiljö 1,5, Närsjukvården 15,2, Länssjukvården 39,1 mnkr) on investment accounts
  and objects.
- 2018 (no report of its own): only MT service och underhåll, outcome 13,4 mnkr, derived
  from the 2019 report (19 mnkr, "+42 % mot 2018": 19 / 1,42 ≈ 13,4); no budget and no other
  cost type, since no figure for them is known.

Everything else is drawn from the seed: the split of MT over its categories (EKG,
Endoskopi, …), months (seasonal shapes; MT rises through the year so that the 2019 deficit
builds up month by month), accounts, responsibilities, activities, objects, vouchers and
amounts. The same seed gives the same bytes. The files declare themselves example data
(``#PROGRAM "Lansteknik exempeldata"``, ``#FNAMN "Exempeldata (syntetisk huvudbok)"``, each
CSV row's ``Text`` starting with ``Exempeldata``) and are never written into ``data/raw``.

Modules: ``figures`` (the reproduced figures and their sources), ``chart_of_accounts`` (accounts,
responsibilities, objects: the mapping files), ``plan`` (a year's cells with exact totals),
``spread`` (rows, vouchers and amounts with numpy), ``render`` (rows as bytes),
``formats`` (SIE and CSV files), ``writer`` (the folders, checks and copies). May import
only :mod:`analysis.paths`, :mod:`analysis.exceptions` and the readers' names of the cost
types (:mod:`analysis.facts.sources.ledger.mapping`), so that what it writes is what they read.
"""

from analysis.examples.figures import YEARS
from analysis.examples.investments import write_example_investments
from analysis.examples.writer import ENCODINGS, SHIPPED, write_example_ledger

__all__ = ["ENCODINGS", "SHIPPED", "YEARS", "write_example_investments", "write_example_ledger"]

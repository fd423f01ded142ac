"""SYNTHETIC example data, seeded (``python -m analysis example-ledger``): general ledgers,
an HR statistics export and an investment register, written as the readers of
:mod:`analysis.facts.sources` read them, never into ``data/raw``.

The division's real ledger, HR data and register are not shipped. This package writes
made-up ones, so that the readers, the monthly chapters and the benchmarks have data to
work on. Every row is invented and says so (``#PROGRAM "Lansteknik exempeldata"`` and
``#FNAMN "Exempeldata (syntetisk huvudbok)"`` in a SIE file; a CSV row's ``Text``, an
``Enhet`` or a project name starting with ``Exempeldata``); only the totals are the
reports' figures, booked exactly (the 2019 cost types, MT's Sterilteknik deviation and
investment sub-rows of ``data/raw/2019/``; 2018 only MT service och underhåll, 13,4 mnkr,
from 2019's "+42 % mot 2018", without budget). The same seed gives the same bytes.

Modules: ``figures`` (the reproduced figures and their sources), ``chart_of_accounts``
(accounts, responsibilities, objects: the mapping files), ``plan`` (a year's cells with
exact totals), ``spread`` (rows, vouchers and amounts with numpy), ``render`` (rows as
bytes), ``formats`` (SIE 4E and CSV, ``docs/ledger.md``), ``writer`` (the folders, checks
and copies of the shipped exports), ``hr`` (``personal.csv``), ``investments``
(``investeringsram.csv``, ``investeringsprojekt.csv``), ``periods`` (the period reports'
example project: ledgers, HR exports and ``prognos.csv``).

A layer beside :mod:`analysis.chapters`, below publishing: may import :mod:`analysis.paths`,
:mod:`analysis.exceptions` and the names the readers use (the cost types of
:mod:`analysis.facts.sources.ledger.mapping`, the HR export's header and age groups, the
register's sub-rows), so that what it writes is what they read. The imports below are
the package's own writers, which the command line calls.
"""

from analysis.examples.figures import YEARS
from analysis.examples.investments import write_example_investments
from analysis.examples.writer import ENCODINGS, SHIPPED, write_example_ledger

__all__ = ["ENCODINGS", "SHIPPED", "YEARS", "write_example_investments", "write_example_ledger"]

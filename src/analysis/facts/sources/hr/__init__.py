"""The HR system's statistics export ``<year>/personal.csv`` (issue 19; ``data/raw/README.md``,
"HR export"): aggregated rows per month, unit, sex and age group, never a row per person.

- :mod:`.statistics`: reads and checks the file, the processed table ``hr_monthly`` and the
  ``hr_vs_table`` findings against the printed figures of the same year;
- :mod:`.staff_figures`: the staff facts, pure: sick leave by SKR's definitions (total, short,
  long, by sex, age and unit), full-time equivalents, employees, turnover, extra time; a
  sick-leave figure of a group of :data:`~.staff_figures.MAX_WITHHELD` employees or fewer is
  withheld here, so that nothing after the cleaning can show it;
- :mod:`.recompute`: whether the total and the figures shown beside a withheld one would give
  it away, and so which shown group must be withheld with it (pure; the printed breakdowns'
  :mod:`analysis.presentation.disclosure` asks it too).

May import :mod:`analysis.exceptions`, the facts layer's ``schema``, ``numbers``, ``catalog``
and ``vocabulary``, and :mod:`analysis.facts.sources.reading` and ``exports``; never a later
step of the facts. This file imports nothing.
"""

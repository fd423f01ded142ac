"""What the build makes from the published pages: the downloads.

- :mod:`.workbook`: a chapter's tables as ``reports/<year>/<chapter>.xlsx``;
- :mod:`.pdf`: the year's document printed by Chromium, ``arsrapport.pdf``;
- :mod:`.key_figures`: every year's key figures, ``reports/nyckeltal.xlsx`` and ``.csv``;
- :mod:`.sources`: the source column of them (file:line, or a derived figure's formula);
- :mod:`.publish`: makes each of them again when a page it is made from changed.

A room of :mod:`analysis.publishing`: may import :mod:`analysis.publishing.pages`,
:mod:`analysis.publishing.model` and every layer below publishing; never ``batch`` or
``cli``, which import it. This file imports nothing.
"""

"""The chapters: one module (or subpackage) per chapter notebook, the figures it shows.

``common`` is what every chapter notebook uses (``setup``, headings, the one-line note for
missing data, the data-quality note); ``quality`` (01), ``costs`` (02), ``mt`` (03),
``investments`` (04), ``staff`` (05), ``scorecard`` (06) and ``assignments`` (07) each select
their views of the facts, build their sentences and key
figures, and hand tables and charts to :mod:`analysis.presentation`.

May import :mod:`analysis.facts`, :mod:`analysis.commentary`, :mod:`analysis.presentation` and :mod:`analysis.texts`;
never :mod:`analysis.publishing` (chapters run inside notebooks, the batch runs notebooks).
"""

"""The analysts' own words in the report: commentary files per year and chapter
(:mod:`~analysis.commentary.source`, located by :mod:`~analysis.commentary.files`), made safe
HTML (:mod:`~analysis.commentary.markdown`), their figures inserted and checked
(:mod:`~analysis.commentary.figures`, :mod:`~analysis.commentary.review`), and their approvals
kept against the data (:mod:`~analysis.commentary.approval`). See ``docs/commentary.md``.

A layer between the chapters (which place the blocks as they show their headings,
:mod:`analysis.chapters.comments`) and presentation: it may import presentation (number
formats), texts and facts, and never the chapters or publishing. Publishing imports only the
light :mod:`~analysis.commentary.files` at start-up (names, paths, states).
"""

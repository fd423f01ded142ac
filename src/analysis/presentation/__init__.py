"""Presentation: how figures look in a chapter, in Swedish or English.

``formatting`` writes numbers for Swedish and English readers (``1 234,5 mnkr``, ``13 %``),
``tables`` styles DataFrames (escaped, totals set apart), ``charts`` draws the seaborn
charts with their source line and alt text, ``disclosure`` withholds a breakdown's figure
for a group of 10 employees or fewer (the HR figures' rule, and says why), ``keyfigures``
records a chapter's key figures in its executed notebook for the indexes and for programs,
and ``outputs`` names what those outputs carry for the page export (MIME types, metadata).

May import :mod:`analysis.facts` (labels and units of the catalog) and
:mod:`analysis.texts`; never the chapters or publishing.
"""

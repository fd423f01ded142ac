"""Publishing: run the chapter notebooks as a batch and turn them into offline HTML.

``cli`` is ``python -m analysis``; ``batch`` plans (``plan``: fingerprints, what is
unchanged), runs (``run``: kernels, failures) and schedules the chapters of every year;
``html_export`` renders an executed notebook with the page ``templates/``, and
``index_pages`` writes the year and root indexes.

The top layer: may import everything below it (facts, presentation, texts), while nothing
below imports it.
"""

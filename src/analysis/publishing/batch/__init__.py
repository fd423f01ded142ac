"""Running a build (``docs/batch.md``): every chapter notebook of every year, in parallel,
incrementally, stoppable.

- :mod:`.build`: :func:`~.build.run_batch` and the command's ``main``, the summary table;
- :mod:`.plan`: the fingerprints, and which chapters are unchanged (what to re-run);
- :mod:`.schedule`: the order on an executor (cleaning first, the summary last);
- :mod:`.worker`, :mod:`.execute`: a worker process, and one chapter run in it;
- :mod:`.stopping`: SIGINT and SIGTERM; :mod:`.zygote`, :mod:`.forked_kernels`: kernels
  forked from a process that imported the stack once;
- :mod:`.notebooks` (the chapter notebooks of a folder), :mod:`.record` (the year's
  ``chapters.json``), :mod:`.jupyter_setup` (the project's kernel and JupyterLab settings).

A room of :mod:`analysis.publishing`: may import the rooms below it (``downloads``, ``pages``,
``model``) and every layer below publishing; :mod:`analysis.publishing.cli` alone imports it.
This file imports nothing: a worker or the zygote imports only the modules it needs.
"""

"""The command line, ``python -m analysis`` (:mod:`.commands`): ``build`` (the default),
``clean``, ``kernel`` and ``example-ledger``, with their options, one-line errors and exit
statuses.

The top room of :mod:`analysis.publishing`: may import every room below it (``batch``,
``downloads``, ``pages``, ``model``) and every layer below publishing; the heavy ones are
imported inside the commands, so that a Ctrl-C in the first second is handled before pandas
is imported. Nothing imports it but ``analysis.__main__``. This file imports nothing.
"""

"""``python -m analysis``: see :mod:`analysis.publishing.cli.commands`."""

import os
import sys

from analysis.publishing.cli.commands import main

try:
    status = main()
    sys.stdout.flush()
except BrokenPipeError:  # `python -m analysis clean | head`: the reader has gone, not an error of ours
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
    status = 141  # as a shell reports a process ended by SIGPIPE
sys.exit(status)

"""``python -m analysis``: see :mod:`analysis.publishing.cli`."""

import sys

from analysis.publishing.cli import main

sys.exit(main())

"""``python -m firmbrief``: the same as the ``firmbrief`` command."""

import sys

from firmbrief.cli import main

sys.exit(main())

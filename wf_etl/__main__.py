"""`python -m wf_etl` is the `wf-etl` command."""

import sys

from wf_etl.cli import main

sys.exit(main())

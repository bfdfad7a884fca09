"""`python -m desktop` runs the `casefile` command."""

from desktop.cli import main

raise SystemExit(main())

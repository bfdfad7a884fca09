"""`python -m desktop` runs the `casefile` command."""

from desktop.cli import main

if __name__ == "__main__":  # reader processes (spawned) must not run the command again
    raise SystemExit(main())

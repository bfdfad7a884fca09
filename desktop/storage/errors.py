"""Why a case file could not be opened or written, in words a user can act on."""

from __future__ import annotations

from pathlib import Path


class CaseError(Exception):
    """Any problem with a case file; str() is a complete sentence naming the file."""

    def __init__(self, path: Path | str, problem: str):
        self.path = Path(path)
        self.problem = problem
        super().__init__(f"{self.path}: {problem}")


class NotACase(CaseError):
    """The file is not a SQLite database, or is one that Casefile did not write."""


class NewerCase(CaseError):
    """Written by a newer Casefile whose schema this version does not know."""


class CaseInUse(CaseError):
    """Another Casefile process has the case open."""


class DamagedCase(CaseError):
    """SQLite reports the file as malformed."""

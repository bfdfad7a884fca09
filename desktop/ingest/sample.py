"""The sample case: the seed articles and seeds/case.toml, built into a new case file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from desktop.ingest.case_toml import build_from_description, load_description
from desktop.storage.casefile import Case, create_case

SAMPLE_TITLE = "US presses Meta to submit AI models for pre-release review"


def seeds_folder() -> Path:
    """Where seeds/ is: $CASEFILE_SEEDS, the source tree, or the installed data files."""
    candidates = [
        os.environ.get("CASEFILE_SEEDS"),
        Path(__file__).resolve().parents[2] / "seeds",
        Path(sys.prefix) / "share" / "casefile" / "seeds",
    ]
    for candidate in candidates:
        if candidate and (Path(candidate) / "case.toml").is_file():
            return Path(candidate)
    raise FileNotFoundError("the sample case's seeds/case.toml was not found")


def build_sample(path: Path | str, seeds: Path | None = None) -> Case:
    """Create the sample case at path and return it open; a failed build leaves no file."""
    description = (seeds or seeds_folder()) / "case.toml"
    doc = load_description(description)
    case = create_case(path, doc.get("case", {}).get("title", SAMPLE_TITLE))
    try:
        build_from_description(case, description, doc)
    except BaseException:
        case.discard()
        raise
    return case

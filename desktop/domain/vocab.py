"""The controlled vocabularies of a case: kinds, grades, ranks, statuses and stances."""

from __future__ import annotations

ENTITY_KINDS = ("company", "agency", "person", "model", "document", "other")
KIND_LABELS = {
    "company": "Companies", "agency": "Government bodies", "person": "People",
    "model": "AI models", "document": "Documents", "other": "Other",
}
KIND_NAMES = {
    "company": "Company", "agency": "Government body", "person": "Person",
    "model": "AI model", "document": "Document", "other": "Other",
}

# NATO / Admiralty code: the source's reliability and the information's credibility.
RELIABILITY = {
    "A": "Completely reliable",
    "B": "Usually reliable",
    "C": "Fairly reliable",
    "D": "Not usually reliable",
    "E": "Unreliable",
    "F": "Reliability cannot be judged",
}
CREDIBILITY = {
    1: "Confirmed by other sources",
    2: "Probably true",
    3: "Possibly true",
    4: "Doubtful",
    5: "Improbable",
    6: "Truth cannot be judged",
}

RANKS = ("preferred", "normal", "deprecated")  # as Wikidata statement ranks
STATUSES = ("draft", "reviewed", "disputed", "retracted")
STANCES = ("supports", "contradicts", "context")
STANCE_NAMES = {"supports": "Supports", "contradicts": "Contradicts", "context": "Context only"}
ANCHOR_STATUSES = ("exact", "moved", "fuzzy", "orphan")
DATATYPES = ("text", "bool", "date", "entity", "number")
LINEAGE_RELATIONS = ("reworks", "cites", "reposts", "translates")
MOTIVATIONS = ("commenting", "questioning", "assessing", "highlighting")
ANNOTATION_STATUSES = ("open", "resolved")
PAGE_SIZES = ("A4", "Letter")

# ICD 203 expressions of likelihood, lowest to highest, and of analytic confidence.
LIKELIHOODS = (
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
)
CONFIDENCES = ("low", "moderate", "high")


def check_citation(stance: str, credibility: int | None) -> None:
    """Raise ValueError for a stance or Admiralty credibility outside the vocabulary."""
    if stance not in STANCES:
        raise ValueError(f"unknown stance {stance!r}; expected one of {', '.join(STANCES)}")
    if credibility is not None and credibility not in CREDIBILITY:
        raise ValueError(f"credibility must be 1-6, not {credibility!r}")


def grade(reliability: str | None, credibility: int | None) -> str:
    """The Admiralty form shown beside a citation, e.g. ``B2``; unknown parts print as ``?``."""
    return f"{reliability or '?'}{credibility if credibility is not None else '?'}"

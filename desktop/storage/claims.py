"""Comparison properties, claims and the citations that tie claims to excerpts."""

from __future__ import annotations

from desktop.domain import vocab
from desktop.domain.dates import parse_edtf
from desktop.storage.changes import Writer, new_uid, now_iso


def add_property(
    w: Writer, key: str, label: str, datatype: str, description: str | None = None,
    order: int = 0,
) -> int:
    if datatype not in vocab.DATATYPES:
        raise ValueError(f"unknown datatype {datatype!r}")
    return w.insert(
        "properties",
        {"uid": new_uid(), "key": key, "label": label, "datatype": datatype,
         "description": description, "ord": order},
    )


def add_claim(
    w: Writer,
    subject_id: int,
    text: str,
    *,
    property_id: int | None = None,
    value: str | None = None,
    value_entity_id: int | None = None,
    when: str | None = None,
    rank: str = "normal",
    rank_reason: str | None = None,
    status: str = "draft",
    likelihood: str | None = None,
    confidence: str | None = None,
    uid: str | None = None,
) -> int:
    _require(rank, vocab.RANKS, "rank")
    _require(status, vocab.STATUSES, "status")
    if likelihood is not None:
        _require(likelihood, vocab.LIKELIHOODS, "likelihood")
    if confidence is not None:
        _require(confidence, vocab.CONFIDENCES, "confidence")
    if rank == "deprecated" and not rank_reason:
        raise ValueError("a deprecated claim needs a reason")
    if property_id is not None and value is None and value_entity_id is None:
        raise ValueError("a claim on a property needs a value")
    bounds = parse_edtf(when) if when else None
    stamp = now_iso()
    return w.insert(
        "claims",
        {
            "uid": uid or new_uid(),
            "subject_id": subject_id,
            "property_id": property_id,
            "value": value,
            "value_entity_id": value_entity_id,
            "text": text,
            "when_edtf": when,
            "when_lower": bounds.lower if bounds else None,
            "when_upper": bounds.upper if bounds else None,
            "rank": rank,
            "rank_reason": rank_reason,
            "status": status,
            "likelihood": likelihood,
            "confidence": confidence,
            "created_at": stamp,
            "created_by": w.actor,
            "updated_at": stamp,
        },
    )


def add_citation(
    w: Writer,
    claim_id: int,
    excerpt_id: int,
    stance: str,
    *,
    credibility: int | None = None,
    note: str | None = None,
) -> int:
    vocab.check_citation(stance, credibility)
    return w.insert(
        "citations",
        {
            "uid": new_uid(),
            "claim_id": claim_id,
            "excerpt_id": excerpt_id,
            "stance": stance,
            "credibility": credibility,
            "note": note,
            "created_at": now_iso(),
            "created_by": w.actor,
        },
    )


def set_rank(w: Writer, claim_id: int, rank: str, reason: str | None = None) -> None:
    """Rank a claim as Wikidata ranks statements; deprecating one needs a reason."""
    _require(rank, vocab.RANKS, "rank")
    reason = (reason or "").strip() or None
    if rank == "deprecated" and not reason:
        raise ValueError("say why the claim is deprecated")
    if w.db.execute("SELECT 1 FROM claims WHERE id = ?", [claim_id]).fetchone() is None:
        raise ValueError("that claim is no longer in the case")
    w.update("claims", claim_id, {"rank": rank, "rank_reason": reason, "updated_at": now_iso()})


def _require(value: str, allowed: tuple[str, ...], what: str) -> None:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}; expected one of {', '.join(allowed)}")

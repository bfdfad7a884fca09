"""Grading: a source's reliability (Admiralty A-F) and why, a citation's credibility (1-6), and a
claim's status with its ICD 203 likelihood and confidence."""

from __future__ import annotations

from desktop.domain import vocab
from desktop.storage.changes import Writer, now_iso

MAX_NOTE = 2_000  # characters: a descriptor is a sentence or two, not an essay


def set_reliability(w: Writer, source_id: int, reliability: str | None,
                    note: str | None = None) -> None:
    """The source's grade (None: not graded) and the words that justify it."""
    if reliability is not None and reliability not in vocab.RELIABILITY:
        raise ValueError(f"reliability must be one of {', '.join(vocab.RELIABILITY)}, "
                         f"not {reliability!r}")
    note = _note(note)
    _require_row(w, "sources", source_id, "source")
    w.update("sources", source_id, {"reliability": reliability, "reliability_note": note})


def set_credibility(w: Writer, citation_id: int, credibility: int | None,
                    table: str = "citations") -> None:
    """How credible the cited information is (1-6), on a claim's or an event's citation."""
    if table not in ("citations", "event_citations"):
        raise ValueError(f"no citations in {table!r}")
    if credibility is not None and credibility not in vocab.CREDIBILITY:
        raise ValueError(f"credibility must be 1-6, not {credibility!r}")
    _require_row(w, table, citation_id, "citation")
    w.update(table, citation_id, {"credibility": credibility})


def set_claim_status(w: Writer, claim_id: int, status: str, likelihood: str | None = None,
                     confidence: str | None = None) -> None:
    """Draft, reviewed, disputed or retracted, with the analyst's likelihood and confidence in
    the words of ICD 203 (either may be left unsaid)."""
    if status not in vocab.STATUSES:
        raise ValueError(f"status must be one of {', '.join(vocab.STATUSES)}, not {status!r}")
    if likelihood is not None and likelihood not in vocab.LIKELIHOODS:
        raise ValueError(f"likelihood must be one of the ICD 203 words, not {likelihood!r}")
    if confidence is not None and confidence not in vocab.CONFIDENCES:
        raise ValueError(f"confidence must be low, moderate or high, not {confidence!r}")
    _require_row(w, "claims", claim_id, "claim")
    w.update("claims", claim_id, {"status": status, "likelihood": likelihood,
                                  "confidence": confidence, "updated_at": now_iso()})


def _note(note: str | None) -> str | None:
    text = (note or "").strip()
    if len(text) > MAX_NOTE:
        raise ValueError(f"the note is longer than {MAX_NOTE:,} characters")
    return text or None


def _require_row(w: Writer, table: str, row_id: int, what: str) -> None:
    if w.db.execute(f"SELECT 1 FROM [{table}] WHERE id = ?", [row_id]).fetchone() is None:  # noqa: S608 - fixed names
        raise ValueError(f"that {what} is no longer in the case")

"""Reading exchanged annotations: W3C Web Annotation JSON-LD (ours or another tool's) and
Hypothesis's export JSON, checked field by field into one plain form."""

from __future__ import annotations

import json
import re
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.domain.vocab import ANNOTATION_STATUSES, MOTIVATIONS
from desktop.storage.annotations import MAX_BODY_CHARS, check_timestamp, clean_tags
from desktop.storage.export import FORMAT as CASE_EXPORT

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ANNOTATIONS = 50_000
MAX_QUOTE_CHARS = 100_000
MAX_CONTEXT_CHARS = 1_000  # a quote's prefix or suffix (Hypothesis keeps 32 characters)
MAX_NAME_CHARS = 2_000  # ids, addresses, reviewers' names
MAX_POSITION = 1_000_000_000  # beyond any text a case holds
ANNO_CONTEXTS = ("http://www.w3.org/ns/anno.jsonld", "https://www.w3.org/ns/anno.jsonld")
HYPOTHESIS_IDS = "https://hypothes.is/a/"  # Hypothesis's own address for an annotation
_SHA256 = re.compile(r"[0-9a-f]{64}")


class Refusal(ValueError):
    """The file cannot be imported; the message is one line saying why."""


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Incoming:
    """One annotation as a file gives it, before it is matched to a source and anchored."""

    uid: str
    label: str  # the id as the file writes it, for messages
    parent: str | None  # uid of the annotation this one answers
    source_refs: tuple[str, ...]  # the source's address or urn:uuid, in order of trust
    sha256: str | None  # the text its positions count in, when the file says
    quote: Quote | None
    position: tuple[int, int] | None
    body: str
    tags: tuple[str, ...]
    motivation: str
    status: str | None  # None: the file does not say (Hypothesis); kept, or open when new
    reviewer: str | None
    private: bool
    created: str
    modified: str | None


def sniff(head: bytes) -> bool:
    """Whether a file's first bytes could start a JSON annotation export."""
    return head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] in (b"{", b"[")


def load(path: Path) -> Any:
    """The file's JSON, or a Refusal (too large, not UTF-8, not JSON)."""
    try:
        info = path.stat()
        # A device or a pipe reports no size and never ends: only ordinary files are read.
        if not stat.S_ISREG(info.st_mode):
            raise Refusal("is not an ordinary file")
        if info.st_size > MAX_FILE_BYTES:
            raise Refusal(f"is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)  # never more, whatever it grows to
    except OSError as exc:
        raise Refusal(f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:  # grew since it was measured
        raise Refusal(f"is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")
    try:
        return json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise Refusal("is not UTF-8 text") from None
    except RecursionError:
        raise Refusal("is nested too deeply to read") from None
    except ValueError as exc:
        raise Refusal(f"is not JSON ({str(exc).splitlines()[0][:120]})") from None


def recognise(document: Any) -> str | None:
    """'w3c' or 'hypothesis' by content, or None for anything else."""
    if isinstance(document, dict):
        if document.get("format") == CASE_EXPORT:
            return None
        context = document.get("@context")
        contexts = context if isinstance(context, list) else [context]
        if any(c in ANNO_CONTEXTS for c in contexts if isinstance(c, str)):
            return "w3c"
        if isinstance(document.get("rows"), list) or isinstance(document.get("annotations"), list):
            return "hypothesis"
        return None
    return "hypothesis" if isinstance(document, list) else None


def parse(document: Any) -> list[Incoming]:
    """Every annotation of a recognised document, or a Refusal naming the first bad one."""
    kind = recognise(document)
    if kind is None and isinstance(document, dict) and document.get("format") == CASE_EXPORT:
        raise Refusal("is a whole case exported with `casefile export --json`, not an "
                      "annotation export: export its notes with `casefile export CASE "
                      "--annotations OUT.jsonld` and import that")
    if kind is None:
        raise Refusal("is not an annotation export (W3C Web Annotation JSON-LD or Hypothesis)")
    if kind == "w3c":
        items = document.get("items")
        if items is None and isinstance(document.get("first"), dict):  # a paged collection
            items = document["first"].get("items")
        if items is None and "Annotation" in _words(document.get("type")):
            items = [document]
        read = _w3c
    else:
        items = document if isinstance(document, list) else (
            document.get("rows") if isinstance(document.get("rows"), list)
            else document.get("annotations"))
        read = _hypothesis
    if not isinstance(items, list):
        raise Refusal("has no list of annotations (\"items\")")
    if len(items) > MAX_ANNOTATIONS:
        raise Refusal(f"holds {len(items):,} annotations; at most {MAX_ANNOTATIONS:,} at a time")
    found, seen = [], set()
    for n, obj in enumerate(items, 1):
        where = f"annotation {n}"
        if not isinstance(obj, dict):
            raise Refusal(f"{where} is not an object")
        label = _text(obj, "id", where, MAX_NAME_CHARS, required=True)
        try:
            item = read(obj, label)
        except (Refusal, ValueError) as exc:
            raise Refusal(f"{where} ({label[:80]}): {exc}") from None
        if item.uid in seen:
            raise Refusal(f"{where} ({label[:80]}): the same id appears twice")
        seen.add(item.uid)
        found.append(item)
    return found


def _w3c(obj: dict, label: str) -> Incoming:
    if "Annotation" not in _words(obj.get("type")):
        raise Refusal("is not of type Annotation")
    motivations = _words(obj.get("motivation"))
    texts, tags, purposes = [], [], []
    bodies = obj.get("body", [])
    for body in bodies if isinstance(bodies, list) else [bodies]:
        if isinstance(body, str):
            continue  # a body that is only an address: nothing to keep
        if not isinstance(body, dict):
            raise Refusal("a body is neither an object nor an address")
        value = _text(body, "value", "a body", MAX_BODY_CHARS)
        purpose = _words(body.get("purpose"))
        if value is not None:
            (tags if "tagging" in purpose else texts).append(value)
            purposes += purpose
    if sum(map(len, texts)) > MAX_BODY_CHARS:
        raise Refusal(f"its bodies are longer than {MAX_BODY_CHARS:,} characters together")
    target = obj.get("target")
    target = target[0] if isinstance(target, list) and target else target
    if isinstance(target, str):
        ref, selectors = _name(target, "target"), None
    elif isinstance(target, dict):
        ref = _text(target, "source", "target", MAX_NAME_CHARS, required=True)
        selectors = target.get("selector")
    else:
        raise Refusal("has no target")
    creator = obj.get("creator")
    reviewer = _text(creator, "name", "creator", MAX_NAME_CHARS) if isinstance(creator, dict) \
        else _name(creator, "creator") if creator is not None else None
    status = obj.get("casefile:status", "open")
    if status not in ANNOTATION_STATUSES:
        raise Refusal(f"casefile:status must be open or resolved, not {str(status)[:40]!r}")
    private = obj.get("casefile:private", False)
    if not isinstance(private, bool):
        raise Refusal("casefile:private must be true or false")
    sha = obj.get("casefile:sourceSha256")
    if sha is not None and not (isinstance(sha, str) and _SHA256.fullmatch(sha)):
        raise Refusal("casefile:sourceSha256 is not a SHA-256 in hex")
    modified = _when(obj, "modified")
    created = _when(obj, "created") or modified
    if created is None:
        raise Refusal("has no created date")
    reply = "replying" in motivations
    own = obj.get("casefile:source")
    refs = (ref, _name(own, "casefile:source")) if own is not None else (ref,)
    quote, position = _selectors(selectors)
    return Incoming(
        uid=uid_of(label), label=label, parent=uid_of(ref) if reply else None,
        source_refs=() if reply else refs, sha256=sha, quote=quote, position=position,
        body="\n\n".join(texts), tags=tuple(clean_tags(tags)),
        motivation=next((m for m in [*purposes, *motivations] if m in MOTIVATIONS), "commenting"),
        status=status, reviewer=reviewer, private=private, created=created, modified=modified)


def _hypothesis(obj: dict, label: str) -> Incoming:
    targets = obj.get("target")
    if not isinstance(targets, list) or not targets or not isinstance(targets[0], dict):
        raise Refusal("target must be a list of objects")
    uri = _text(obj, "uri", "uri", MAX_NAME_CHARS) or _text(
        targets[0], "source", "target", MAX_NAME_CHARS, required=True)
    quote, position = _selectors(targets[0].get("selector"))
    text = _text(obj, "text", "text", MAX_BODY_CHARS) or ""
    tags = obj.get("tags") or []
    if not isinstance(tags, list):
        raise Refusal("tags must be a list")
    references = obj.get("references") or []
    if not isinstance(references, list) or not all(isinstance(r, str) for r in references):
        raise Refusal("references must be a list of ids")
    user = _text(obj, "user", "user", MAX_NAME_CHARS)
    permissions = obj.get("permissions")
    readers = permissions.get("read") if isinstance(permissions, dict) else None
    private = isinstance(readers, list) and bool(readers) and not any(
        isinstance(r, str) and r.startswith("group:") for r in readers)
    highlight = not references and not text.strip() and not tags and quote is not None
    return Incoming(
        uid=uid_of(HYPOTHESIS_IDS + label), label=label,
        parent=uid_of(HYPOTHESIS_IDS + _name(references[-1], "references")) if references
        else None,
        source_refs=() if references else (uri,), sha256=None, quote=quote, position=position,
        body=text, tags=tuple(clean_tags(tags)),
        motivation="highlighting" if highlight else "commenting", status=None,
        reviewer=user.removeprefix("acct:") if user else None, private=private,
        created=_when(obj, "created", required=True), modified=_when(obj, "updated", True))


def _selectors(value: Any) -> tuple[Quote | None, tuple[int, int] | None]:
    """The quote and the position among a target's selectors (others, e.g. a RangeSelector
    naming a web page's elements, say nothing about our plain text)."""
    quote = position = None
    for selector in value if isinstance(value, list) else [] if value is None else [value]:
        if not isinstance(selector, dict):
            raise Refusal("a selector is not an object")
        kind = selector.get("type")
        if kind == "TextQuoteSelector":
            exact = _text(selector, "exact", "TextQuoteSelector", MAX_QUOTE_CHARS, required=True)
            if not exact:
                raise Refusal("TextQuoteSelector quotes no words")
            quote = Quote(exact, *(_text(selector, side, "TextQuoteSelector", MAX_CONTEXT_CHARS)
                                   or "" for side in ("prefix", "suffix")))
        elif kind == "TextPositionSelector":
            start, end = selector.get("start"), selector.get("end")
            if not all(type(v) is int for v in (start, end)):
                raise Refusal("TextPositionSelector start and end must be whole numbers")
            if not 0 <= start <= end <= MAX_POSITION:
                raise Refusal(f"TextPositionSelector {start}-{end} is out of range")
            position = (start, end)
    return quote, position


def uid_of(ref: str) -> str:
    """Our uid for an annotation id: the UUID of a urn:uuid, else one derived from the id, the
    same every time (a second import recognises what the first brought in)."""
    found = uuid_in(ref)
    return found if found is not None else str(uuid.uuid5(uuid.NAMESPACE_URL, ref))


def uuid_in(ref: str) -> str | None:
    """The UUID a urn:uuid names, written as we write uids (lower case, no braces), or None."""
    if not ref.lower().startswith("urn:uuid:"):
        return None
    try:
        return str(uuid.UUID(ref[9:]))
    except ValueError:
        return None


def _words(value: Any) -> list[str]:
    """A JSON-LD value that may be one word or a list of them (type, motivation, purpose)."""
    if value is None:
        return []
    words = [value] if isinstance(value, str) else value
    if not isinstance(words, list) or not all(isinstance(w, str) and len(w) <= 200
                                              for w in words):
        raise Refusal(f"{str(value)[:40]!r} is not a word or a list of words")
    return words


def _text(obj: Any, key: str, where: str, limit: int, required: bool = False) -> str | None:
    value = obj.get(key) if isinstance(obj, dict) else None
    if value is None:
        if required:
            raise Refusal(f"{where} has no {key!r}")
        return None
    if not isinstance(value, str):
        raise Refusal(f"{where}: {key!r} must be text, not {type(value).__name__}")
    if len(value) > limit:
        raise Refusal(f"{where}: {key!r} is longer than {limit:,} characters")
    return value


def _name(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value:
        raise Refusal(f"{where} must be text")
    if len(value) > MAX_NAME_CHARS:
        raise Refusal(f"{where} is longer than {MAX_NAME_CHARS:,} characters")
    return value


def _when(obj: dict, key: str, required: bool = False) -> str | None:
    value = _text(obj, key, key, 64, required)
    return check_timestamp(value, key) if value is not None else None

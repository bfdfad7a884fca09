"""Exchanging annotations: W3C Web Annotation JSON-LD out and in, Hypothesis exports in, hostile
files refused whole, and the command line around them."""

from __future__ import annotations

import json
import shutil

import pytest

from desktop.ingest.annotations_import import import_annotations
from desktop.ingest.case_toml import stable_uid
from desktop.report.markup import render_markdown
from desktop.storage import annotations as ann
from desktop.storage.annotations_export import annotations_jsonld, write_annotations_jsonld
from desktop.storage.casefile import open_case
from desktop.storage.changes import write
from desktop.storage.sources import current_text
from tests.conftest import run_cli

NYT_URL = "https://www.nytimes.com/2026/06/10/technology/meta-ai-model-reviews.html"
W3C_MOTIVATIONS = {"commenting", "questioning", "assessing", "highlighting", "replying"}
HOSTILE = ("<script>alert(1)</script> <img src=x onerror=alert(1)> [link](javascript:alert(1))"
           " <iframe src=https://example.org></iframe> <style>p {display:none}</style> words")
FORBIDDEN = ("<script", "onerror", "javascript:", "<img", "<iframe", "<style")


def _source(case, key: str) -> int:
    return case.db.execute("SELECT id FROM sources WHERE uid = ?",
                           [stable_uid("source", key)]).fetchone()[0]


def _span(case, source_id: int, quote: str) -> tuple[int, int]:
    start = current_text(case.db, source_id).text.index(quote)
    return start, start + len(quote)


@pytest.fixture
def fresh(built_sample, tmp_path):
    """A second, untouched copy of the sample case."""
    path = tmp_path / "fresh.casefile"
    shutil.copyfile(built_sample, path)
    case = open_case(path)
    yield case
    case.close()


def _annotate(case) -> dict[str, int]:
    """A little of everything: quoted words, threads two deep, a whole-source note, a
    highlight, a resolved note, a private one, other reviewers, non-ASCII words."""
    nyt, tnw, abab = _source(case, "nyt"), _source(case, "tnw"), _source(case, "abab")
    with write(case, "Annotate") as w:
        root = ann.annotate_words(
            w, nyt, *_span(case, nyt, "four people familiar with the confidential request"),
            body="Who are the **four**? 🕵️ Café", tags=["sourcing", "anonymous"],
            motivation="questioning", reviewer="ana", created="2026-06-11T08:00:00+00:00",
            modified="2026-06-11T09:30:00+00:00")
        reply = ann.add_annotation(w, nyt, reply_to=root, body="Unnamed in every copy.",
                                   reviewer="ben", created="2026-06-11T10:00:00+00:00")
        ann.add_annotation(w, nyt, reply_to=reply, body="Then grade it 3.", motivation="assessing",
                           reviewer="ana", created="2026-06-11T11:00:00+00:00")
        whole = ann.add_annotation(w, tnw, body="An aggregator's copy of the NYT.",
                                   status="resolved", tags=["lineage"], reviewer="cy",
                                   created="2026-06-12T08:00:00+00:00")
        light = ann.annotate_words(w, abab, *_span(case, abab, "Francis Brennan"),
                                   motivation="highlighting", reviewer="cy",
                                   created="2026-06-12T09:00:00+00:00")
        secret = ann.add_annotation(w, nyt, body="Ask our contact.", private=True, reviewer="ana",
                                    created="2026-06-12T10:00:00+00:00")
    return {"root": root, "reply": reply, "whole": whole, "light": light, "secret": secret}


def _rows(case) -> dict[str, list[tuple]]:
    """Everything an import may touch, to compare before and after."""
    return {table: case.db.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()  # noqa: S608
            for table in ("annotations", "excerpts", "change_log")}


def _portable(case) -> set[tuple]:
    """Each annotation as a case-independent tuple: what a lossless copy keeps."""
    return set(case.db.execute(
        "SELECT a.uid, s.uid, a.body, a.tags, a.motivation, a.status, a.reviewer, a.private,"
        " a.created, a.modified, p.uid, x.start_pos, x.end_pos, x.exact, x.text_sha256"
        " FROM annotations a JOIN sources s ON s.id = a.source_id"
        " LEFT JOIN annotations p ON p.id = a.reply_to"
        " LEFT JOIN excerpts x ON x.id = a.excerpt_id").fetchall())


def test_export_is_well_formed_web_annotation_json_ld(sample_case):
    made = _annotate(sample_case)
    doc = json.loads(json.dumps(annotations_jsonld(sample_case.db)))
    assert doc["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert doc["@context"][1] == {"casefile": "urn:casefile:"}
    assert doc["type"] == "AnnotationCollection" and doc["total"] == len(doc["items"]) == 5
    ids = {item["id"] for item in doc["items"]}
    text = current_text(sample_case.db, _source(sample_case, "nyt")).text
    for item in doc["items"]:
        assert item["id"].startswith("urn:uuid:") and item["type"] == "Annotation"
        assert item["motivation"] in W3C_MOTIVATIONS
        assert isinstance(item["creator"]["name"], str) and item["creator"]["type"] == "Person"
        for key in ("created", "modified"):
            assert isinstance(item[key], str) and "T" in item[key]
        main, *tags = item["body"]
        assert main["type"] == "TextualBody" and main["format"] == "text/markdown"
        assert isinstance(main["value"], str) and main["purpose"] in W3C_MOTIVATIONS
        assert all(t["purpose"] == "tagging" and isinstance(t["value"], str) for t in tags)
        assert item["casefile:status"] in ("open", "resolved")
        assert item["casefile:private"] is False
        target = item["target"]
        if item["motivation"] == "replying":
            assert target in ids
        elif isinstance(target, dict):
            quote, position = target["selector"]
            assert quote["type"] == "TextQuoteSelector"
            assert position["type"] == "TextPositionSelector"
            assert len(item["casefile:sourceSha256"]) == 64
            if target["source"] == f"urn:uuid:{stable_uid('source', 'nyt')}":
                assert text[position["start"]:position["end"]] == quote["exact"]
                assert text[: position["start"]].endswith(quote["prefix"])
        else:
            assert target.startswith("urn:uuid:")
    secret_uid = sample_case.db.execute("SELECT uid FROM annotations WHERE id = ?",
                                        [made["secret"]]).fetchone()[0]
    assert f"urn:uuid:{secret_uid}" not in ids
    everything = annotations_jsonld(sample_case.db, include_private=True)
    assert f"urn:uuid:{secret_uid}" in {item["id"] for item in everything["items"]}


def test_a_private_notes_replies_stay_home_with_it(sample_case):
    nyt = _source(sample_case, "nyt")
    with write(sample_case, "Private thread") as w:
        secret = ann.add_annotation(w, nyt, body="private", private=True)
        ann.add_annotation(w, nyt, reply_to=secret, body="public reply to a private note")
    assert annotations_jsonld(sample_case.db)["items"] == []


def test_export_then_import_into_another_copy_is_lossless_and_idempotent(
        sample_case, fresh, tmp_path):
    _annotate(sample_case)
    out = tmp_path / "notes.jsonld"
    assert write_annotations_jsonld(sample_case.db, out, include_private=True) == 6
    report = import_annotations(fresh, out)
    assert report.refused is None, report.refused
    assert (report.added, report.updated, report.skipped) == (6, 0, 0)
    assert report.orphans == [] and report.unmatched_sources == []
    assert _portable(fresh) == _portable(sample_case)
    nyt = _source(fresh, "nyt")
    root = ann.annotation_ids(fresh.db, source_id=nyt, tag="sourcing")
    assert [v.body for v in ann.thread(fresh.db, root[0])] == [
        "Who are the **four**? 🕵️ Café", "Unnamed in every copy.", "Then grade it 3."]
    before = _rows(fresh)
    again = import_annotations(fresh, out)
    assert (again.added, again.updated, again.skipped) == (0, 0, 6)
    assert _rows(fresh) == before


def test_a_newer_copy_updates_an_older_one(sample_case, fresh, tmp_path):
    made = _annotate(sample_case)
    out = tmp_path / "notes.jsonld"
    write_annotations_jsonld(sample_case.db, out)
    import_annotations(fresh, out)
    with write(sample_case, "Resolve") as w:
        ann.update_annotation(w, made["root"], body="Answered: see the reply.", tags=["done"],
                              status="resolved")
    write_annotations_jsonld(sample_case.db, out)
    report = import_annotations(fresh, out)
    assert (report.added, report.updated, report.skipped) == (0, 1, 4)
    assert _portable(fresh) == _portable(sample_case) - {
        row for row in _portable(sample_case) if row[7]}  # the private note stayed home


def _hypothesis_row(hid: str, *, text: str = "", quote: tuple[str, str, str] | None = None,
                    start: int = 0, uri: str = NYT_URL, **more) -> dict:
    selectors = []
    if quote is not None:
        prefix, exact, suffix = quote
        paragraph = "/main[1]/article[1]/section[1]/div[1]/p[5]"
        selectors = [
            {"type": "RangeSelector", "startContainer": paragraph, "startOffset": 0,
             "endContainer": paragraph, "endOffset": len(exact)},
            {"type": "TextPositionSelector", "start": start, "end": start + len(exact)},
            {"type": "TextQuoteSelector", "exact": exact, "prefix": prefix, "suffix": suffix},
        ]
    row = {
        "id": hid, "created": "2026-06-12T08:15:30.123456+00:00",
        "updated": "2026-06-12T08:20:00.654321+00:00", "user": "acct:ana_k@hypothes.is",
        "uri": uri, "text": text, "tags": [], "group": "__world__",
        "permissions": {"read": ["group:__world__"], "admin": ["acct:ana_k@hypothes.is"],
                        "update": ["acct:ana_k@hypothes.is"],
                        "delete": ["acct:ana_k@hypothes.is"]},
        "target": [{"source": uri, "selector": selectors}] if selectors else [{"source": uri}],
        "document": {"title": ["U.S. Presses Meta to Agree to A.I. Reviews"]},
        "links": {"html": f"https://hypothes.is/a/{hid}", "incontext": f"https://hyp.is/{hid}"},
        "flagged": False, "hidden": False, "user_info": {"display_name": "Ana K"},
    }
    return row | more


def test_a_hypothesis_export_anchors_to_the_source_at_its_address(fresh, tmp_path):
    nyt = _source(fresh, "nyt")
    with write(fresh, "Set address") as w:
        w.update("sources", nyt, {"url": NYT_URL, "canonical_url": NYT_URL})
    text = current_text(fresh.db, nyt).text
    exact = "Ben Kass, a Commerce Department spokesman"
    at = text.index(exact)
    # The web page has a headline and a byline our text lacks: its positions run ahead.
    kass = _hypothesis_row("kX3a9Qe1EfGzAAbc", text="On the record, *unlike* the others.",
                           tags=["on-record", "commerce"], start=at + 157,
                           quote=(text[at - 32:at], exact, text[at + len(exact):][:32]))
    reply = _hypothesis_row("rP0b1Qe1EfGzAAbd", text="Still one department's view.",
                            references=["kX3a9Qe1EfGzAAbc"], target=[{"source": NYT_URL}],
                            user="acct:ben@hypothes.is")
    lost = _hypothesis_row("zZ9c2Qe1EfGzAAbe", text="Gone in this version.", start=40,
                           quote=("the ", "Secretary of Defense held a press briefing", " on"))
    lost_reply = _hypothesis_row("yY8c2Qe1EfGzAAbj", text="Agreed.", target=[{"source": NYT_URL}],
                                 references=["zZ9c2Qe1EfGzAAbe"])
    page = _hypothesis_row("pG7d3Qe1EfGzAAbf", text="Page note", uri=(
        "http://WWW.nytimes.com/2026/06/10/technology/meta-ai-model-reviews.html/"
        "?utm_source=twitter#comments"))
    light = _hypothesis_row("hL8e4Qe1EfGzAAbg", start=5, quote=(text[:5], text[5:30],
                                                                  text[30:62]))
    secret = _hypothesis_row("sC5f5Qe1EfGzAAbh", text="Only me.",
                             permissions={"read": ["acct:ana_k@hypothes.is"]})
    elsewhere = _hypothesis_row("eW1g6Qe1EfGzAAbi", text="Not in the case",
                                uri="https://example.org/other-story")
    path = tmp_path / "hypothesis.json"
    rows = [lost_reply, kass, reply, lost, page, light, secret, elsewhere]
    path.write_text(json.dumps({"total": len(rows), "rows": rows}), encoding="utf-8")
    report = import_annotations(fresh, path)
    assert report.refused is None, report.refused
    assert (report.added, report.updated, report.skipped) == (5, 0, 0)
    assert report.orphans == [
        ("zZ9c2Qe1EfGzAAbe", "Secretary of Defense held a press briefing",
         "its words are not in the source's text"),
        ("yY8c2Qe1EfGzAAbj", "", "answers an annotation that was not imported"),
    ]
    assert report.unmatched_sources == ["https://example.org/other-story"]
    assert "orphans 2: zZ9c2Qe1EfGzAAbe “Secretary of Defense" in report.line()
    assert "; yY8c2Qe1EfGzAAbj (answers an annotation" in report.line()
    views = {v.body: v for v in ann.annotation_views(
        fresh.db, [r[0] for r in fresh.db.execute("SELECT id FROM annotations")])}
    found = views["On the record, *unlike* the others."]
    assert (found.start, found.end, found.exact) == (at, at + len(exact), exact)
    assert found.anchor_status == "exact" and found.tags == ("on-record", "commerce")
    assert found.reviewer == "ana_k@hypothes.is" and found.motivation == "commenting"
    assert found.created == "2026-06-12T08:15:30.123456+00:00"
    answer = views["Still one department's view."]
    assert answer.reply_to == found.id and answer.reviewer == "ben@hypothes.is"
    assert views["Page note"].excerpt_id is None and views["Page note"].source_id == nyt
    assert views[""].motivation == "highlighting" and views[""].exact == text[5:30]
    assert views["Only me."].private and not found.private
    before = _rows(fresh)
    assert import_annotations(fresh, path).skipped == 5
    assert _rows(fresh) == before


def test_edited_words_anchor_fuzzily_and_wait_for_review(fresh, tmp_path):
    from desktop.storage.anchors import review_ids

    nyt = _source(fresh, "nyt")
    text = current_text(fresh.db, nyt)
    exact = "the latest A.I. products did not pose a risk to national security"
    at = text.text.index(exact)
    edited = exact.replace("did not pose", "posed no")
    item = _note(4, target={"source": f"urn:uuid:{stable_uid('source', 'nyt')}", "selector": [
        {"type": "TextQuoteSelector", "exact": edited, "prefix": text.text[at - 32:at],
         "suffix": text.text[at + len(exact):][:32]},
        {"type": "TextPositionSelector", "start": at, "end": at + len(edited)}]})
    path = tmp_path / "edited.jsonld"
    path.write_text(json.dumps(_w3c(item)), encoding="utf-8")
    report = import_annotations(fresh, path)
    assert report.added == 1 and report.orphans == []
    view = ann.annotation_views(fresh.db, ann.annotation_ids(fresh.db))[0]
    assert view.anchor_status == "fuzzy" and view.exact == edited
    assert text.text[view.start:view.end] == exact
    assert view.excerpt_id in review_ids(fresh.db, nyt)


def test_hypothesis_ids_are_the_same_annotation_in_either_format(fresh, tmp_path):
    nyt = f"urn:uuid:{stable_uid('source', 'nyt')}"
    native = tmp_path / "native.json"
    native.write_text(json.dumps([_hypothesis_row("Hq1", text="Page note", uri=nyt)]))
    assert import_annotations(fresh, native).added == 1
    as_w3c = tmp_path / "w3c.jsonld"
    as_w3c.write_text(json.dumps(_w3c(_note(id="https://hypothes.is/a/Hq1",
                                            created="2026-06-12T08:15:30+00:00",
                                            modified="2026-06-12T08:20:00+00:00"))))
    report = import_annotations(fresh, as_w3c)
    assert (report.added, report.skipped) == (0, 1)


def test_reimporting_an_edited_hypothesis_note_keeps_it_resolved(fresh, tmp_path):
    """Hypothesis has no status: an update from it changes the words, not our resolution."""
    nyt = f"urn:uuid:{stable_uid('source', 'nyt')}"
    path = tmp_path / "h.json"
    path.write_text(json.dumps([_hypothesis_row("Hr1", text="first words", uri=nyt)]))
    assert import_annotations(fresh, path).added == 1
    note = fresh.db.execute("SELECT id FROM annotations").fetchone()[0]
    with write(fresh, "Resolve") as w:
        ann.update_annotation(w, note, status="resolved", modified="2026-06-12T09:00:00+00:00")
    path.write_text(json.dumps([_hypothesis_row("Hr1", text="edited words", uri=nyt,
                                                updated="2026-06-13T08:00:00+00:00")]))
    assert import_annotations(fresh, path).updated == 1
    assert fresh.db.execute("SELECT body, status FROM annotations WHERE id = ?",
                            [note]).fetchone() == ("edited words", "resolved")


def test_urn_uuid_ids_are_one_note_however_written(fresh, tmp_path):
    lower = "00000000-0000-4000-8000-00000000abcd"
    path = tmp_path / "a.jsonld"
    path.write_text(json.dumps(_w3c(_note(id=f"urn:uuid:{lower}"))))
    assert import_annotations(fresh, path).added == 1
    path.write_text(json.dumps(_w3c(_note(id=f"URN:UUID:{{{lower.upper()}}}"))))
    assert import_annotations(fresh, path).skipped == 1
    assert fresh.db.execute("SELECT uid FROM annotations").fetchall() == [(lower,)]


def test_a_lone_surrogate_in_an_id_is_reported_printably(fresh, tmp_path):
    path = tmp_path / "s.jsonld"
    document = json.dumps(_w3c(_note(id="https://x.example/SURROGATE", target={
        "source": "https://nowhere.example/a"})))
    path.write_text(document.replace("SURROGATE", "\\ud800"), encoding="utf-8")
    line = import_annotations(fresh, path).line()
    line.encode("utf-8")  # printable: no lone surrogate left


def _w3c(*items: dict) -> dict:
    return {"@context": "http://www.w3.org/ns/anno.jsonld", "type": "AnnotationCollection",
            "items": list(items)}


def _note(n: int = 1, **more) -> dict:
    return {"id": f"urn:uuid:00000000-0000-4000-8000-{n:012d}", "type": "Annotation",
            "motivation": "commenting", "created": "2026-06-12T08:00:00Z",
            "body": {"type": "TextualBody", "value": "fine", "purpose": "commenting"},
            "target": f"urn:uuid:{stable_uid('source', 'nyt')}"} | more


HOSTILE_FILES = [
    ("not-json.json", b"{ this is not JSON", "is not JSON"),
    ("latin1.json", "{\"items\": \"caf\xe9\"}".encode("latin-1"), "is not UTF-8"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("other.json", b'{"hello": "world"}', "is not an annotation export"),
    ("items.jsonld", _w3c() | {"items": {"a": 1}}, "no list of annotations"),
    ("too-many.jsonld", _w3c(*[{}] * 50_001), "at most 50,000"),
    ("no-id.jsonld", _w3c(_note(1), {"type": "Annotation", "target": "x"}), "has no 'id'"),
    ("no-target.jsonld", _w3c(_note(1), _note(2, target=None)), "has no target"),
    ("body-type.jsonld", _w3c(_note(1), _note(2, body={"type": "TextualBody", "value": 7})),
     "must be text, not int"),
    ("long-body.jsonld", _w3c(_note(2, body={"type": "TextualBody", "value": "x" * 100_001})),
     "longer than 100,000"),
    ("long-tag.jsonld", _w3c(_note(2, body=[{"purpose": "tagging", "value": "t" * 101}])),
     "longer than 100"),
    ("many-tags.jsonld", _w3c(_note(2, body=[{"purpose": "tagging", "value": f"t{i}"}
                                             for i in range(51)])), "at most 50"),
    ("negative.jsonld", _w3c(_note(2, target={"source": "urn:uuid:x", "selector": [
        {"type": "TextQuoteSelector", "exact": "Meta"},
        {"type": "TextPositionSelector", "start": -4, "end": 0}]})), "out of range"),
    ("backwards.jsonld", _w3c(_note(2, target={"source": "urn:uuid:x", "selector": [
        {"type": "TextPositionSelector", "start": 9, "end": 3}]})), "out of range"),
    ("float.jsonld", _w3c(_note(2, target={"source": "urn:uuid:x", "selector": [
        {"type": "TextPositionSelector", "start": 1.5, "end": 3}]})), "whole numbers"),
    ("status.jsonld", _w3c(_note(2, **{"casefile:status": "done"})), "open or resolved"),
    ("date.jsonld", _w3c(_note(2, created="last Tuesday")), "ISO 8601"),
    ("twice.jsonld", _w3c(_note(2), _note(2)), "the same id appears twice"),
    ("hypothesis.json", [_hypothesis_row("a1", text="ok"),
                         _hypothesis_row("a2", target="https://example.org")],
     "target must be a list"),
]


@pytest.mark.parametrize(("name", "content", "message"), HOSTILE_FILES,
                         ids=[f[0] for f in HOSTILE_FILES])
def test_hostile_files_are_refused_whole_with_a_reason(fresh, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else json.dumps(content).encode())
    before = _rows(fresh)
    report = import_annotations(fresh, path)
    assert report.refused is not None and message in report.refused, report.refused
    assert report.refused.startswith(str(path)) and "\n" not in report.refused
    assert report.line().startswith(f"refused: {path}: ")
    assert (report.added, report.updated) == (0, 0)
    assert _rows(fresh) == before


def test_a_file_over_20_mb_is_refused_unread(fresh, tmp_path):
    path = tmp_path / "huge.jsonld"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    report = import_annotations(fresh, path)
    assert "larger than 20 MB" in report.refused


def test_hostile_bodies_are_kept_as_written_and_inert_when_shown(fresh, tmp_path):
    nyt = _source(fresh, "nyt")
    with write(fresh, "Set address") as w:
        w.update("sources", nyt, {"url": NYT_URL, "canonical_url": NYT_URL})
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps([_hypothesis_row("x1", text=HOSTILE)]), encoding="utf-8")
    other = tmp_path / "hostile.jsonld"
    other.write_text(json.dumps(_w3c(_note(3, body={"type": "TextualBody", "value": HOSTILE,
                                                    "format": "text/html"}))))
    for file in (path, other):
        assert import_annotations(fresh, file).added == 1
    bodies = [r[0] for r in fresh.db.execute("SELECT body FROM annotations")]
    assert bodies == [HOSTILE, HOSTILE]
    shown = render_markdown(bodies[0])
    assert "words" in shown
    for bad in FORBIDDEN:
        assert bad not in shown.lower(), bad


def test_cli_round_trip_with_stats(sample_path, built_sample, tmp_path):
    case = open_case(sample_path)
    _annotate(case)
    case.close()
    out = tmp_path / "notes.jsonld"
    done = run_cli("export", sample_path, "--annotations", out, "--private")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote 6 annotations to {out}"
    assert json.loads(out.read_text(encoding="utf-8"))["total"] == 6
    other = tmp_path / "other.casefile"
    shutil.copyfile(built_sample, other)
    done = run_cli("import", other, out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == (
        f"annotations: {out}: added 6, updated 0, skipped 0, orphans 0")
    again = run_cli("import", other, out)
    assert again.stdout.startswith(f"annotations: {out}: added 0, updated 0, skipped 6")
    stats = json.loads(run_cli("stats", other, "--json").stdout)
    assert stats["annotations"] == {"open": 5, "resolved": 1}
    assert run_cli("check", other).returncode == 0


def test_cli_imports_sources_first_then_annotations_on_them(sample_path, tmp_path):
    memo = tmp_path / "memo.md"
    url = "https://example.org/staff-memo"
    memo.write_text(f"+++\ntitle = \"Staff memo\"\nurl = \"{url}\"\n+++\n\n"
                    "Meta and CAISI met on Tuesday to discuss the review.\n")
    notes = tmp_path / "from-hypothesis.txt"  # recognised by content, whatever its name
    notes.write_text(json.dumps([_hypothesis_row(
        "m1", text="Which Tuesday?", uri=url, quote=("", "met on Tuesday", " to"), start=14)]))
    done = run_cli("import", sample_path, notes, memo)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == f"added: {memo}: Staff memo"
    assert lines[1] == f"annotations: {notes}: added 1, updated 0, skipped 0, orphans 0"


def test_cli_refusals(sample_path, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    done = run_cli("import", sample_path, bad)
    assert done.returncode == 1 and done.stdout.startswith(f"refused: {bad}: is not JSON")
    update = run_cli("import", sample_path, bad, "--update", stable_uid("source", "nyt"))
    assert update.returncode == 2 and "annotation export" in update.stderr
    lone = run_cli("export", sample_path, "--private")
    assert lone.returncode == 2 and "export needs" in lone.stderr
    private = run_cli("export", sample_path, "--json", tmp_path / "c.json", "--private")
    assert private.returncode == 2 and "--private goes with --annotations" in private.stderr
    same = run_cli("export", sample_path, "--json", tmp_path / "same",
                   "--annotations", tmp_path / "same")
    assert same.returncode == 2 and "also the --json file" in same.stderr
    assert not (tmp_path / "same").exists() and not (tmp_path / "c.json").exists()


def test_a_device_or_pipe_is_refused_not_read_forever(sample_case, tmp_path):
    import os

    from desktop.ingest.annotations_import import import_annotations as importing

    device = tmp_path / "zero.jsonld"
    device.symlink_to("/dev/zero")
    pipe = tmp_path / "pipe.jsonld"
    os.mkfifo(pipe)
    for path in (device, pipe):
        report = importing(sample_case, path)
        assert not report.ok and "not an ordinary file" in report.refused


def test_a_long_quote_is_found_exactly_or_reported_never_searched_fuzzily(sample_case,
                                                                          tmp_path):
    import json as _json

    from desktop.ingest.annotations_import import MAX_FUZZY_QUOTE
    from desktop.ingest.annotations_import import import_annotations as importing
    from desktop.storage import sources as source_store

    db = sample_case.db
    source_id, uid = db.execute("SELECT id, uid FROM sources LIMIT 1").fetchone()
    url = f"urn:uuid:{uid}"  # the sample's sources have no address
    text = source_store.current_text(db, source_id).text
    edited = text[:MAX_FUZZY_QUOTE + 100].replace("e", "E", 3)  # long, and no longer there
    document = {"@context": "http://www.w3.org/ns/anno.jsonld", "items": [{
        "id": "urn:uuid:3f2b5c1e-0000-4000-8000-000000000001", "type": "Annotation",
        "motivation": "commenting", "created": "2026-06-01T00:00:00Z",
        "modified": "2026-06-01T00:00:00Z",
        "body": [{"type": "TextualBody", "value": "long", "format": "text/markdown"}],
        "target": {"source": url, "selector": [
            {"type": "TextQuoteSelector", "exact": edited, "prefix": "", "suffix": ""}]}}]}
    path = tmp_path / "long.jsonld"
    path.write_text(_json.dumps(document), encoding="utf-8")
    report = importing(sample_case, path)
    assert report.ok and report.added == 0 and len(report.orphans) == 1

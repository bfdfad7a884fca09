import json

from tests.conftest import run_cli


def test_json_export_carries_the_whole_case(sample_path, tmp_path):
    out = tmp_path / "case.json"
    result = run_cli("export", sample_path, "--json", out)
    assert result.returncode == 0, result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["format"] == "casefile-export" and doc["format_version"] == 1
    texts = {s["uid"]: s["text"] for s in doc["sources"]}
    assert len(texts) == 5
    for source in doc["sources"]:
        assert source["reliability"]["grade"] and source["published"]["edtf"]
        assert source["text_sha256"] and source["original_sha256"]
    assert any(s["lineage"] for s in doc["sources"])
    assert any(e["aliases"] for e in doc["entities"])
    for claim in doc["claims"]:
        assert claim["citations"], claim["uid"]
        for citation in claim["citations"]:
            excerpt = citation["excerpt"]
            assert texts[excerpt["source"]][excerpt["start"] : excerpt["end"]] == excerpt["exact"]
            assert len(citation["grade"]) == 2
    for event in doc["events"]:
        assert event["date"]["edtf"] and event["citations"]
    assert any(e["disputed"] for e in doc["events"])
    stances = {c["stance"] for claim in doc["claims"] for c in claim["citations"]}
    assert "contradicts" in stances


def test_export_to_a_missing_folder_is_refused(sample_path, tmp_path):
    result = run_cli("export", sample_path, "--json", tmp_path / "nope" / "x.json")
    assert result.returncode == 2 and "does not exist" in result.stderr


def test_export_never_overwrites_the_case_itself(sample_path, tmp_path):
    before = sample_path.read_bytes()
    for target in (sample_path, sample_path.with_name(sample_path.name + "-wal"), tmp_path):
        result = run_cli("export", sample_path, "--json", target)
        assert result.returncode == 2 and "casefile: error:" in result.stderr, target
    assert sample_path.read_bytes()[:16] == before[:16]
    assert run_cli("check", sample_path).returncode == 0


def test_export_file_gets_ordinary_permissions(sample_path, tmp_path):
    import os

    out = tmp_path / "case.json"
    assert run_cli("export", sample_path, "--json", out).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_events_carry_their_bounds_phrase_anchor_rule_and_every_date_given(sample_case):
    from desktop.storage.export import export_case

    doc = export_case(sample_case.db, "test")
    by_title = {e["title"]: e for e in doc["events"]}
    cut = by_title["White House has Anthropic cut access to its newest model"]["date"]
    assert (cut["edtf"], cut["phrase"], cut["anchor"]) == ("2026-06~", "last week", "2026-06~")
    assert cut["rule"] and (cut["earliest"], cut["latest"]) == ("2026-05-17", "2026-07-15")
    deadline = by_title["Deadline for the government's model-review process under EO 14409"]
    assert deadline["disputed"]
    given = {d["edtf"] for d in deadline["dates_given"]}
    assert given == {"2026-07-31~", "2026-08-01", "2026-08~"}
    cited = {c["uid"] for c in deadline["citations"]}
    assert {d["citation"] for d in deadline["dates_given"]} <= cited

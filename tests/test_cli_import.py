"""`casefile import`: one line per file, exit 0 only when nothing was refused."""

from __future__ import annotations

from desktop.ingest.case_toml import stable_uid
from tests.conftest import run_cli


def test_import_prints_a_line_per_file_and_exits_1_on_a_refusal(sample_path, tmp_path):
    good = tmp_path / "memo.md"
    good.write_text("+++\ntitle = \"Staff memo\"\ndate = 2026-06-05\n+++\n\nMeta and CAISI met.\n")
    bad = tmp_path / "slides.docx"
    bad.write_bytes(b"PK\x03\x04 not a supported file")
    done = run_cli("import", sample_path, good, bad)
    lines = done.stdout.splitlines()
    assert done.returncode == 1, done.stderr
    assert lines[0] == f"added: {good}: Staff memo"
    assert lines[1].startswith(f"refused: {bad}: ")
    again = run_cli("import", sample_path, good)
    assert again.returncode == 0
    assert again.stdout.startswith(f"duplicate: {good}: same file as “Staff memo”")
    check = run_cli("check", sample_path)
    assert check.returncode == 0, check.stdout


def test_update_names_the_source_and_reports_reanchoring(sample_path, tmp_path):
    new = tmp_path / "abab-v2.txt"
    new.write_text("Editor's note: an update.\n\nMeta spokesperson Francis Brennan confirmed "
                   "that negotiations on the agreement details are ongoing, with hopes to "
                   "sign soon.\n")
    done = run_cli("import", sample_path, new, "--update", stable_uid("source", "abab"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"updated: {new}: Trump Administration Pushes Meta")
    assert "moved" in done.stdout and "orphan" in done.stdout
    assert "need review" in done.stdout


def test_update_refuses_unknown_sources_and_several_files(sample_path, tmp_path):
    new = tmp_path / "a.txt"
    new.write_text("words")
    unknown = run_cli("import", sample_path, new, "--update", "no-such-uid")
    assert unknown.returncode == 2 and "no source with uid no-such-uid" in unknown.stderr
    several = run_cli("import", sample_path, new, new, "--update", "x")
    assert several.returncode == 2 and "exactly one FILE" in several.stderr

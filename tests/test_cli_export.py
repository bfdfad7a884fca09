"""`casefile export --comparison`: the comparison table as CSV, the case left as it was."""

import csv
import json
import os

import pytest

from tests.conftest import run_cli


def _case_bytes(path):
    return {p.name: p.read_bytes() for p in path.parent.glob(path.name + "*")}


def test_comparison_csv_is_written_and_the_case_left_alone(sample_path, tmp_path):
    before = _case_bytes(sample_path)
    out = tmp_path / "companies.csv"
    result = run_cli("export", sample_path, "--comparison", out)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"wrote 6 rows to {out}"
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0][0] == "Company" and "Open weights?" in rows[0]
    assert [row[0] for row in rows[1:7]] == ["Anthropic", "Google", "Meta", "Microsoft",
                                             "OpenAI", "xAI"]
    assert rows[7] == [] and rows[8][:5] == ["Note", "Source", "Publisher", "Date", "Quote"]
    assert rows[9][0] == "[1]" and rows[9][4]
    assert _case_bytes(sample_path) == before


def test_json_and_comparison_together_and_another_kind(sample_path, tmp_path):
    result = run_cli("export", sample_path, "--json", tmp_path / "c.json",
                     "--comparison", tmp_path / "m.csv", "--kind", "model")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [f"wrote {tmp_path / 'c.json'}",
                                          f"wrote 0 rows to {tmp_path / 'm.csv'}"]
    assert json.loads((tmp_path / "c.json").read_text())["format"] == "casefile-export"
    rows = list(csv.reader((tmp_path / "m.csv").open(encoding="utf-8-sig", newline="")))
    assert rows[0][0] == "AI model" and rows[1] == [] and rows[2][0] == "Note"


def test_export_needs_an_output_and_a_known_kind(sample_path, tmp_path):
    result = run_cli("export", sample_path)
    assert result.returncode == 2 and "--comparison" in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "Traceback" not in result.stderr
    result = run_cli("export", sample_path, "--comparison", tmp_path / "x.csv", "--kind", "planet")
    assert result.returncode == 2 and "invalid choice" in result.stderr
    assert not (tmp_path / "x.csv").exists()


def test_an_unwritable_output_is_refused_in_one_line(sample_path, tmp_path):
    before = _case_bytes(sample_path)
    out = tmp_path / "nope" / "x.csv"
    result = run_cli("export", sample_path, "--comparison", out)
    assert result.returncode == 2 and str(out) in result.stderr
    assert "does not exist" in result.stderr and len(result.stderr.splitlines()) == 1
    # Checked before anything is written: the JSON beside it is not written either.
    result = run_cli("export", sample_path, "--json", tmp_path / "c.json", "--comparison", out)
    assert result.returncode == 2 and not (tmp_path / "c.json").exists()
    result = run_cli("export", sample_path, "--json", tmp_path / "same",
                     "--comparison", tmp_path / "same")
    assert result.returncode == 2 and "also the --json file" in result.stderr
    assert not (tmp_path / "same").exists()
    assert _case_bytes(sample_path) == before


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0,
                    reason="needs a folder the user cannot write to (root writes anywhere)")
def test_a_failed_write_leaves_nothing(sample_path, tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run_cli("export", sample_path, "--comparison", folder / "x.csv")
        assert result.returncode == 2 and "cannot be written" in result.stderr
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_kind_without_comparison_is_refused(sample_path, tmp_path):
    result = run_cli("export", sample_path, "--json", tmp_path / "c.json", "--kind", "model")
    assert result.returncode == 2 and "--kind" in result.stderr
    assert not (tmp_path / "c.json").exists()

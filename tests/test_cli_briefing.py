"""`casefile export CASE --pdf/--markdown/--html [--briefing TITLE]`, headless."""

from __future__ import annotations

import subprocess

from desktop.storage import briefings
from desktop.storage.casefile import open_case
from desktop.storage.changes import write
from tests.conftest import run_cli


def test_the_sample_briefing_exports_with_every_quote_and_caveat(sample_path, tmp_path):
    out, md = tmp_path / "b.pdf", tmp_path / "b.md"
    result = run_cli("export", str(sample_path), "--pdf", str(out), "--markdown", str(md))
    assert result.returncode == 0, result.stderr
    pages = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) > 3
    caveat = "UNCLASSIFIED // FOR TRAINING"
    assert all(caveat in page for page in pages)
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)
    assert "[^1]" in md.read_text(encoding="utf-8")


def test_a_deleted_claim_is_reported_not_dropped(sample_path, tmp_path):
    with open_case(sample_path) as case:
        default = briefings.default_briefing(case.db)
        with write(case, "Dangling") as w:
            briefings.update_briefing(w, default.id, body=default.body + "\n\nGone "
                                      "[[claim:00000000-0000-4000-8000-00000000dead]].")
    out = tmp_path / "b.md"
    result = run_cli("export", str(sample_path), "--markdown", str(out))
    assert result.returncode == 1
    assert "00000000-0000-4000-8000-00000000dead" in result.stderr
    assert "missing claim" in out.read_text(encoding="utf-8")


def test_a_briefing_asked_for_by_a_title_it_lacks_is_refused(sample_path, tmp_path):
    result = run_cli("export", str(sample_path), "--pdf", str(tmp_path / "x.pdf"),
                     "--briefing", "No such briefing")
    assert result.returncode != 0 and "no briefing called" in result.stderr
    assert not (tmp_path / "x.pdf").exists()

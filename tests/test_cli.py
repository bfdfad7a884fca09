import json

from tests.conftest import run_cli


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0 and result.stdout.startswith("casefile ")


def test_sample_then_stats(tmp_path):
    path = tmp_path / "s.casefile"
    built = run_cli("sample", path)
    assert built.returncode == 0, built.stderr
    stats = run_cli("stats", path, "--json")
    counts = json.loads(stats.stdout)
    assert counts["sources"] == 5 and counts["claims"] >= 40
    assert set(counts["citations"]) == {"supports", "contradicts", "context"}
    assert set(counts["conflicts"]) == {"cells", "contradicted_claims", "disputed_event_dates"}
    assert "annotations" in counts
    table = run_cli("stats", path)
    assert "claims" in table.stdout and "company" in table.stdout


def test_sample_refuses_to_overwrite(tmp_path):
    path = tmp_path / "s.casefile"
    path.write_text("mine")
    result = run_cli("sample", path)
    assert result.returncode == 2 and "already exists" in result.stderr
    assert path.read_text() == "mine"


def test_bad_usage_exits_2_without_traceback(tmp_path):
    for args in (("bogus",), ("check",), ("export", tmp_path / "x.casefile"),
                 ("stats", tmp_path / "missing.casefile"), ("open", tmp_path)):
        result = run_cli(*args)
        assert result.returncode == 2, args
        assert "casefile: error:" in result.stderr and "Traceback" not in result.stderr


def test_a_closed_pipe_is_not_an_error(sample_path):
    import subprocess
    import sys

    result = subprocess.run(
        f"'{sys.executable}' -m desktop stats '{sample_path}' --json | head -1",
        shell=True, capture_output=True, text=True, timeout=60,
    )
    assert "error" not in result.stderr and result.stdout.strip() == "{"

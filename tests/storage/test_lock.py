import os
import signal
import subprocess
import sys
import time

import pytest

from desktop.storage.casefile import create_case, open_case
from desktop.storage.errors import CaseInUse
from tests.conftest import run_cli

HOLDER = """
import sys, time
from desktop.storage.casefile import open_case
case = open_case(sys.argv[1])
print("open", flush=True)
time.sleep(60)
"""


@pytest.fixture
def held_case(tmp_path):
    """A case held open by another process, as a second Casefile would."""
    path = tmp_path / "held.casefile"
    create_case(path, "Held").close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout.readline().strip() == "open"
    yield path, holder
    holder.kill()
    holder.wait()


def test_second_process_is_told_at_once(held_case):
    path, holder = held_case
    started = time.monotonic()
    for command in ("check", "stats", "open"):
        result = run_cli(command, path)
        assert result.returncode == 2, result.stderr
        assert "in use" in result.stderr
        assert f"process {holder.pid}" in result.stderr
        assert "Traceback" not in result.stderr
    assert time.monotonic() - started < 30  # three interpreter starts, no lock waits


def test_lock_dies_with_a_killed_holder(held_case):
    path, holder = held_case
    with pytest.raises(CaseInUse):
        open_case(path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with open_case(path) as case:  # no stale lock left behind
        assert case.title == "Held"


def test_lock_is_released_on_close_within_one_process(tmp_path):
    path = tmp_path / "c.casefile"
    create_case(path, "c").close()
    case = open_case(path)
    with pytest.raises(CaseInUse):
        open_case(path)
    case.close()
    open_case(path).close()
    assert not any(p.name.endswith(".lock") for p in tmp_path.iterdir())


def test_a_symlink_to_an_open_case_finds_the_same_lock(tmp_path):
    path = tmp_path / "c.casefile"
    create_case(path, "c").close()
    link = tmp_path / "link.casefile"
    link.symlink_to(path)
    with open_case(path):
        with pytest.raises(CaseInUse):
            open_case(link)

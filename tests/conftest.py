"""Test set-up: headless Qt, private settings and data folders, and the real sample case."""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

# Before anything imports Qt: no screen in CI, and never the user's own settings or data.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_PRIVATE_HOME = Path(tempfile.mkdtemp(prefix="casefile-tests-"))
atexit.register(shutil.rmtree, _PRIVATE_HOME, ignore_errors=True)
os.environ["XDG_DATA_HOME"] = str(_PRIVATE_HOME / "data")
os.environ["XDG_CONFIG_HOME"] = str(_PRIVATE_HOME / "config")

import pytest  # noqa: E402

from desktop.ingest.sample import build_sample  # noqa: E402
from desktop.storage.casefile import Case, open_case  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory) -> Path:
    """The sample case built once from seeds/ (closed, so its file can be copied)."""
    path = tmp_path_factory.mktemp("sample") / "sample.casefile"
    build_sample(path).close()
    return path


@pytest.fixture
def sample_path(built_sample: Path, tmp_path: Path) -> Path:
    """A private copy of the sample case file for one test."""
    path = tmp_path / "sample.casefile"
    shutil.copyfile(built_sample, path)
    return path


@pytest.fixture
def sample_case(sample_path: Path):
    case: Case = open_case(sample_path)
    yield case
    case.close()


def run_cli(*args: str, **kwargs):
    """The real `casefile` command in a child process."""
    import subprocess

    env = {**os.environ, **kwargs.pop("env", {})}
    return subprocess.run(
        [sys.executable, "-m", "desktop", *map(str, args)],
        capture_output=True, text=True, timeout=120, env=env, **kwargs,
    )


@pytest.fixture(scope="session", autouse=True)
def _clipboard_left_safely():
    """What the app does on quitting (desktop/ui/clipboard.py), done when the tests end:
    pytest never emits aboutToQuit, and mime data made in Python crashes Qt's teardown."""
    yield
    from desktop.ui import clipboard

    clipboard.release()

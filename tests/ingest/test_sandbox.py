"""The reader processes: order kept, a hang cut off at the time cap, a crash costing one file."""

from __future__ import annotations

import subprocess
import sys
import time

from desktop.ingest.extract import Limits
from desktop.ingest.sandbox import Extractor
from tests.ingest import readers


def _files(tmp_path, *names):
    paths = []
    for i, name in enumerate(names):
        path = tmp_path / name
        path.write_text(f"Article {i}\n\nSome words of article number {i}, long enough to keep.\n")
        paths.append(path)
    return paths


def test_results_come_back_in_order(tmp_path):
    paths = _files(tmp_path, *(f"a{i}.txt" for i in range(7)))
    (tmp_path / "empty.txt").write_bytes(b"")
    paths.insert(3, tmp_path / "empty.txt")
    with Extractor(workers=2) as extractor:
        reads = list(extractor.read_all(paths))
    assert [r.path for r in reads] == paths
    assert reads[3].refused and "empty" in reads[3].refused
    assert all(r.document is not None for i, r in enumerate(reads) if i != 3)
    assert "article number 3" in reads[4].document.text  # the file after the refusal


def test_a_reader_that_hangs_is_stopped_at_the_time_cap(tmp_path):
    paths = _files(tmp_path, "slow.txt")
    started = time.monotonic()
    with Extractor(timeout=1.5, workers=1, function=readers.slow) as extractor:
        (read,) = extractor.read_all(paths)
    assert read.refused == "took longer than 1.5 s to read"
    assert time.monotonic() - started < 20  # the child is killed, not waited for


def test_a_reader_crash_costs_only_its_file(tmp_path):
    paths = _files(tmp_path, "boom.txt", "next.txt")
    with Extractor(workers=1, function=readers.crash) as extractor:
        reads = list(extractor.read_all(paths))
    assert all("crash" in (r.refused or "") for r in reads)
    with Extractor(workers=1) as extractor:  # and a fresh reader works as before
        (read,) = extractor.read_all(paths[1:])
    assert read.document is not None


def test_a_reader_past_its_memory_cap_refuses_the_file(tmp_path):
    paths = _files(tmp_path, "bomb.txt")
    with Extractor(workers=1, function=readers.hungry) as extractor:
        (read,) = extractor.read_all(paths)
    assert read.document is None
    assert "memory" in read.refused


def test_cancel_stops_reading_at_once(tmp_path):
    paths = _files(tmp_path, *(f"{i}.txt" for i in range(6)))
    started = time.monotonic()
    with Extractor(workers=1, function=readers.slow, timeout=60) as extractor:
        calls = iter([False, False, False])
        reads = list(extractor.read_all(paths, cancelled=lambda: next(calls, True)))
    assert [r.refused for r in reads] == ["cancelled"]  # the file waited on; no more read
    assert time.monotonic() - started < 20


def test_files_over_the_size_cap_are_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    with Extractor(Limits(max_bytes=100)) as extractor:
        (read,) = extractor.read_all([big])
    assert read.document is None and read.data is None
    assert read.refused


def test_long_texts_do_not_jam_the_readers(tmp_path):
    # Answers bigger than a pipe's buffer: a reader must never be sent a file while it is
    # still handing back the one before.
    paths = []
    for i in range(5):
        path = tmp_path / f"long{i}.txt"
        path.write_text(f"Long {i}\n\n" + "many words in a long report " * 60_000)
        paths.append(path)
    started = time.monotonic()
    with Extractor(workers=2, timeout=30) as extractor:
        reads = list(extractor.read_all(paths))
    assert [r.path for r in reads] == paths
    assert all(r.document is not None for r in reads)
    assert time.monotonic() - started < 60


def test_what_a_parser_prints_does_not_garble_the_answers(tmp_path):
    paths = _files(tmp_path, "one.txt", "two.txt")
    with Extractor(workers=1, function=readers.noisy) as extractor:
        reads = list(extractor.read_all(paths))
    assert [r.document for r in reads] == ["read one.txt", "read two.txt"]


def test_readers_do_not_run_the_script_that_started_the_app(tmp_path):
    # multiprocessing's spawn re-runs the main script in every child (the window, the
    # benchmarks): seconds of imports per reader. Ours start only the reading module.
    script = tmp_path / "app_script.py"
    marker = tmp_path / "ran"
    page = _files(tmp_path, "page.txt")[0]
    script.write_text(
        "import pathlib, sys\n"
        f"pathlib.Path({str(marker)!r}).open('a').write('x')\n"
        "from desktop.ingest.sandbox import Extractor\n"
        "if __name__ == '__main__':\n"
        "    with Extractor(workers=2) as extractor:\n"
        f"        reads = list(extractor.read_all([pathlib.Path({str(page)!r})] * 3))\n"
        "    sys.exit(0 if all(r.document for r in reads) else 1)\n"
    )
    done = subprocess.run([sys.executable, str(script)], timeout=120, check=False)
    assert done.returncode == 0
    assert marker.read_text() == "x"  # the script ran once: in the parent only


def test_a_reader_that_cannot_start_says_why_once(tmp_path):
    paths = _files(tmp_path, "a.txt", "b.txt", "c.txt")

    def nowhere(name, data, limits):  # not importable by name in the reader
        return name

    started = time.monotonic()
    with Extractor(workers=1, function=nowhere) as extractor:
        reads = list(extractor.read_all(paths))
    assert all("the reader could not start" in r.refused for r in reads)
    assert "crash" not in reads[0].refused
    assert time.monotonic() - started < 20  # not a fresh reader per file


def test_an_answer_that_cannot_be_sent_refuses_its_file_only(tmp_path):
    paths = _files(tmp_path, "a.txt")
    with Extractor(workers=1, function=readers.unpicklable) as extractor:
        (read,) = list(extractor.read_all(paths))
    assert read.refused and "cannot be sent" in read.refused


def test_answers_are_never_taken_for_another_files(tmp_path):
    paths = _files(tmp_path, *(f"f{i}.txt" for i in range(6)))
    with Extractor(workers=2, function=readers.echo) as extractor:
        first = extractor.read_all(paths)
        next(first)  # give up with files still being read
        first.close()
        reads = list(extractor.read_all(paths[3:]))
    assert [r.document for r in reads] == [f"doc of {p.name}" for p in paths[3:]]


def test_readers_never_import_from_the_working_directory(tmp_path, monkeypatch):
    trap = tmp_path / "trap"
    trap.mkdir()
    (trap / "struct.py").write_text(
        f"open({str(tmp_path / 'imported')!r}, 'w').write('x')\nraise SystemExit(9)\n")
    monkeypatch.chdir(trap)
    paths = _files(tmp_path, "a.txt")
    with Extractor(workers=1) as extractor:
        (read,) = list(extractor.read_all(paths))
    assert read.document is not None
    assert not (tmp_path / "imported").exists()

"""Benchmarks on a synthetic case, each figure beside a bare-SQLite baseline from the same run."""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

# Run as a script (python tests/perf/bench.py): make the repository root importable.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop.storage.casefile import open_case  # noqa: E402
from desktop.storage.claim_views import claims_for_entity  # noqa: E402
from tests.perf.synthetic import Chunk, generate, iter_chunks, scaled_counts  # noqa: E402

OPEN_RUNS = 30
ENTITY_SAMPLE = 200
HEAVY_RUNS = 5


@dataclass
class Figure:
    """One measured figure: ours beside the bare baseline, and whether ours meets its target."""

    name: str
    ours: float
    baseline: float
    unit: str
    target: str = ""  # e.g. "< 20 ms"; empty when the figure is informative only
    passed: bool | None = None
    extra: dict = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        return self.ours / self.baseline if self.baseline else None


class Context:
    """The run's settings and the synthetic case, generated once and shared by benchmarks."""

    def __init__(self, scale: float, seed: int, workdir: Path, keep: Path | None):
        self.scale = scale
        self.seed = seed
        self.workdir = workdir
        folder = keep if keep is not None else workdir
        self.case_path = folder / f"synthetic-s{scale:g}-seed{seed}.casefile"
        self._sidecar = self.case_path.with_name(self.case_path.name + ".json")
        self.case_info: dict = {}
        if self._sidecar.exists() and self.case_path.exists():
            self.case_info = json.loads(self._sidecar.read_text()) | {"reused": True}

    @property
    def ready(self) -> bool:
        return bool(self.case_info)

    def record_build(self, counts: dict[str, int], seconds: float) -> None:
        """Mark the case complete (a half-written file from a killed run is never reused)."""
        self.case_info = {"counts": counts, "build_s": round(seconds, 3),
                          "bytes": self.case_path.stat().st_size, "reused": False}
        self._sidecar.write_text(json.dumps(self.case_info, indent=2))

    def case(self) -> Path:
        if not self.ready:
            _remove_case_files(self.case_path)
            self.case_path.parent.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            counts = generate(self.case_path, self.scale, self.seed)
            self.record_build(counts, time.perf_counter() - started)
        return self.case_path


Benchmark = Callable[[Context], list[Figure]]
BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    """Register a benchmark; it returns figures, each with its own bare baseline."""

    def register(func: Benchmark) -> Benchmark:
        BENCHMARKS[name] = func
        return func

    return register


# -- helpers -------------------------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: with 30 runs, p95 is the second slowest, a real observation."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def _ms(seconds: list[float]) -> list[float]:
    return [s * 1000 for s in seconds]


def _remove_case_files(path: Path) -> None:
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + ".json"):
        path.with_name(name).unlink(missing_ok=True)


def _timed(chunks: Iterator[Chunk], clock: list[float]) -> Iterator[Chunk]:
    """Pass chunks through, adding the time spent producing them to clock[0]."""
    while True:
        started = time.perf_counter()
        chunk = next(chunks, None)
        clock[0] += time.perf_counter() - started
        if chunk is None:
            return
        yield chunk


def bare_build(path: Path, scale: float, seed: int) -> tuple[int, float]:
    """The same rows into plain tables (no keys, indexes, FTS or triggers) with executemany."""
    conn = sqlite3.connect(str(path), isolation_level=None)
    created: set[str] = set()
    rows = 0
    generating = [0.0]
    try:
        for chunk in _timed(iter_chunks(scale, seed), generating):
            if chunk.table not in created:
                # Names come from the generator's own constants, never from input.
                conn.execute(f"CREATE TABLE {chunk.table} ({', '.join(chunk.columns)})")
                created.add(chunk.table)
            marks = ", ".join("?" * len(chunk.columns))
            conn.execute("BEGIN")
            conn.executemany(f"INSERT INTO {chunk.table} VALUES ({marks})", chunk.rows)  # noqa: S608
            conn.execute("COMMIT")
            rows += len(chunk.rows)
    finally:
        conn.close()
    return rows, generating[0]


# -- benchmarks ----------------------------------------------------------------------------


@benchmark("build")
def bench_build(ctx: Context) -> list[Figure]:
    """Generate the case through the real schema vs the same rows into bare tables."""
    if ctx.ready:  # the case came from --keep: build a fresh one to time, then drop it
        target = ctx.workdir / "build-timing.casefile"
        _remove_case_files(target)
        started = time.perf_counter()
        counts = generate(target, ctx.scale, ctx.seed)
        ours = time.perf_counter() - started
        ours_bytes = target.stat().st_size
        _remove_case_files(target)
    else:
        ctx.case()
        counts, ours = ctx.case_info["counts"], ctx.case_info["build_s"]
        ours_bytes = ctx.case_info["bytes"]
    bare = ctx.workdir / "bare-build.sqlite"
    bare.unlink(missing_ok=True)
    started = time.perf_counter()
    rows, generating = bare_build(bare, ctx.scale, ctx.seed)
    baseline = time.perf_counter() - started
    bare_bytes = bare.stat().st_size
    bare.unlink()
    ours_rows = sum(counts.values())
    assert ours_rows == rows, (ours_rows, rows)
    limit = max(10.0, 300.0 * ctx.scale)  # a few minutes at scale 1.0
    info = {"rows": rows, "generating_s": round(generating, 3), "counts": counts}
    return [
        Figure("build", ours, baseline, "s", f"< {limit:g} s", ours < limit, info),
        Figure("build_rate", rows / ours, rows / baseline, "rows/s"),
        Figure("file_size", ours_bytes / 1e6, bare_bytes / 1e6, "MB"),
    ]


@benchmark("open")
def bench_open(ctx: Context) -> list[Figure]:
    """open_case + one small query + close, vs sqlite3.connect + the same query + close."""
    path = ctx.case()
    query = "SELECT count(*) FROM sources"

    def ours() -> None:
        case = open_case(path)
        try:
            case.db.execute(query).fetchone()
        finally:
            case.close()

    def bare() -> None:
        conn = sqlite3.connect(str(path))
        try:
            conn.execute(query).fetchone()
        finally:
            conn.close()

    times: dict[str, list[float]] = {"ours": [], "bare": []}
    ours()  # warm the OS cache for both, so the first run does not carry the cold read
    bare()
    for run in range(OPEN_RUNS):
        # Alternate who goes first so drift on a noisy machine falls on both alike.
        pair = (("ours", ours), ("bare", bare)) if run % 2 else (("bare", bare), ("ours", ours))
        for name, func in pair:
            started = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - started)
    ours_ms, bare_ms = _ms(times["ours"]), _ms(times["bare"])
    return [
        Figure("open_median", statistics.median(ours_ms), statistics.median(bare_ms), "ms",
               "< 1000 ms", statistics.median(ours_ms) < 1000),
        Figure("open_p95", percentile(ours_ms, 95), percentile(bare_ms, 95), "ms",
               "< 1000 ms", percentile(ours_ms, 95) < 1000),
    ]


# The bare equivalent of claims_for_entity: one join, no Python objects built.
BARE_ENTITY_CLAIMS = """
SELECT c.id, c.uid, c.text, p.key, COALESCE(c.value, v.name), c.rank, c.status,
       t.stance, x.exact, s.uid, s.title, s.publisher, s.published, s.reliability,
       t.credibility, x.start_pos, x.end_pos
FROM (SELECT id FROM claims WHERE subject_id = ?1
      UNION SELECT id FROM claims WHERE value_entity_id = ?1) AS m
JOIN claims c ON c.id = m.id
LEFT JOIN properties p ON p.id = c.property_id
LEFT JOIN entities v ON v.id = c.value_entity_id
LEFT JOIN citations t ON t.claim_id = c.id
LEFT JOIN excerpts x ON x.id = t.excerpt_id
LEFT JOIN sources s ON s.id = x.source_id
ORDER BY c.id, t.id
"""


@benchmark("entity_claims")
def bench_entity_claims(ctx: Context) -> list[Figure]:
    """claims_for_entity for random entities vs the same rows by one raw join."""
    path = ctx.case()
    case = open_case(path)
    bare = sqlite3.connect(str(path))
    try:
        n_entities = case.db.execute("SELECT max(id) FROM entities").fetchone()[0]
        rng = random.Random(f"bench/{ctx.seed}/entity_claims")
        sample = rng.sample(range(1, n_entities + 1), min(ENTITY_SAMPLE, n_entities))
        heaviest = case.db.execute(
            "SELECT subject_id FROM claims GROUP BY subject_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]

        def ours(entity: int) -> int:
            return len(claims_for_entity(case.db, entity))

        def raw(entity: int) -> int:
            return len({row[0] for row in bare.execute(BARE_ENTITY_CLAIMS, [entity])})

        times: dict[str, list[float]] = {"ours": [], "bare": []}
        claim_counts = []
        for i, entity in enumerate(sample):
            pair = (("ours", ours), ("bare", raw)) if i % 2 else (("bare", raw), ("ours", ours))
            found = []
            for name, func in pair:
                started = time.perf_counter()
                found.append(func(entity))
                times[name].append(time.perf_counter() - started)
            assert found[0] == found[1], (entity, found)  # the baseline reads the same claims
            claim_counts.append(found[0])
        heavy: dict[str, list[float]] = {"ours": [], "bare": []}
        for _ in range(HEAVY_RUNS):
            for name, func in (("ours", ours), ("bare", raw)):
                started = time.perf_counter()
                heavy_claims = func(heaviest)
                heavy[name].append(time.perf_counter() - started)
        plans = _query_plans(case.db.conn, lambda: claims_for_entity(case.db, heaviest))
    finally:
        bare.close()
        case.close()
    ours_ms, bare_ms = _ms(times["ours"]), _ms(times["bare"])
    info = {"entities": len(sample), "claims_median": statistics.median(claim_counts),
            "claims_max": max(claim_counts), "plans": plans}
    heavy_ours, heavy_bare = min(_ms(heavy["ours"])), min(_ms(heavy["bare"]))
    return [
        Figure("entity_claims_median", statistics.median(ours_ms), statistics.median(bare_ms),
               "ms", "< 20 ms", statistics.median(ours_ms) < 20, info),
        Figure("entity_claims_p95", percentile(ours_ms, 95), percentile(bare_ms, 95), "ms",
               "< 20 ms", percentile(ours_ms, 95) < 20),
        # The case's main subject: the worst a user meets, best of a few runs.
        Figure("entity_claims_heaviest", heavy_ours, heavy_bare, "ms", "",
               None, {"entity": heaviest, "claims": heavy_claims}),
    ]


def _query_plans(conn: sqlite3.Connection, call: Callable[[], object]) -> list[dict]:
    """EXPLAIN QUERY PLAN of every statement that call runs (read back through a trace)."""
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        call()
    finally:
        conn.set_trace_callback(None)
    plans = []
    for sql in statements:
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        rows = conn.execute("EXPLAIN QUERY PLAN " + sql).fetchall()
        plans.append({"sql": " ".join(sql.split())[:300], "plan": [row[3] for row in rows]})
    return plans


# -- running and reporting -----------------------------------------------------------------


def machine() -> dict:
    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "platform": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "cpus": os.cpu_count(),
        "cpu": cpu,
    }


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.3g}" if abs(value) < 10 else f"{value:.1f}"


def table(figures: list[Figure]) -> str:
    header = ("benchmark", "ours", "baseline", "ratio", "unit", "target", "pass")
    lines = [header]
    for f in figures:
        verdict = "-" if f.passed is None else ("pass" if f.passed else "FAIL")
        ratio = "-" if f.ratio is None else f"{f.ratio:.2f}x"
        lines.append((f.name, _fmt(f.ours), _fmt(f.baseline), ratio, f.unit, f.target or "-",
                      verdict))
    widths = [max(len(row[i]) for row in lines) for i in range(len(header))]
    return "\n".join(
        "  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                  for i, (cell, w) in enumerate(zip(row, widths, strict=True)))
        for row in lines
    )


def run(scale: float, seed: int, only: list[str] | None, keep: Path | None) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="casefile-bench-"))
    try:
        ctx = Context(scale, seed, workdir, keep)
        figures: list[Figure] = []
        for name, func in BENCHMARKS.items():
            if only and name not in only:
                continue
            print(f"running {name} ...", file=sys.stderr, flush=True)
            figures += func(ctx)
        ctx.case()  # every report names the case it measured
        return {
            "date": datetime.now(UTC).isoformat(timespec="seconds"),
            "scale": scale,
            "seed": seed,
            "expected_counts": scaled_counts(scale),
            "case": {"path": str(ctx.case_path) if keep else None, **ctx.case_info},
            "machine": machine(),
            "figures": [asdict(f) | {"ratio": f.ratio} for f in figures],
            "_figures": figures,
        }
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=0.02,
                        help="1.0 = 50k sources, 1M excerpts, 200k claims (default 0.02)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--only", nargs="+", choices=sorted(BENCHMARKS), metavar="NAME",
                        help=f"run only these ({', '.join(BENCHMARKS)})")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="generate the case into DIR and reuse it on later runs")
    args = parser.parse_args(argv)
    report = run(args.scale, args.seed, args.only, args.keep)
    figures = report.pop("_figures")
    print(f"scale {args.scale:g}, seed {args.seed}: {report['case'].get('counts')}")
    print(table(figures))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    return 1 if any(f.passed is False for f in figures) else 0


if __name__ == "__main__":
    sys.exit(main())

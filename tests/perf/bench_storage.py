"""The storage benchmarks: building the case, opening it, and reading an entity's claims."""

from __future__ import annotations

import random
import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from desktop.storage.casefile import open_case
from desktop.storage.claim_views import claims_for_entity
from tests.perf.registry import Context, Figure, benchmark, ms, percentile, remove_case_files
from tests.perf.synthetic import Chunk, generate, iter_chunks

OPEN_RUNS = 30
ENTITY_SAMPLE = 200
HEAVY_RUNS = 5


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


@benchmark("build")
def bench_build(ctx: Context) -> list[Figure]:
    """Generate the case through the real schema vs the same rows into bare tables."""
    if ctx.ready:  # the case came from --keep: build a fresh one to time, then drop it
        target = ctx.workdir / "build-timing.casefile"
        remove_case_files(target)
        started = time.perf_counter()
        counts = generate(target, ctx.scale, ctx.seed)
        ours = time.perf_counter() - started
        ours_bytes = target.stat().st_size
        remove_case_files(target)
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
    ours_ms, bare_ms = ms(times["ours"]), ms(times["bare"])
    return [
        Figure("open_median", statistics.median(ours_ms), statistics.median(bare_ms), "ms",
               "< 1000 ms", statistics.median(ours_ms) < 1000),
        Figure("open_p95", percentile(ours_ms, 95), percentile(bare_ms, 95), "ms",
               "< 1000 ms", percentile(ours_ms, 95) < 1000),
    ]


# The bare equivalent of claims_for_entity: one join, no Python objects built.
BARE_ENTITY_CLAIMS = """
SELECT c.id, c.uid, c.text, p.key, COALESCE(c.value, v.name), c.rank, c.status,
       c.subject_id, s0.name, p.label,
       t.stance, x.exact, s.uid, s.title, s.publisher, s.published, s.reliability,
       t.credibility, x.start_pos, x.end_pos
FROM (SELECT id FROM claims WHERE subject_id = ?1
      UNION SELECT id FROM claims WHERE value_entity_id = ?1) AS m
JOIN claims c ON c.id = m.id
JOIN entities s0 ON s0.id = c.subject_id
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
    ours_ms, bare_ms = ms(times["ours"]), ms(times["bare"])
    info = {"entities": len(sample), "claims_median": statistics.median(claim_counts),
            "claims_max": max(claim_counts), "plans": plans}
    heavy_ours, heavy_bare = min(ms(heavy["ours"])), min(ms(heavy["bare"]))
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

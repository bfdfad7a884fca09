"""Run the registered benchmarks on a synthetic case and report each figure beside its baseline."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import platform
import shutil
import sqlite3
import sys
import tempfile
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

# Run as a script (python tests/perf/bench.py): make the repository root importable.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.perf.registry import BENCHMARKS, Context, Figure  # noqa: E402
from tests.perf.synthetic import scaled_counts  # noqa: E402

# Each module under tests/perf registers its benchmarks with @benchmark when imported;
# they run in this order, and in each module in the order they are defined.
BENCHMARK_MODULES = ("bench_storage", "bench_ui", "bench_import", "bench_timeline",
                     "bench_comparison", "bench_briefing_pdf")
for _module in BENCHMARK_MODULES:
    importlib.import_module(f"tests.perf.{_module}")


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
        # The report names the synthetic case if a benchmark used one; the import benchmarks
        # make their own pages and cases, and need not wait minutes for it to be built.
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
    parser.add_argument("--smoke", action="store_true",
                        help="prove every benchmark runs: report missed targets as warnings "
                             "and exit 0 (CI's shared machine is no judge of milliseconds; "
                             "full runs at --scale 1 are)")
    args = parser.parse_args(argv)
    report = run(args.scale, args.seed, args.only, args.keep)
    figures = report.pop("_figures")
    print(f"scale {args.scale:g}, seed {args.seed}: {report['case'].get('counts')}")
    print(table(figures))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2) + "\n")
    missed = [f.name for f in figures if f.passed is False]
    if missed and args.smoke:
        print(f"warning: missed in this smoke run (judged in full runs): {', '.join(missed)}")
        return 0
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())

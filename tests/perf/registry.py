"""The benchmark registry every bench_*.py module registers into: decorator, types, timing."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tests.perf.synthetic import generate


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
            remove_case_files(self.case_path)
            self.case_path.parent.mkdir(parents=True, exist_ok=True)
            started = time.perf_counter()
            counts = generate(self.case_path, self.scale, self.seed)
            self.record_build(counts, time.perf_counter() - started)
        return self.case_path


Benchmark = Callable[[Context], list[Figure]]
# Filled as bench.py imports its BENCHMARK_MODULES; runs in registration order.
BENCHMARKS: dict[str, Benchmark] = {}


def benchmark(name: str) -> Callable[[Benchmark], Benchmark]:
    """Register a benchmark; it returns figures, each with its own bare baseline."""

    def register(func: Benchmark) -> Benchmark:
        BENCHMARKS[name] = func
        return func

    return register


# -- helpers for benchmarks ----------------------------------------------------------------


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile: with 30 runs, p95 is the second slowest, a real observation."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * pct // 100))
    return ordered[int(rank) - 1]


def ms(seconds: list[float]) -> list[float]:
    return [s * 1000 for s in seconds]


def remove_case_files(path: Path) -> None:
    for name in (path.name, path.name + "-wal", path.name + "-shm", path.name + ".json"):
        path.with_name(name).unlink(missing_ok=True)

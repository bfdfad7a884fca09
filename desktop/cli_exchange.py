"""`casefile export` and the annotation side of `casefile import`: what a case sends out and
takes in besides source files."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop import __version__
from desktop.storage.errors import CaseError

# Each output: its option, and how it is written (returning a count, or None).
OUTPUTS = ("--json", "--comparison", "--annotations")


def export(case, args: argparse.Namespace) -> None:
    """Every output is checked before any is written; each is written to a temporary file,
    then renamed, and the case is only read."""
    from desktop.storage.annotations_export import write_annotations_jsonld
    from desktop.storage.casefile import export_target
    from desktop.storage.comparison_csv import write_comparison_csv
    from desktop.storage.export import write_export

    writers: dict[str, tuple[Path | None, Callable[[Path], int | None], str]] = {
        "--json": (args.json, lambda target: write_export(case.db, target, __version__),
                   "rows"),
        "--comparison": (args.comparison, lambda target: write_comparison_csv(
            case.db, target, kind=args.kind or "company"), "rows"),
        "--annotations": (args.annotations, lambda target: write_annotations_jsonld(
            case.db, target, include_private=args.private), "annotations"),
    }
    outputs = [(option, *writers[option]) for option in OUTPUTS if writers[option][0]]
    targets: dict[Path, str] = {}
    for option, out, _, _ in outputs:
        target = export_target(case, out)
        if target in targets:
            raise CaseError(out, f"is also the {targets[target]} file; choose another name")
        targets[target] = option
    for (_, out, write, what), target in zip(outputs, targets, strict=True):
        try:
            count = write(target)
        except OSError as exc:
            raise CaseError(out, f"cannot be written ({exc.strerror or exc})") from exc
        print(f"wrote {out}" if count is None else f"wrote {count} {what} to {out}")


def split_files(paths: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """Source files, and annotation exports (by name or by content)."""
    from desktop.ingest.annotations_import import is_annotation_file

    notes = [path for path in paths if is_annotation_file(path)]
    return [path for path in paths if path not in notes], notes


def import_annotation_files(case, paths: Sequence[Path]) -> int:
    """Import each annotation export, one line each; returns how many were refused."""
    from desktop.ingest.annotations_import import import_annotations

    refused = 0
    for path in paths:
        report = import_annotations(case, path)
        print(report.line(), flush=True)
        refused += not report.ok
    return refused

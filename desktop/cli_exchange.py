"""`casefile export` and the annotation side of `casefile import`: what a case sends out and
takes in besides source files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from desktop import __version__
from desktop.storage.errors import CaseError

# Each output: its option, and how it is written (returning a count, or None).
OUTPUTS = ("--json", "--comparison", "--annotations", "--pdf", "--markdown", "--html")
BRIEFING_OUTPUTS = {"--pdf": "pdf", "--markdown": "markdown", "--html": "html"}


def export(case, args: argparse.Namespace) -> int:
    """Every output is checked before any is written; each is written to a temporary file,
    then renamed, and the case is only read. Returns how many problems a briefing reported
    (references to claims or events no longer in the case), each printed on stderr."""
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
    problems: list[str] = []
    wanted = [o for o in BRIEFING_OUTPUTS if getattr(args, o[2:])]
    if wanted:
        briefing_id = _briefing_id(case, args.briefing)
        for option in wanted:
            writers[option] = (getattr(args, option[2:]), _briefing_writer(
                case, briefing_id, BRIEFING_OUTPUTS[option], problems, args.private), "pages")
    outputs = [(option, *writers[option]) for option in OUTPUTS
               if option in writers and writers[option][0]]
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
    for problem in dict.fromkeys(problems):
        print(f"problem: {problem}", file=sys.stderr)
    return len(set(problems))


def _briefing_id(case, title: str | None) -> int:
    """The briefing asked for by title, else the case's default one."""
    from desktop.storage import briefings

    found = briefings.briefing_by_title(case.db, title) if title is not None \
        else briefings.default_briefing(case.db)
    if found is None:
        names = ", ".join(f"“{b.title}”" for b in briefings.briefings(case.db)[:10])
        raise CaseError(case.path, f"has no briefing called “{title}” (it has: {names})"
                        if title is not None and names else "has no briefing to export")
    return found.id


def _briefing_writer(case, briefing_id: int, fmt: str, problems: list[str],
                     include_private: bool) -> Callable[[Path], int | None]:
    def write(target: Path) -> int | None:
        from desktop.report.briefing_export import export_briefing
        from desktop.report.headless import gui_application

        with gui_application():  # fonts and text layout need one; no window is shown
            result = export_briefing(case.db, briefing_id, target, fmt,
                                     include_private=include_private)
        problems.extend(result.problems)
        return result.pages or None
    return write


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

"""The `casefile` command: open, sample, import, check, stats, export; errors in one line."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
import traceback
from pathlib import Path

from desktop import __version__
from desktop.domain.vocab import ENTITY_KINDS
from desktop.ingest.case_toml import CaseDescriptionError
from desktop.storage.casefile import as_case_error
from desktop.storage.errors import CaseError

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, always "casefile: error:", even for subcommands
        command = self.prog.split(maxsplit=1)[1:]
        where = f" ({command[0]})" if command else ""
        self.exit(EXIT_USAGE, f"casefile: error: {message}{where}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="casefile",
        description="Casefile: an offline case-file viewer. With no command, opens the last "
        "case (or the sample case).",
    )
    parser.add_argument("--version", action="version", version=f"casefile {__version__}")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    cmd = commands.add_parser("open", help="open a case in the window")
    cmd.add_argument("case", type=Path)
    cmd = commands.add_parser("sample", help="build the sample case into a new file")
    cmd.add_argument("case", type=Path)
    cmd = commands.add_parser(
        "import", help="import files (.txt .md .html .htm .pdf) as sources, and annotation "
        "exports (.jsonld .json: W3C Web Annotation or Hypothesis) after them; one line per file")
    cmd.add_argument("case", type=Path)
    cmd.add_argument("files", type=Path, nargs="+", metavar="FILE")
    cmd.add_argument("--update", metavar="SOURCE_UID",
                     help="import the one FILE as a new version of this source")
    cmd.add_argument("--max-mb", type=_positive, default=50, metavar="N",
                     help="refuse files larger than N megabytes (default 50)")
    cmd.add_argument("--timeout", type=_positive, default=60, metavar="S",
                     help="refuse a file that takes longer than S seconds to read (default 60)")
    cmd = commands.add_parser("check", help="check a case's integrity (exit 1 if damaged)")
    cmd.add_argument("case", type=Path)
    cmd = commands.add_parser("stats", help="count what a case holds")
    cmd.add_argument("case", type=Path)
    cmd.add_argument("--json", action="store_true", help="print JSON")
    cmd = commands.add_parser("export", help="export a case")
    cmd.add_argument("case", type=Path)
    cmd.add_argument("--json", type=Path, metavar="OUT",
                     help="write the whole case as JSON to OUT")
    cmd.add_argument("--comparison", type=Path, metavar="OUT.csv",
                     help="write the comparison table, with its sources as notes, as CSV")
    cmd.add_argument("--kind", choices=ENTITY_KINDS, default=None,
                     help="the comparison table of this kind of entity (default company)")
    cmd.add_argument("--annotations", type=Path, metavar="OUT.jsonld",
                     help="write the annotations as W3C Web Annotation JSON-LD")
    cmd.add_argument("--private", action="store_true",
                     help="include private annotations in --annotations (and in a "
                          "briefing's review notes)")
    cmd.add_argument("--pdf", type=Path, metavar="OUT.pdf",
                     help="write a briefing as PDF (the default briefing, or --briefing)")
    cmd.add_argument("--markdown", type=Path, metavar="OUT.md",
                     help="write a briefing as Markdown with footnotes")
    cmd.add_argument("--html", type=Path, metavar="OUT.html",
                     help="write a briefing as one HTML file")
    cmd.add_argument("--briefing", metavar="TITLE",
                     help="the briefing to write with --pdf, --markdown or --html")
    cmd = commands.add_parser("snapshot", help="render the window offscreen to a PNG")
    cmd.add_argument("case", type=Path)
    cmd.add_argument("out", type=Path, metavar="OUT.png")
    cmd.add_argument("--select", type=_selection, metavar="KIND:UID",
                     help="select a claim, event, entity or source first, e.g. claim:<uid>")
    cmd.add_argument("--pane", default="window",
                     choices=("window", "navigator", "reading", "inspector", "timeline",
                              "comparison", "annotations", "briefing"),
                     help="render one pane instead of the whole window")  # app.PANES
    cmd.add_argument("--zoom", type=_positive, default=1.0, metavar="FACTOR",
                     help="timeline: zoom in by FACTOR from 'Fit all' (default 1)")
    cmd.add_argument("--size", type=_size, default=(1380, 860), metavar="WxH",
                     help="window size in pixels (default 1380x860)")
    return parser


def _selection(text: str) -> tuple[str, str]:
    kind, _, uid = text.partition(":")
    if kind not in ("claim", "event", "entity", "source") or not uid:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not KIND:UID with KIND one of claim, event, entity, source")
    return kind, uid


def _positive(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0
    if not 0 < value < 1e6:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number")
    return value


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    try:
        size = int(width), int(height)
    except ValueError:
        size = (0, 0)
    if not (200 <= size[0] <= 8000 and 200 <= size[1] <= 8000):
        raise argparse.ArgumentTypeError(f"{text!r} is not WxH between 200x200 and 8000x8000")
    return size


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return _dispatch(args)
    except (CaseError, CaseDescriptionError, FileNotFoundError) as exc:
        return _fail(str(exc))
    except sqlite3.DatabaseError as exc:  # damage found after opening, mid-query
        return _fail(str(as_case_error(getattr(args, "case", Path("?")), exc)))
    except BrokenPipeError:  # `casefile stats | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: still one line for the user, details on request
        if "CASEFILE_DEBUG" in os.environ:
            traceback.print_exc()
        return _fail(f"internal error ({type(exc).__name__}: {exc}); set CASEFILE_DEBUG=1 "
                     "for details")


def _fail(message: str) -> int:
    print(f"casefile: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _dispatch(args: argparse.Namespace) -> int:
    if args.command is None:
        from desktop.app import run_default  # Qt loads only for commands that show a window

        return run_default()
    if args.command == "sample":
        return _sample(args.case)
    if args.command == "export" and not (args.json or args.comparison or args.annotations
                                         or args.pdf or args.markdown or args.html):
        return _fail("export needs --json OUT, --comparison OUT.csv, --annotations "
                     "OUT.jsonld, or --pdf/--markdown/--html OUT for a briefing")
    if args.command == "export" and args.briefing is not None and not (
            args.pdf or args.markdown or args.html):
        return _fail("--briefing chooses what --pdf, --markdown or --html write; give one")
    if args.command == "export" and args.kind is not None and args.comparison is None:
        return _fail("--kind chooses the rows of --comparison OUT.csv; give that too")
    if args.command == "export" and args.private and not (args.annotations or args.pdf
                                                          or args.markdown or args.html):
        return _fail("--private goes with --annotations OUT.jsonld or a briefing; give one")
    from desktop.storage.casefile import open_case

    if args.command == "open":
        case = open_case(args.case)  # refused here, on stderr, before any window appears
        from desktop.app import run

        return run(case)
    if args.command == "snapshot":
        return _snapshot(args)

    with open_case(args.case) as case:
        if args.command == "check":
            return _check(case)
        if args.command == "stats":
            return _stats(case, args.json)
        if args.command == "export":
            return _export(case, args)
        if args.command == "import":
            return _import(case, args)
    raise AssertionError(f"unhandled command {args.command}")


def _snapshot(args: argparse.Namespace) -> int:
    if not args.out.parent.is_dir():
        return _fail(f"cannot write {args.out}: no folder {args.out.parent}")
    from desktop.app import snapshot

    snapshot(args.case, args.out, args.select, args.pane, args.size, args.zoom)
    print(f"wrote {args.out}")
    return EXIT_OK


def _sample(path: Path) -> int:
    from desktop.ingest.sample import build_sample
    from desktop.storage.stats import case_stats

    with build_sample(path) as case:
        counts = case_stats(case.db)
    print(f"built the sample case in {path}: {counts['sources']} sources, "
          f"{counts['claims']} claims, {counts['events']} events")
    return EXIT_OK


def _import(case, args: argparse.Namespace) -> int:
    from desktop.cli_exchange import import_annotation_files, split_files
    from desktop.storage.anchors import review_count
    from desktop.storage.lists import id_for_uid

    update = None
    files, notes = split_files(args.files)
    if args.update:
        if len(args.files) != 1:
            return _fail("--update takes exactly one FILE")
        if notes:
            return _fail(f"--update takes a source file; {notes[0]} is an annotation export")
        update = id_for_uid(case.db, "source", args.update)
        if update is None:
            return _fail(f"no source with uid {args.update} in {case.path}")
    refused = _import_sources(case, files, update, args) if files else 0
    # After the sources: annotations may be on a source imported in the same command.
    refused += import_annotation_files(case, notes)
    waiting = review_count(case.db)
    if waiting:
        print(f"{waiting} excerpt(s) need review: their words were not found exactly "
              "(open the case, View > Needs Review)")
    return EXIT_PROBLEMS if refused else EXIT_OK


def _import_sources(case, files: list[Path], update: int | None,
                    args: argparse.Namespace) -> int:
    from desktop.ingest.extract import Limits
    from desktop.ingest.importer import import_files
    from desktop.ingest.sandbox import Extractor

    refused = 0
    limits = Limits(max_bytes=int(args.max_mb * 1024 * 1024))
    with Extractor(limits, timeout=args.timeout) as extractor:
        for result in import_files(case, files, update_source=update, extractor=extractor):
            print(result.line(), flush=True)
            for note in result.notes:
                print(f"  note: {note}")
            refused += not result.ok
    return refused


def _check(case) -> int:
    from desktop.storage.integrity import check

    problems = check(case.db)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{case.path}: {len(problems)} problem(s) found", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{case.path}: sound")
    return EXIT_OK


def _stats(case, as_json: bool) -> int:
    from desktop.storage.stats import case_stats

    counts = case_stats(case.db)
    if as_json:
        print(json.dumps(counts, indent=2))
        return EXIT_OK
    for key, value in counts.items():
        if isinstance(value, dict):
            inner = ", ".join(f"{k} {v}" for k, v in value.items())
            print(f"{key:<16} {sum(value.values()):>7}  ({inner})")
        else:
            print(f"{key:<16} {value:>7}")
    return EXIT_OK


def _export(case, args: argparse.Namespace) -> int:
    from desktop.cli_exchange import export

    return EXIT_PROBLEMS if export(case, args) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

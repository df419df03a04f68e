"""The ``evex`` command line. It only maps arguments onto ``Options`` and calls the API.

Examples::

    evex extract corpus/ --out out/
    evex eval --pred out/ --gold annotations/
    evex schema --out event.schema.json
    evex bench --out bench/
    evex report --pred out/ --out report.html --gold annotations/
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Optional, Sequence


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in YYYY-MM-DD form: {value!r}") from None


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1: {value!r}")
    return n


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="evex", description=(
        "Extract structured conflict events from raw article pages."))
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="extract events from files, folders or JSONL",
                       description="Example: evex extract corpus/ --out out/")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="files (.html .htm .txt .jsonl), folders, or - for JSONL on stdin")
    p.add_argument("--out", required=True, type=Path, metavar="DIR", help="output folder")
    p.add_argument("--format", choices=("jsonl", "csv", "parquet"), default=None,
                   help="events file format (documents.jsonl is always written)")
    p.add_argument("--db", metavar="URL", help="also upsert into a database (SQLAlchemy URL)")
    p.add_argument("--workers", type=_positive, metavar="N", help="worker processes")
    p.add_argument("--engine", choices=("local", "dask"), default=None)
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler address")
    p.add_argument("--model", metavar="NAME", help="installed spaCy pipeline to load")
    p.add_argument("--published", type=_date, metavar="YYYY-MM-DD",
                   help="publication date for documents that carry none")
    p.add_argument("--resume", action="store_true",
                   help="skip documents already written to --out (same doc_id and content)")
    p.add_argument("--max-bytes", type=_positive, metavar="N", help="largest input document")
    p.add_argument("--timeout", type=float, metavar="SECONDS", dest="doc_timeout",
                   help="per-document time limit")
    p.add_argument("--settings", type=Path, metavar="FILE", help="settings file (TOML)")
    p.add_argument("--batch-size", type=_positive, metavar="N",
                   help="documents per batch (what a worker gets at once)")
    p.add_argument("--no-prefilter", action="store_true",
                   help="parse whole documents, not only passages with a trigger word")
    p.add_argument("--quiet", action="store_true", help="no progress bar or summary")

    p = sub.add_parser("eval", help="score predictions against gold annotations",
                       description="Example: evex eval --pred out/ --gold annotations/")
    p.add_argument("--pred", required=True, type=Path, metavar="DIR_OR_EVENTS_JSONL")
    p.add_argument("--gold", type=Path, default=Path("annotations"), metavar="DIR")
    p.add_argument("--report", type=Path, metavar="DIR", help="write report.md and report.html")
    p.add_argument("--json", action="store_true", help="print one JSON object of metrics")

    p = sub.add_parser("schema", help="print the JSON Schema of the event record",
                       description="Example: evex schema --out event.schema.json")
    p.add_argument("--out", type=Path, metavar="FILE")
    p.add_argument("--record", choices=("event", "document", "gold"), default="event")

    p = sub.add_parser("bench", help="measure throughput on a generated corpus",
                       description="Example: evex bench --out bench/")
    p.add_argument("--out", type=Path, default=Path("bench"), metavar="DIR")
    p.add_argument("--docs", type=_positive, default=1000, metavar="N")
    p.add_argument("--words", type=_positive, default=1_000_000, metavar="N")
    p.add_argument("--model", metavar="NAME")
    p.add_argument("--no-dask", action="store_true", help="skip the Dask measurement")
    p.add_argument("--corpus", type=Path, default=Path("corpus"), metavar="DIR",
                   help="documents whose paragraphs make up the benchmark corpus")

    p = sub.add_parser("report", help="write a self-contained HTML report of extracted events",
                       description="Example: evex report --pred out/ --out report.html")
    p.add_argument("--pred", required=True, type=Path, metavar="DIR")
    p.add_argument("--out", required=True, type=Path, metavar="FILE")
    p.add_argument("--gold", type=Path, metavar="DIR")
    return parser


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.options import Options
    from pipeline.runner import RunError, run_extract

    options = Options.load(
        args.settings, model=args.model, published=args.published, workers=args.workers,
        engine=args.engine, scheduler=args.scheduler, format=args.format, db=args.db,
        resume=args.resume or None, quiet=args.quiet or None, max_bytes=args.max_bytes,
        doc_timeout=args.doc_timeout, batch_size=args.batch_size,
        prefilter=False if args.no_prefilter else None)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        print(f"evex: cannot create output folder {args.out}: {exc.strerror}", file=sys.stderr)
        return 2
    try:
        summary = run_extract(args.inputs, args.out, options)
    except RunError as exc:
        print(exc, file=sys.stderr)
        return 2
    if not options.quiet:
        print(summary.line(), file=sys.stderr)
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    from pipeline.models import DocumentRecord, Event, GoldFile

    model = {"event": Event, "document": DocumentRecord, "gold": GoldFile}[args.record]
    text = json.dumps(model.model_json_schema(by_alias=True), indent=2, ensure_ascii=False)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from evaluation.cli import run_eval

    return run_eval(args)


def cmd_bench(args: argparse.Namespace) -> int:
    from pipeline.bench import run_bench

    return run_bench(args)


def cmd_report(args: argparse.Namespace) -> int:
    from pipeline.report import run_report

    return run_report(args)


COMMANDS = {"extract": cmd_extract, "eval": cmd_eval, "schema": cmd_schema,
            "bench": cmd_bench, "report": cmd_report}


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except BrokenPipeError:
        # the reader of our output went away (e.g. `evex eval | head`): stop quietly
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

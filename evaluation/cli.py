"""``evex eval``: score predictions against the gold files.

Examples::

    evex eval --pred out/ --gold annotations/
    evex eval --pred out/events.jsonl --json
    evex eval --pred out/ --report eval-report/

Only documents with a gold file (``annotations/<doc_id>.json``) are scored.
Exit status 0 after scoring, 2 when ``--pred`` or ``--gold`` cannot be read or
the report cannot be written.
"""
from __future__ import annotations

import argparse
import json
import sys

from evaluation.load import EvalInputError, load_gold, load_predictions
from evaluation.metrics import EvalResult, evaluate
from evaluation.report import summary, text_table, write_report


def score(args: argparse.Namespace) -> EvalResult:
    """Load ``args.gold`` and ``args.pred`` and align them (may raise ``EvalInputError``)."""
    predictions = load_predictions(args.pred)
    return evaluate(load_gold(args.gold), predictions)


def run_eval(args: argparse.Namespace) -> int:
    try:
        result = score(args)
    except EvalInputError as exc:
        print(f"evex eval: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(summary(result), ensure_ascii=False))
    else:
        print(text_table(result))
    if args.report:
        try:
            written = write_report(result, args.report)
        except OSError as exc:
            print(f"evex eval: cannot write the report to {args.report}: {exc.strerror}",
                  file=sys.stderr)
            return 2
        for path in written:
            print(f"evex eval: wrote {path}", file=sys.stderr)
    return 0

"""CI evaluation gate: scores must stay above pinned floors, gold data must not drift.

``evaluation/baseline.json`` holds::

    floors    {metric: lowest accepted value} for the metrics of evaluation.metrics
    hashes    {"annotations": sha256 of the gold files, "corpus": sha256 of the corpus}
    history   [{date, reason, floors: {metric: [old, new]}, hashes: [...], ...}]

Check (exit 1 and one line per problem on failure, 0 when it passes)::

    evex extract corpus/ --out out/
    python -m evaluation.gate --pred out/

A metric fails when it is below its floor, or is not measured (no pairs,
``null``) while its floor is above 0. The gate also fails when the hash of
``annotations/*.json`` or of ``corpus/`` differs from the pinned one.

Update (always with a reason, recorded in ``history``)::

    python -m evaluation.gate --pred out/ --update --reason "better date resolution"
    python -m evaluation.gate --update --reason "gold: fixed event 3 of doc X"

With ``--pred`` the floors are raised to the current scores (new floor =
max(old, current), rounded down to 4 decimals); a floor goes down only for
metrics named with ``--allow-regression METRIC``. Without ``--pred`` only the
hashes are re-pinned. The hashes are always re-pinned by ``--update``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import sys
from pathlib import Path
from typing import Iterable, Optional, Sequence

from evaluation.load import EvalInputError, load_gold, load_predictions
from evaluation.metrics import evaluate, metrics

BASELINE = Path(__file__).resolve().with_name("baseline.json")
HASHED = (("annotations", "*.json"), ("corpus", "**/*"))  # (name, files hashed)
DECIMALS = 4
TOLERANCE = 1e-9


def tree_sha256(folder: Path, pattern: str) -> str:
    """sha256 over relative paths and contents of the files of ``folder`` matching ``pattern``."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.glob(pattern) if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def current_hashes(gold: Path, corpus: Path) -> dict[str, str]:
    folders = {"annotations": gold, "corpus": corpus}
    return {name: tree_sha256(folders[name], pattern) for name, pattern in HASHED}


def load_baseline(path: Path = BASELINE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def save_baseline(baseline: dict, path: Path = BASELINE) -> None:
    path.write_text(json.dumps(baseline, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def check_floors(scores: dict[str, Optional[float]], floors: dict[str, float]) -> list[str]:
    problems = []
    for name, floor in floors.items():
        if name not in scores:
            problems.append(f"{name}: unknown metric in the baseline")
        elif scores[name] is None:
            if floor > 0:
                problems.append(f"{name}: not measured (no events to compare), floor {floor}")
        elif scores[name] < floor - TOLERANCE:
            problems.append(f"{name}: {scores[name]:.4f} is below its floor {floor}")
    return problems


def check_hashes(hashes: dict[str, str], pinned: dict[str, Optional[str]]) -> list[str]:
    return [f"{'gold' if name == 'annotations' else name} changed: the sha256 of {name}/ is "
            f"{value[:12]}, the baseline pins {str(pinned.get(name))[:12]}; update the "
            "baseline with --update --reason ..."
            for name, value in hashes.items() if pinned.get(name) != value]


def check(scores: dict[str, Optional[float]], hashes: dict[str, str], baseline: dict) -> list[str]:
    """Every problem of the current scores and data against the baseline (empty: pass)."""
    return (check_floors(scores, baseline.get("floors", {}))
            + check_hashes(hashes, baseline.get("hashes", {})))


def round_down(value: float) -> float:
    return math.floor(value * 10 ** DECIMALS + TOLERANCE) / 10 ** DECIMALS


def raised_floors(floors: dict[str, float], scores: dict[str, Optional[float]],
                  allow_regression: Iterable[str] = ()) -> dict[str, float]:
    """New floors: max(old, current), or current for metrics allowed to regress."""
    allowed = set(allow_regression)
    unknown = allowed - set(scores)
    if unknown:
        raise ValueError(f"--allow-regression: unknown metric(s) {', '.join(sorted(unknown))}")
    new = {}
    for name in dict.fromkeys([*floors, *scores]):
        current = round_down(scores.get(name) or 0.0)
        new[name] = current if name in allowed else max(floors.get(name, 0.0), current)
    return new


def update(baseline: dict, hashes: dict[str, str], reason: str,
           scores: Optional[dict[str, Optional[float]]] = None,
           allow_regression: Iterable[str] = (), today: Optional[dt.date] = None) -> dict:
    """A new baseline: hashes re-pinned, floors raised when ``scores`` are given."""
    if not reason.strip():
        raise ValueError("--update needs a --reason")
    allow_regression = sorted(allow_regression)
    old_floors = baseline.get("floors", {})
    floors = (raised_floors(old_floors, scores, allow_regression) if scores is not None
              else dict(old_floors))
    old_hashes = baseline.get("hashes", {})
    entry = {"date": (today or dt.date.today()).isoformat(), "reason": reason.strip(),
             "floors": {k: [old_floors.get(k), v] for k, v in floors.items()
                        if old_floors.get(k) != v},
             "hashes": sorted(k for k, v in hashes.items() if old_hashes.get(k) != v)}
    if allow_regression:
        entry["allow_regression"] = allow_regression
    return {"floors": floors, "hashes": dict(hashes),
            "history": [*baseline.get("history", []), entry]}


def scores_of(pred: Path, gold: Path) -> dict[str, Optional[float]]:
    return metrics(evaluate(load_gold(gold), load_predictions(pred)))


def run_gate(pred: Path, gold: Path = Path("annotations"), corpus: Path = Path("corpus"),
             baseline: Path = BASELINE) -> list[str]:
    """Problems of the predictions in ``pred`` against the baseline; empty when the gate passes."""
    return check(scores_of(pred, gold), current_hashes(gold, corpus), load_baseline(baseline))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m evaluation.gate", description=(
            "Fail when a score falls below its pinned floor or the gold data changed. "
            "Example: python -m evaluation.gate --pred out/"))
    parser.add_argument("--pred", type=Path, metavar="DIR_OR_EVENTS_JSONL",
                        help="predictions (needed to check, optional with --update)")
    parser.add_argument("--gold", type=Path, default=Path("annotations"), metavar="DIR")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), metavar="DIR")
    parser.add_argument("--baseline", type=Path, default=BASELINE, metavar="FILE")
    parser.add_argument("--update", action="store_true",
                        help="rewrite the baseline (needs --reason)")
    parser.add_argument("--reason", default="", help="why the baseline changes (kept in history)")
    parser.add_argument("--allow-regression", action="append", default=[], metavar="METRIC",
                        help="with --update: let this metric's floor go down (repeatable)")
    return parser


def run_update(args: argparse.Namespace) -> int:
    scores = scores_of(args.pred, args.gold) if args.pred else None
    new = update(load_baseline(args.baseline), current_hashes(args.gold, args.corpus),
                 args.reason, scores, args.allow_regression)
    save_baseline(new, args.baseline)
    print(f"evaluation.gate: baseline updated: {json.dumps(new['history'][-1])}")
    return 0


def run_check(args: argparse.Namespace) -> int:
    problems = run_gate(args.pred, args.gold, args.corpus, args.baseline)
    for problem in problems:
        print(f"evaluation.gate: FAIL {problem}", file=sys.stderr)
    if not problems:
        print("evaluation.gate: pass")
    return 1 if problems else 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.update and (args.allow_regression or args.pred is None):
        print("evaluation.gate: give --pred to check, or --update --reason to rewrite "
              "(--allow-regression only goes with --update)", file=sys.stderr)
        return 2
    for name in ("gold", "corpus"):
        if not getattr(args, name).is_dir():
            print(f"evaluation.gate: --{name} folder does not exist: {getattr(args, name)}",
                  file=sys.stderr)
            return 2
    try:
        return run_update(args) if args.update else run_check(args)
    except (EvalInputError, ValueError) as exc:
        print(f"evaluation.gate: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

"""``evex eval`` (placeholder)."""
from __future__ import annotations

import argparse


def run_eval(args: argparse.Namespace) -> int:
    raise SystemExit("evex eval: not implemented yet")

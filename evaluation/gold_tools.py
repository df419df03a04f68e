"""Upkeep of the gold annotations: evidence offsets and consistency checks.

Evidence sentences in a gold file are written by hand as they read in the
article body; their ``start``/``end`` offsets point into the *cleaned* text
(``pipeline.ingest`` then ``pipeline.clean``), so they are computed, not typed::

    python -m evaluation.gold_tools locate annotations/   # fill evidence start/end
    python -m evaluation.gold_tools check annotations/    # validate, compare text[start:end]

``locate`` looks each sentence up in the cleaned text: an exact match first,
then a match that ignores whitespace (the sentence is then rewritten to the
cleaned text's spelling). The evidence of one event is searched in order, each
sentence after the previous one, so a sentence that occurs several times
resolves to the occurrence next to the rest of its event. Sentences that are
not found keep their offsets and are reported. Both commands exit with status
1 when something needs attention.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Optional, Sequence

from pydantic import ValidationError

from pipeline.clean import clean_document
from pipeline.ingest import iter_inputs
from pipeline.models import GoldEvent, GoldFile


@dataclass(frozen=True)
class Match:
    """Where a sentence sits in the cleaned text, its spelling there, and whether it matched as typed."""

    start: int
    end: int
    text: str
    exact: bool


def gold_paths(folder: Path) -> list[Path]:
    """The gold files of ``folder`` (``*.json``), sorted."""
    return sorted(folder.glob("*.json"))


def source_path(gold_path: Path, source: str) -> Path:
    """The corpus file of a gold file: ``source`` is relative to the folder above ``annotations/``."""
    path = Path(source)
    return path if path.is_absolute() else gold_path.resolve().parent.parent / path


@lru_cache(maxsize=None)
def cleaned_text(path: Path) -> str:
    """The cleaned article text of one corpus file, as the pipeline produces it."""
    raw = next(iter(iter_inputs([str(path)])))
    if raw.status != "ok":
        raise ValueError(f"{path}: {raw.error}")
    return clean_document(raw).text


def _loose_pattern(sentence: str) -> re.Pattern[str]:
    """A pattern for ``sentence`` that allows any whitespace (or none) between its characters."""
    chars = [re.escape(c) for c in sentence if not c.isspace()]
    return re.compile(r"\s*".join(chars))


def find_sentence(text: str, sentence: str, after: int = 0) -> Optional[Match]:
    """Locate ``sentence`` in ``text``, preferring occurrences at or after ``after``."""
    if not sentence.strip():
        return None
    for begin in dict.fromkeys((after, 0)):
        index = text.find(sentence, begin)
        if index >= 0:
            return Match(index, index + len(sentence), sentence, exact=True)
    pattern = _loose_pattern(sentence)
    for begin in dict.fromkeys((after, 0)):
        found = pattern.search(text, begin)
        if found:
            return Match(found.start(), found.end(), found.group(0), exact=False)
    return None


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def locate_file(path: Path) -> list[str]:
    """Fill the evidence offsets of one gold file in place; return what needs attention."""
    data = _load(path)
    text = cleaned_text(source_path(path, data["source"]))
    messages: list[str] = []
    for number, event in enumerate(data["events"]):
        after = 0
        for evidence in event.get("evidence", []):
            match = find_sentence(text, evidence["sentence"], after)
            where = f"{path.name} event {number}"
            if match is None:
                messages.append(f"{where}: sentence not found: {evidence['sentence'][:80]!r}")
                continue
            if not match.exact:
                messages.append(f"{where}: matched ignoring whitespace, sentence rewritten: "
                                f"{match.text[:80]!r}")
            evidence.update(sentence=match.text, start=match.start, end=match.end)
            after = match.end
    _dump(path, data)
    return messages


def evidence_problems(gold: GoldFile, text: str) -> Iterator[str]:
    """Evidence whose offsets do not cut its sentence out of the cleaned text."""
    for number, event in enumerate(gold.events):
        for evidence in event.evidence:
            if text[evidence.start:evidence.end] != evidence.sentence:
                yield (f"event {number}: text[{evidence.start}:{evidence.end}] is not the sentence "
                       f"{evidence.sentence[:60]!r}")


def mention_problems(gold: GoldFile, text: str) -> Iterator[str]:
    """Date, place and actor ``text`` fields that are not words of the cleaned text."""
    for number, event in enumerate(gold.events):
        mentions = [("date", event.date), ("location", event.location)]
        mentions += [("actor", actor) for actor in event.actors]
        for field, value in mentions:
            if value is not None and value.text not in text:
                yield f"event {number}: {field} text {value.text!r} is not in the article"


def date_problems(gold: GoldFile) -> Iterator[str]:
    """Dates whose start is not the first day of their month or year precision."""
    for number, event in enumerate(gold.events):
        date = event.date
        if date is None:
            continue
        if date.precision != "day" and date.start.day != 1:
            yield f"event {number}: {date.precision} precision but start {date.start} is not day 1"
        if date.precision == "year" and date.start.month != 1:
            yield f"event {number}: year precision but start {date.start} is not 1 January"


def _identity(event: GoldEvent) -> tuple:
    """What makes two gold events the same occurrence told twice."""
    date = event.date
    place = event.location.name.casefold() if event.location else None
    return (event.event_type, date and (date.start, date.end, date.precision), place,
            tuple(sorted((a.name, a.role) for a in event.actors)))


def duplicate_problems(gold: GoldFile) -> Iterator[str]:
    """Events of one file with the same type, date, place and actors."""
    seen: dict[tuple, int] = {}
    for number, event in enumerate(gold.events):
        first = seen.setdefault(_identity(event), number)
        if first != number:
            yield f"event {number} duplicates event {first}"


def check_file(path: Path) -> list[str]:
    """Everything wrong with one gold file (empty when it is sound)."""
    try:
        gold = GoldFile.model_validate(_load(path))
    except (ValidationError, json.JSONDecodeError) as exc:
        return [f"{path.name}: not a valid gold file: {exc}"]
    problems: list[str] = []
    if gold.doc_id != path.stem:
        problems.append(f"{path.name}: doc_id {gold.doc_id!r} is not the file name")
    source = source_path(path, gold.source)
    if not source.is_file():
        return problems + [f"{path.name}: source {gold.source} does not exist"]
    text = cleaned_text(source)
    found = [*date_problems(gold), *duplicate_problems(gold),
             *evidence_problems(gold, text), *mention_problems(gold, text)]
    problems.extend(f"{path.name} {problem}" for problem in found)
    return problems


def _run(command: str, folder: Path) -> int:
    action = locate_file if command == "locate" else check_file
    paths = gold_paths(folder)
    if not paths:
        print(f"no gold files in {folder}", file=sys.stderr)
        return 1
    messages = [message for path in paths for message in action(path)]
    for message in messages:
        print(message)
    print(f"{command}: {len(paths)} gold files, {len(messages)} to look at", file=sys.stderr)
    return 1 if messages else 0


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m evaluation.gold_tools", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("locate", "check"),
                        help="locate: fill evidence offsets; check: validate the gold files")
    parser.add_argument("folder", type=Path, help="folder of gold files, e.g. annotations/")
    args = parser.parse_args(argv)
    return _run(args.command, args.folder)


if __name__ == "__main__":
    raise SystemExit(main())

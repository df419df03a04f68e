"""Renderings of an evaluation: JSON summary, terminal table, report.md, report.html.

Every text that comes from an article or a prediction (evidence sentences,
names, dates) is passed through ``html.escape`` in both reports, so an
evidence containing ``<script>`` is shown, never run. The HTML report is
self-contained: inline CSS, no scripts, no external requests (its Content
Security Policy forbids them).
"""
from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from typing import Any, Iterable, Optional

from evaluation.metrics import SLOT_NAMES, EvalResult, Pair, metric_table
from pipeline.models import EventFields

DASH = "\u2014"
OK, WRONG, SKIPPED = "ok", "DIFF", ""


def show(value: Any) -> str:
    """A slot value as short text: dates ISO, sets sorted, unknowns as a dash."""
    if value is None:
        return DASH
    if isinstance(value, float):
        return f"{value:.4f}"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return ", ".join(sorted(value)) or DASH
    if isinstance(value, tuple):
        return DASH if all(v is None for v in value) else " ".join(show(v) for v in value)
    return str(value)


def fmt(value: Optional[float]) -> str:
    return DASH if value is None else f"{value:.3f}"


def describe(doc_id: str, event: EventFields) -> dict[str, Any]:
    """The short form of an unmatched event for error analysis."""
    return {"doc_id": doc_id, "event_id": event.event_id, "event_type": event.event_type,
            "date": show((event.date.start, event.date.precision)) if event.date else None,
            "place": event.location.name if event.location else None,
            "evidence": [e.sentence for e in event.evidence]}


def unmatched(result: EvalResult, kind: str) -> list[dict[str, Any]]:
    """``kind`` is "missed" (gold without a match) or "spurious" (prediction without one)."""
    return [describe(d.doc_id, e) for d in result.documents for e in getattr(d, kind)]


def summary(result: EvalResult) -> dict[str, Any]:
    """The one JSON object of ``evex eval --json``."""
    rows = metric_table(result.totals())
    return {
        "metrics": {name: value for name, value, _ in rows},
        "support": {name: n for name, _, n in rows},
        "counts": dict(sorted(result.totals().items())),
        "documents": {d.doc_id: {"status": d.status, **d.counts()} for d in result.documents},
        "unscored_documents": list(result.unscored),
        "missed": unmatched(result, "missed"),
        "spurious": unmatched(result, "spurious"),
    }


def text_table(result: EvalResult) -> str:
    """The terminal table: metric, value, n (the denominator)."""
    rows = [("metric", "value", "n")] + [(name, fmt(value), str(n))
                                         for name, value, n in metric_table(result.totals())]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c:>{widths[2]}}" for a, b, c in rows]
    lines.insert(1, "-" * len(lines[0]))
    without = sum(d.status != "ok" for d in result.documents)
    lines.append(f"\n{len(result.documents)} gold documents scored ({without} not processed "
                 f"successfully); {len(result.unscored)} predicted documents without gold "
                 "(not scored).")
    return "\n".join(lines)


def pair_rows(pair: Pair) -> list[tuple[str, str, str, str]]:
    """(slot, gold, predicted, mark) for every slot of a matched pair."""
    marks = {True: OK, False: WRONG, None: SKIPPED}
    return [(name, show(pair.slots[name].gold), show(pair.slots[name].pred),
             marks[pair.slots[name].correct]) for name in SLOT_NAMES]


def event_title(event: EventFields) -> str:
    date = show(event.date.start) if event.date else "no date"
    place = event.location.name if event.location else "no place"
    return f"{event.event_type}, {date}, {place}"


# --- Markdown ------------------------------------------------------------------

def md_cell(text: str) -> str:
    return html.escape(" ".join(text.split())).replace("|", "\\|")


def md_table(header: Iterable[str], rows: Iterable[Iterable[Any]]) -> list[str]:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md_cell(str(c)) for c in row) + " |" for row in rows]
    return lines + [""]


def md_events(title: str, events: list[dict[str, Any]]) -> list[str]:
    lines = [f"## {title} ({len(events)})", ""]
    for e in events:
        lines.append(f"- `{md_cell(e['doc_id'])}` {md_cell(e['event_type'])}, "
                     f"{md_cell(e['date'] or 'no date')}, {md_cell(e['place'] or 'no place')}")
        lines += [f"  > {md_cell(s)}" for s in e["evidence"]]
    return lines + [""]


def markdown(result: EvalResult) -> str:
    data = summary(result)
    lines = ["# evex evaluation", ""]
    lines += md_table(("metric", "value", "n"),
                      ((n, fmt(v), s) for n, v, s in metric_table(result.totals())))
    lines += ["## Documents", ""]
    lines += md_table(("doc_id", "status", "gold", "pred", "matched", "missed", "spurious"),
                      ((d.doc_id, d.status, len(d.gold), len(d.pred), len(d.pairs),
                        len(d.missed), len(d.spurious)) for d in result.documents))
    lines += ["## Matched events: differences", ""]
    for doc in result.documents:
        for pair in doc.pairs:
            wrong = [row[:3] for row in pair_rows(pair) if row[3] == WRONG]
            lines.append(f"### `{md_cell(doc.doc_id)}` {md_cell(event_title(pair.gold))} "
                         f"(similarity {pair.similarity:.2f})")
            lines += [""] + (md_table(("slot", "gold", "predicted"), wrong) if wrong
                             else ["All slots agree.", ""])
    lines += md_events("Missed (gold without a prediction)", data["missed"])
    lines += md_events("Spurious (prediction without gold)", data["spurious"])
    return "\n".join(lines)


# --- HTML ----------------------------------------------------------------------

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}
td,th{border:1px solid #ccc;padding:.2em .6em;text-align:left;vertical-align:top}
tr.DIFF td{background:#fde2e2}tr.ok td{background:#e6f4ea}
blockquote{margin:.2em 0 .2em 1em;color:#555;border-left:3px solid #ccc;padding-left:.5em}
"""
CSP = "default-src 'none'; style-src 'unsafe-inline'"


def h(value: Any) -> str:
    return html.escape(str(value), quote=True)


def html_table(header: Iterable[str], rows: Iterable[tuple], marks: bool = False) -> str:
    """A table; with ``marks`` the last cell of each row is its CSS class and not shown."""
    head = "".join(f"<th>{h(c)}</th>" for c in header)
    body = []
    for row in rows:
        cells, cls = (row[:-1], row[-1]) if marks else (row, "")
        body.append(f'<tr class="{h(cls)}">' + "".join(f"<td>{h(c)}</td>" for c in cells)
                    + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def html_evidence(sentences: Iterable[str]) -> str:
    return "".join(f"<blockquote>{h(s)}</blockquote>" for s in sentences)


def html_pair(doc_id: str, pair: Pair) -> str:
    rows = [(*row[:3], row[3] or "n/a", row[3]) for row in pair_rows(pair)]
    return (f"<h3>{h(doc_id)}: {h(event_title(pair.gold))} "
            f"(similarity {pair.similarity:.2f})</h3>"
            + html_table(("slot", "gold", "predicted", ""), rows, marks=True)
            + "<p>Gold evidence:</p>" + html_evidence(e.sentence for e in pair.gold.evidence)
            + "<p>Predicted evidence:</p>"
            + html_evidence(e.sentence for e in pair.pred.evidence))


def html_events(title: str, events: list[dict[str, Any]]) -> str:
    items = "".join(
        f"<li><b>{h(e['doc_id'])}</b> {h(e['event_type'])}, {h(e['date'] or 'no date')}, "
        f"{h(e['place'] or 'no place')}{html_evidence(e['evidence'])}</li>" for e in events)
    return f"<h2>{h(title)} ({len(events)})</h2><ul>{items}</ul>"


def html_report(result: EvalResult) -> str:
    data = summary(result)
    parts = [
        "<h1>evex evaluation</h1>",
        html_table(("metric", "value", "n"),
                   ((n, fmt(v), s) for n, v, s in metric_table(result.totals()))),
        "<h2>Documents</h2>",
        html_table(("doc_id", "status", "gold", "pred", "matched", "missed", "spurious"),
                   ((d.doc_id, d.status, len(d.gold), len(d.pred), len(d.pairs),
                     len(d.missed), len(d.spurious)) for d in result.documents)),
        "<h2>Matched events, gold vs predicted</h2>",
        *(html_pair(d.doc_id, p) for d in result.documents for p in d.pairs),
        html_events("Missed (gold without a prediction)", data["missed"]),
        html_events("Spurious (prediction without gold)", data["spurious"]),
    ]
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">"
            f"<title>evex evaluation</title><style>{STYLE}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def write_report(result: EvalResult, folder: Path) -> list[Path]:
    """Write ``report.md`` and ``report.html`` into ``folder``; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in (("report.md", markdown(result)), ("report.html", html_report(result))):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

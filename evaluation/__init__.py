"""Evaluation of evex output against gold annotations; reads only ``pipeline.models``.

Stages, one module each::

    load     gold files (annotations/*.json) and predictions (output folder or events.jsonl)
    align    one-to-one matching of predicted and gold events per document
    metrics  event precision/recall/F1 (incidents, all) and per-slot accuracy
    report   JSON summary, terminal table, report.md and report.html
    cli      ``evex eval``
    gate     CI gate: floors per metric and pinned hashes of the gold data (baseline.json)
"""

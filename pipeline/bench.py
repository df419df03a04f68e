"""``evex bench``: throughput of the extraction on a generated corpus.

1. Corpus: the paragraphs of the cleaned documents of ``--corpus`` are
   shuffled and recombined (seeded RNG) into ``--docs`` distinct documents of
   about ``--words / --docs`` words each (no two with the same SHA-256),
   written to ``OUT/corpus.jsonl``.
2. In one run, over the same texts:

   - ``bare``: ``nlp.pipe`` of the same spaCy model as shipped (every
     component its package enables), in a child process of its own;
   - ``extract-1w``: ``run_extract`` in this process (one worker);
   - ``extract-2w``: ``run_extract`` with two worker processes;
   - ``dask-2w``: ``run_extract`` on a local Dask cluster of two workers
     (skipped with ``--no-dask``).

Reported per measurement: seconds (extract runs include starting workers and
loading the model), words/s, docs/s, events and the peak resident set size of
every worker (``getrusage``; the ``extract-1w`` worker is this process), plus
the ratios extract-1w/bare, extract-2w/extract-1w and dask-2w/extract-1w, as
a table on standard output and ``OUT/results.json``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Optional

from pipeline import errors
from pipeline.clean import clean_document
from pipeline.engines import peak_rss
from pipeline.ingest import iter_inputs
from pipeline.options import Options
from pipeline.prefilter import split_paragraphs
from pipeline.runner import run_extract

SEED = 20150303
MIN_PARAGRAPH_WORDS = 5


@dataclass
class Measurement:
    name: str
    seconds: float
    docs: int
    words: int
    events: int = 0
    peak_rss_mb: dict[str, float] = field(default_factory=dict)

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {**asdict(self), "words_per_s": round(self.words_per_s, 1),
                "docs_per_s": round(self.docs_per_s, 2)}


def corpus_paragraphs(corpus: Path) -> list[str]:
    """Paragraphs of the cleaned documents under ``corpus`` (short ones dropped)."""
    paragraphs = []
    for raw in iter_inputs([str(corpus)]):
        if raw.status != "ok":
            continue
        try:
            text = clean_document(raw).text
        except errors.InputError:
            continue
        paragraphs += [p.text for p in split_paragraphs(text)
                       if len(p.text.split()) >= MIN_PARAGRAPH_WORDS]
    return paragraphs


def _draw(rng: random.Random, paragraphs: list[str], words: int) -> str:
    """Paragraphs in shuffled order (reshuffled when used up) until ``words`` words."""
    chosen, count, pool = [], 0, []
    while count < words:
        if not pool:
            pool = rng.sample(paragraphs, len(paragraphs))
        paragraph = pool.pop()
        chosen.append(paragraph)
        count += len(paragraph.split())
    return "\n\n".join(chosen)


def build_corpus(paragraphs: list[str], n_docs: int, n_words: int,
                 seed: int = SEED) -> list[str]:
    """``n_docs`` distinct texts of about ``n_words / n_docs`` words, paragraphs recombined."""
    if not paragraphs:
        raise ValueError("no paragraphs to build a benchmark corpus from")
    rng = random.Random(seed)
    per_doc = max(1, n_words // n_docs)
    texts: list[str] = []
    seen: set[str] = set()
    for _ in range(100 * n_docs):
        if len(texts) == n_docs:
            break
        text = _draw(rng, paragraphs, per_doc)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        if digest not in seen:
            seen.add(digest)
            texts.append(text)
    if len(texts) < n_docs:
        raise ValueError(f"only {len(texts)} distinct documents can be made from "
                         f"{len(paragraphs)} paragraphs")
    return texts


def write_corpus(texts: list[str], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            fh.write(json.dumps({"id": f"bench-{i:05d}", "text": text}, ensure_ascii=False) + "\n")


def _bare(model: str, texts: list[str], batch_size: int) -> tuple[float, int]:
    """Seconds of ``nlp.pipe`` over ``texts`` and this process's peak RSS (in a child)."""
    import spacy

    nlp = spacy.load(model)
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - started, peak_rss()


def measure_bare(model: str, texts: list[str], words: int, batch_size: int) -> Measurement:
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        seconds, rss = pool.submit(_bare, model, texts, batch_size).result()
    return Measurement("bare", seconds, len(texts), words, peak_rss_mb={"bare": _mb(rss)})


def measure_extract(name: str, corpus_file: Path, out: Path, options: Options,
                    words: int) -> Measurement:
    summary = run_extract([str(corpus_file)], out / name, options)
    return Measurement(name, summary.seconds, summary.documents, words, summary.events,
                       {worker: _mb(rss) for worker, rss in sorted(summary.peak_rss.items())})


def _mb(n_bytes: int) -> float:
    return round(n_bytes / 2**20, 1)


def ratios(results: dict[str, Measurement]) -> dict[str, Optional[float]]:
    def ratio(a: str, b: str) -> Optional[float]:
        if a not in results or b not in results or not results[b].words_per_s:
            return None
        return round(results[a].words_per_s / results[b].words_per_s, 3)

    return {"extract_1w_over_bare": ratio("extract-1w", "bare"),
            "extract_2w_over_1w": ratio("extract-2w", "extract-1w"),
            "dask_over_1w": ratio("dask-2w", "extract-1w")}


def table(results: dict[str, Measurement], quotients: dict[str, Optional[float]]) -> str:
    lines = [f"{'run':<12} {'seconds':>9} {'words/s':>10} {'docs/s':>8} {'events':>7}  peak RSS MB"]
    for m in results.values():
        rss = ", ".join(f"{v:.0f}" for v in m.peak_rss_mb.values())
        lines.append(f"{m.name:<12} {m.seconds:>9.1f} {m.words_per_s:>10.0f} "
                     f"{m.docs_per_s:>8.2f} {m.events:>7}  {rss}")
    lines += [f"{k}: {v}" for k, v in quotients.items()]
    return "\n".join(lines)


def run_bench(args: argparse.Namespace) -> int:
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    base = Options.load(model=args.model, quiet=True)
    paragraphs = corpus_paragraphs(args.corpus)
    if not paragraphs:
        print(f"evex: no documents with text under {args.corpus}", file=sys.stderr)
        return 2
    texts = build_corpus(paragraphs, args.docs, args.words)
    corpus_file = out / "corpus.jsonl"
    write_corpus(texts, corpus_file)
    words = sum(len(t.split()) for t in texts)
    runs = {"extract-1w": base.with_(workers=1, engine="local"),
            "extract-2w": base.with_(workers=2, engine="local")}
    if not args.no_dask:
        runs["dask-2w"] = base.with_(workers=2, engine="dask")
    results = {name: measure_extract(name, corpus_file, out, options, words)
               for name, options in runs.items()}
    results["bare"] = measure_bare(base.model, texts, words, base.batch_size)
    quotients = ratios(results)
    report = {"docs": len(texts), "words": words, "model": base.model,
              "batch_size": base.batch_size, "prefilter": base.prefilter,
              "runs": {name: m.as_dict() for name, m in results.items()}, "ratios": quotients}
    (out / "results.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(results, quotients))
    return 0

"""Where an article's time goes: milliseconds per article of the tokenizer, each pipeline component and the
building of the records, against spaCy's bare tokenizer, on ../shared/corpus (replicated as needed).

Each stage runs over all the articles before the next (the stages' own costs, without the interleaving of
`Extractor.pipe`); `pipe` is the whole `Extractor.pipe` on a fresh Extractor, as benchmarks/speed.py times it.

Example:
    .venv/bin/python benchmarks/components.py                  # fast mode, 400 articles
    .venv/bin/python benchmarks/components.py --mode accurate --articles 871
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import CORPUS, corpus_rows, replicate  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mode", choices=["accurate", "fast"], default="fast")
    ap.add_argument("--articles", type=int, default=400)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    a = ap.parse_args()

    import spacy

    from extractor.extract import Extractor, make_doc
    from extractor.models import Article

    rows = replicate(corpus_rows(a.corpus), a.articles)
    arts = [Article(**{k: v for k, v in r.items() if v is not None}) for r in rows]
    n = len(arts)
    ms = lambda seconds: seconds / n * 1000  # noqa: E731

    ex = Extractor(mode=a.mode)
    list(ex.pipe(arts[:10]))  # loads what loads lazily (the statistical model on the first quote cue)
    start = time.perf_counter()
    list(ex.pipe(arts))
    pipe = ms(time.perf_counter() - start)

    ex = Extractor(mode=a.mode)
    list(ex.pipe(arts[:10]))
    nlp, stages = ex.nlp, {}
    start = time.perf_counter()
    docs = [make_doc(nlp, x.text, x.published) for x in arts]
    stages["tokenizer (make_doc)"] = ms(time.perf_counter() - start)
    for name, proc in nlp.pipeline:
        start = time.perf_counter()
        docs = [proc(d) for d in docs]
        stages[name] = ms(time.perf_counter() - start)
    start = time.perf_counter()
    for d, x in zip(docs, arts):
        ex.records(d, x)
    stages["records (pydantic)"] = ms(time.perf_counter() - start)

    blank = spacy.blank("en")
    texts = [x.text for x in arts]
    list(blank.tokenizer.pipe(texts[:10]))
    start = time.perf_counter()
    list(blank.tokenizer.pipe(texts))
    bare = ms(time.perf_counter() - start)

    print(f"{a.mode} mode, {n} articles of {a.corpus} (mean {sum(map(len, texts)) // n} characters), ms/article:")
    for name, v in stages.items():
        print(f"  {name:24} {v:6.2f}")
    print(f"  {'sum of the stages':24} {sum(stages.values()):6.2f}")
    ratio = f"   = {bare / pipe:.2f}x the bare tokenizer's speed" if a.mode == "fast" else ""
    print(f"  {'Extractor.pipe':24} {pipe:6.2f}{ratio}")
    print(f"  {'bare tokenizer':24} {bare:6.2f}")


if __name__ == "__main__":
    main()

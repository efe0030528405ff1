"""Article-body F1 and speed of `newsfacts parse` against trafilatura alone, on the same pages.

    python benchmarks/parse.py [--pages ../shared/eval/aeb-dev] [--repeat 3] [--out-dir DIR]

Reads `html/<id>.html.gz` and `ground-truth.json` of an article-extraction-benchmark folder. Each system gets the
same bytes and URL: newsfacts `parse_html` (decoding, metadata and body) and `trafilatura.extract` with its
defaults. Timing interleaves the two page by page and keeps each page's best of `--repeat` runs, so that load
from other processes on a shared machine hurts neither side more than the other; both are warmed up first
(trafilatura builds its jusText stop lists on first use). F1 is the benchmark's own measure, computed by
../shared/eval/score_text.py on the JSON Lines each system wrote.

Example output:
    system       body F1  precision  recall  pages/s
    newsfacts      0.981      0.974   0.987     70.1
    trafilatura    0.951      0.928   0.976     56.0
"""
from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))


def load_pages(folder: Path) -> tuple[list[tuple[str, str, bytes]], Path]:
    gold_path = folder / "ground-truth.json"
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    pages = []
    for page_id, item in gold.items():
        path = folder / "html" / f"{page_id}.html.gz"
        pages.append((page_id, item.get("url"), gzip.decompress(path.read_bytes())))
    return pages, gold_path


def systems():
    import trafilatura

    from extractor.parse import parse_html
    return {
        "newsfacts": lambda page_id, url, data: parse_html(data, page_id, url=url).text,
        "trafilatura": lambda page_id, url, data: trafilatura.extract(data, url=url) or "",
    }


def run(pages, repeat: int) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    runners = systems()
    for fn in runners.values():  # warm-up: imports, stop lists, regex caches
        for page_id, url, data in pages[:3]:
            fn(page_id, url, data)
    texts: dict[str, dict[str, str]] = {name: {} for name in runners}
    best: dict[str, list[float]] = {name: [float("inf")] * len(pages) for name in runners}
    for _ in range(repeat):
        for i, (page_id, url, data) in enumerate(pages):
            for name, fn in runners.items():
                start = time.process_time()
                texts[name][page_id] = fn(page_id, url, data)
                best[name][i] = min(best[name][i], time.process_time() - start)
    return texts, {name: len(pages) / sum(times) for name, times in best.items()}


def score(gold_path: Path, texts: dict[str, str], out: Path) -> dict[str, float]:
    with out.open("w", encoding="utf-8") as fh:
        for page_id, text in texts.items():
            fh.write(json.dumps({"id": page_id, "text": text}, ensure_ascii=False) + "\n")
    scorer = SHARED / "eval" / "score_text.py"
    line = subprocess.run([sys.executable, str(scorer), str(gold_path), str(out)], check=True,
                          capture_output=True, text=True).stdout
    values = dict(re.findall(r"(F1|precision|recall|accuracy) ([\d.]+)", line))
    return {k: float(v) for k, v in values.items()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=SHARED / "eval" / "aeb-dev")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out-dir", type=Path, default=None, help="keep each system's JSON Lines here")
    args = parser.parse_args(argv)
    pages, gold_path = load_pages(args.pages)
    texts, speed = run(pages, args.repeat)
    out_dir = args.out_dir or Path(tempfile.mkdtemp(prefix="parse-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"{len(pages)} pages from {args.pages}, best of {args.repeat} runs per page")
    print(f"{'system':<12} {'body F1':>8} {'precision':>10} {'recall':>7} {'pages/s':>8}")
    for name in texts:
        s = score(gold_path, texts[name], out_dir / f"{name}.jsonl")
        print(f"{name:<12} {s['F1']:>8.3f} {s['precision']:>10.3f} {s['recall']:>7.3f} {speed[name]:>8.1f}")
    ratio = speed["newsfacts"] / speed["trafilatura"]
    print(f"speed ratio newsfacts/trafilatura: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

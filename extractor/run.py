"""One extraction run: read inputs, extract, store, write JSON Lines, record every problem and carry on."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from extractor.conventions import Conventions
from extractor.inputs import InputProblem, read_inputs
from extractor.models import Article
from extractor.store import Store


@dataclass
class RunResult:
    run_id: Optional[int] = None
    articles: int = 0
    figures: int = 0
    quotes: int = 0
    regions: int = 0
    errors: list[InputProblem] = field(default_factory=list)
    totals: dict = field(default_factory=dict)

    def table(self) -> str:
        rows = [("", "this run", "in database")]
        for name in ("articles", "figures", "quotes", "regions"):
            rows.append((name, str(getattr(self, name)), str(self.totals.get(name, ""))))
        rows.append(("errors", str(len(self.errors)), str(self.totals.get("errors", ""))))
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        return "\n".join(f"{a:<{widths[0]}}  {b:>{widths[1]}}  {c:>{widths[2]}}" for a, b, c in rows)


def article_json(article: Article) -> str:
    return json.dumps(article.model_dump(mode="json", exclude={"publisher"} if article.publisher is None else None),
                      ensure_ascii=False)


def extract_paths(paths: Iterable[str | Path], *, db_path: str | Path, jsonl_path: Optional[Path] = None,
                  mode: str = "accurate", conventions: Optional[Conventions] = None,
                  on_problem: Callable[[InputProblem], None] = lambda p: None) -> RunResult:
    """Extract every article in files and folders into the database (and JSON Lines)."""
    paths = [str(p) for p in paths]
    return extract_articles(read_inputs(paths), db_path=db_path, jsonl_path=jsonl_path, mode=mode,
                            conventions=conventions, on_problem=on_problem, command="extract", inputs=paths)


def extract_articles(items: Iterable[tuple[str, Article | InputProblem]], *, db_path: str | Path,
                     jsonl_path: Optional[Path] = None, mode: str = "accurate",
                     conventions: Optional[Conventions] = None, on_problem: Callable[[InputProblem], None] = lambda p: None, command: str = "extract",
                     inputs: Iterable[str] = ()) -> RunResult:
    """Extract (source, Article or InputProblem) pairs into the database; problems are recorded, never fatal."""
    from extractor.extract import ExtractionError, Extractor

    store = Store(db_path)
    conventions = conventions or Conventions()
    result = RunResult(run_id=store.start_run(command, list(inputs), mode=mode, options=conventions.model_dump()))
    extractor = Extractor(mode=mode, conventions=conventions)
    out = open(jsonl_path, "w", encoding="utf-8") if jsonl_path else None

    def problem(p: InputProblem, article_id: Optional[str] = None) -> None:
        result.errors.append(p)
        store.record_error(result.run_id, p.source, p.message, p.line, article_id)
        on_problem(p)

    try:
        for source, item in items:
            if isinstance(item, InputProblem):
                problem(item)
                continue
            try:
                article = extractor.extract(item)
            except (ExtractionError, ValueError) as e:
                problem(InputProblem(source, str(e)), item.id)
                continue
            store.save_article(article, result.run_id, source)
            result.articles += 1
            result.figures += len(article.figures)
            result.quotes += len(article.quotes)
            result.regions += len(article.regions)
            if out:
                out.write(article_json(article) + "\n")
    finally:
        if out:
            out.close()
        store.finish_run(result.run_id, "done" if not result.errors else "done with errors")
    result.totals = store.counts()
    return result

"""docs/export.md's recipe for reading an export back runs, and gives the same frame from every format."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from extractor.export import ExportSettings, export_table
from extractor.models import Article, Figure
from extractor.store import Store

DOC = Path(__file__).resolve().parents[1] / "docs" / "export.md"
TEXT = 'Namibia\'s exports fell 3% to "N$2.5 billion",\nofficials said.'


def test_reading_recipe(tmp_path):
    store = Store(tmp_path / "news.db")
    run = store.start_run("extract", ["x"])
    store.save_article(Article(id="n1", text=TEXT, title="null", publisher="NA", figures=[
        Figure(text="3%", start=23, end=25, value=3.0, unit="%", metric="exports", reporter="NA", kind="change",
               direction="down", sentence=TEXT),
        Figure(text="N$2.5 billion", start=30, end=43, value=2.5e9, unit="NAD", metric="exports", reporter="NA",
               sentence=TEXT, forecast=True),
    ]), run)
    store.finish_run(run)
    for fmt in ("csv", "jsonl", "parquet"):
        export_table(ExportSettings(table="observations", out=tmp_path / f"observations.{fmt}",
                                    db=tmp_path / "news.db"))
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    scope = {"folder": tmp_path}
    exec(code, scope)
    df, df_jsonl, df_parquet, arrow = (scope[k] for k in ("df", "df_jsonl", "df_parquet", "arrow"))
    assert len(df) == 2 and df.loc[0, "publisher"] == "NA" and df.loc[0, "title"] == "null"
    assert df.loc[0, "reporter"] == "NA" and pd.isna(df.loc[0, "partner"])
    assert df["value"].tolist() == [3.0, 2.5e9] and df["forecast"].tolist() == [False, True]
    assert df.loc[0, "sentence"] == TEXT
    pd.testing.assert_frame_equal(df, df_jsonl)
    pd.testing.assert_frame_equal(df, df_parquet)
    assert arrow.to_pylist() == [{k: (None if v is pd.NA else v) for k, v in r.items()} for r in df.to_dict("records")]

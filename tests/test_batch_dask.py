"""The Dask engine on a real LocalCluster with 2 worker processes: Parquet shards merged into SQLite store what the
local engine stores, nothing is left behind, and merging is idempotent."""
from __future__ import annotations

import json

import pyarrow.parquet as pq
from test_batch_run import snapshot
from test_batch_sources import make_articles, write_jsonl

from extractor.batch import BatchSettings, run_batch
from extractor.batch.dask_engine import read_shard, shard_chunk
from extractor.batch.sources import iter_items
from extractor.batch.writer import ChunkWriter
from extractor.store import Store


def test_dask_local_cluster_of_two_workers_stores_what_the_local_engine_stores(tmp_path):
    rows = make_articles(50, seed=3)
    rows.insert(7, "[1, 2]")
    src = write_jsonl(tmp_path / "in.jsonl", rows)
    shards = tmp_path / "shards"
    res = run_batch([src], db_path=tmp_path / "dask.db",
                    settings=BatchSettings(engine="dask", workers=2, mode="fast", chunk_size=6,
                                           shard_dir=str(shards)))
    assert res.articles == 50 and res.errors == 1 and res.status == "done with errors"
    assert shards.is_dir() and not any(shards.iterdir())  # every shard merged, then removed
    run_batch([src], db_path=tmp_path / "local.db", settings=BatchSettings(workers=1, mode="fast"))
    assert snapshot(tmp_path / "dask.db") == snapshot(tmp_path / "local.db")
    # a second run resumes from the checkpoints: nothing to do, nothing duplicated
    again = run_batch([src], db_path=tmp_path / "dask.db",
                      settings=BatchSettings(engine="dask", workers=2, mode="fast", shard_dir=str(shards)))
    assert again.items == 0 and snapshot(tmp_path / "dask.db") == snapshot(tmp_path / "local.db")


def test_a_shard_merged_twice_is_stored_once(tmp_path):
    src = write_jsonl(tmp_path / "in.jsonl", make_articles(6, seed=5) + ["oops"])
    folder = shard_chunk(list(iter_items([src])), None, "fast", str(tmp_path / "sh"))
    assert {p.name for p in (tmp_path / "sh").glob("*/*")} >= {"articles.parquet", "errors.parquet", "chunk.json"}
    assert pq.read_table(f"{folder}/articles.parquet").num_rows == 6
    assert json.loads((tmp_path / "sh").joinpath(folder.rsplit("/", 1)[1], "chunk.json").read_text()
                      )["positions"] == {str(src): 7}
    store = Store(tmp_path / "m.db")
    writer = ChunkWriter(store, None)
    writer.write(read_shard(str(tmp_path / "sh"), folder))
    once = snapshot(tmp_path / "m.db")
    writer.write(read_shard(str(tmp_path / "sh"), folder))
    twice = snapshot(tmp_path / "m.db")
    assert len(once["articles"]) == 6 and once["figures"]
    assert len(once["errors"]) == 1 and twice == once

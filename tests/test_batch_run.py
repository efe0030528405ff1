"""Batch runs end to end on real SQLite files: the CLI, worker processes, errors that do not stop a run, the
writer agreeing with Store.save_article, and a run killed with SIGKILL that resumes to exactly the records of an
uninterrupted run."""
from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_batch_sources import OWN_PAGES, build_warc, make_articles, write_jsonl

from extractor.batch import BatchSettings, run_batch
from extractor.batch.sources import Item
from extractor.batch.workers import extract_chunk
from extractor.batch.writer import ChunkWriter
from extractor.models import Article
from extractor.store import Store

NEWSFACTS = str(Path(sys.executable).parent / "newsfacts")
VOLATILE = {"run_id", "extracted_at", "time"}  # differ between runs by design


def snapshot(db_path: Path) -> dict[str, list]:
    """Every stored row of every table but runs, without the columns that name the run or the clock."""
    conn = sqlite3.connect(db_path)
    out = {}
    for table in ("articles", "figures", "quotes", "regions", "errors"):
        cur = conn.execute(f"select * from {table}")
        cols = [c[0] for c in cur.description]
        keep = [i for i, c in enumerate(cols) if c not in VOLATILE and not (table == "errors" and c == "id")]
        out[table] = sorted(tuple(row[i] for i in keep) for row in cur.fetchall())
    conn.close()
    return out


def batch_cli(*args, check=None) -> subprocess.CompletedProcess:
    proc = subprocess.run([NEWSFACTS, "batch", *map(str, args)], capture_output=True, text=True, timeout=300)
    if check is not None:
        assert proc.returncode == check, proc.stderr
    return proc


@pytest.fixture(scope="module")
def articles_file(tmp_path_factory) -> Path:
    rows = make_articles(60)
    rows.insert(10, "{broken json")
    rows.insert(30, json.dumps({"id": "nul", "text": "Exports rose 5%.\u0000 binary"}))
    return write_jsonl(tmp_path_factory.mktemp("in") / "news.jsonl", rows)


def test_chunk_writer_stores_what_store_save_article_stores(tmp_path, fast_extractor):
    arts = [Article(**a) for a in make_articles(12)]
    via_store = Store(tmp_path / "a.db")
    for art in fast_extractor.pipe(arts):
        via_store.save_article(art, None, "in.jsonl")
    via_batch = Store(tmp_path / "b.db")
    ChunkWriter(via_batch, None).write(
        extract_chunk(fast_extractor, [Item("in.jsonl", i + 1, a) for i, a in enumerate(arts)], None))
    a, b = snapshot(tmp_path / "a.db"), snapshot(tmp_path / "b.db")
    assert sum(len(v) for v in a.values()) > 12 and a == b


def test_cli_batch_records_bad_items_and_goes_on_then_resumes_to_nothing(tmp_path, articles_file):
    db = tmp_path / "n.db"
    first = batch_cli(articles_file, "--db", db, "--workers", 2, "--mode", "fast", "--chunk-size", 8, check=1)
    assert "not JSON" in first.stderr and "binary" in first.stderr
    assert "articles/s" in first.stdout  # the summary's rate
    assert re.search(r"\d+ articles \[[\d:]+, +[\d.]+ articles/s\]", first.stderr)  # the progress bar
    snap = snapshot(db)
    assert len(snap["articles"]) == 60 and len(snap["errors"]) == 2 and snap["figures"] and snap["regions"]
    errors = {row[2]: row for row in sqlite3.connect(db).execute("select source, line, article_id, message "
                                                                 "from errors")}
    assert errors["nul"][1] == 31 and errors[None][1] == 11  # positions in the file
    again = batch_cli(articles_file, "--db", db, "--workers", 2, "--mode", "fast", check=0)
    assert snapshot(db) == snap, again.stderr  # nothing redone, nothing duplicated
    redo = batch_cli(articles_file, "--db", db, "--workers", 1, "--mode", "fast", "--restart", "--quiet", check=1)
    after = snapshot(db)
    assert after["articles"] == snap["articles"] and after["figures"] == snap["figures"], redo.stderr
    assert len(after["errors"]) == 4  # a restarted run records its errors again, under its own run


def test_one_worker_and_two_store_the_same(tmp_path, articles_file):
    run_batch([articles_file], db_path=tmp_path / "w1.db", settings=BatchSettings(workers=1, mode="fast"))
    run_batch([articles_file], db_path=tmp_path / "w2.db", settings=BatchSettings(workers=2, mode="fast",
                                                                                  chunk_size=5))
    assert snapshot(tmp_path / "w1.db") == snapshot(tmp_path / "w2.db")


def test_limit_takes_the_first_items_and_the_next_run_continues(tmp_path, articles_file):
    db = tmp_path / "l.db"
    res = run_batch([articles_file], db_path=db, settings=BatchSettings(workers=0, mode="fast", limit=15,
                                                                        chunk_size=4))
    assert res.items == 15 and res.articles == 14 and res.errors == 1
    run_batch([articles_file], db_path=db, settings=BatchSettings(workers=0, mode="fast"))
    run_batch([articles_file], db_path=tmp_path / "all.db", settings=BatchSettings(workers=0, mode="fast"))
    assert snapshot(db) == snapshot(tmp_path / "all.db")


def test_a_database_that_cannot_be_opened_is_a_clear_error(tmp_path, articles_file):
    proc = batch_cli(articles_file, "--db", tmp_path / "no-such-folder" / "x.db", "--workers", 0)
    assert proc.returncode == 1 and "Error: database " in proc.stderr and "unable to open" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_clashing_options_are_refused_before_any_work(tmp_path, articles_file):
    proc = batch_cli(articles_file, "--db", tmp_path / "x.db", "--scheduler", "tcp://127.0.0.1:1")
    assert proc.returncode == 2 and "--scheduler needs --engine dask" in proc.stderr
    assert not (tmp_path / "x.db").exists()


def test_kill_9_part_way_then_resume_stores_exactly_an_uninterrupted_run(tmp_path):
    rows = make_articles(400, seed=11)
    rows.insert(123, "not json at all")
    src = write_jsonl(tmp_path / "big.jsonl", rows)
    args = [src, "--mode", "fast", "--workers", 2, "--chunk-size", 4, "--quiet"]
    batch_cli(*args, "--db", tmp_path / "ref.db", check=1)

    killed = tmp_path / "killed.db"
    proc = subprocess.Popen([NEWSFACTS, "batch", *map(str, args), "--db", str(killed)])
    stored = 0
    deadline = time.monotonic() + 120
    while stored < 40 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
        try:
            with sqlite3.connect(killed, timeout=1) as conn:
                stored = conn.execute("select coalesce(max(position), 0) from batch_checkpoints").fetchone()[0]
        except sqlite3.OperationalError:  # the table is not there yet
            continue
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    conn = sqlite3.connect(killed)
    at_kill = conn.execute("select position from batch_checkpoints").fetchone()[0]
    partial = conn.execute("select count(*) from articles").fetchone()[0]
    status = conn.execute("select status from runs").fetchone()[0]
    conn.close()
    assert proc.returncode == -signal.SIGKILL and status == "running"
    assert 40 <= at_kill < len(rows), "the run was not killed part way"
    # what is stored is exactly the checkpointed prefix: positions 1..at_kill, one bad line among them or not
    assert partial == at_kill - (1 if at_kill >= 124 else 0)

    batch_cli(*args, "--db", killed, check=1)
    assert snapshot(killed) == snapshot(tmp_path / "ref.db")
    runs = sqlite3.connect(killed).execute("select status from runs order by id").fetchall()
    assert runs == [("interrupted",), ("done with errors",)]


def test_a_missing_input_is_reported_each_run_and_read_once_it_exists(tmp_path):
    later = tmp_path / "later.jsonl"
    first = run_batch([later], db_path=tmp_path / "m.db", settings=BatchSettings(workers=0, mode="fast"))
    assert first.errors == 1 and first.articles == 0
    write_jsonl(later, make_articles(3))
    second = run_batch([later], db_path=tmp_path / "m.db", settings=BatchSettings(workers=0, mode="fast"))
    assert second.errors == 0 and second.articles == 3


def _tar_of_pages(path: Path) -> Path:
    import tarfile
    folder = path.parent / "pages"
    folder.mkdir()
    for i, html in enumerate(OWN_PAGES.values()):
        (folder / f"p{i}.html").write_text(html)
    write_jsonl(folder / "rows.jsonl", make_articles(5, seed=2))
    with tarfile.open(path, "w:gz") as tar:
        tar.add(folder, arcname="pages")
    return path


@pytest.mark.parametrize("name", ["crawl.warc.gz", "pages.tar.gz"])
def test_archives_stopped_by_limit_resume_to_the_full_result(tmp_path, name):
    src = tmp_path / name
    build_warc(src, True) if name.endswith(".warc.gz") else _tar_of_pages(src)
    settings = {"workers": 0, "mode": "fast", "chunk_size": 2}
    first = run_batch([src], db_path=tmp_path / "part.db", settings=BatchSettings(limit=2, **settings))
    rest = run_batch([src], db_path=tmp_path / "part.db", settings=BatchSettings(**settings))
    full = run_batch([src], db_path=tmp_path / "full.db", settings=BatchSettings(**settings))
    assert first.articles == 2 and rest.articles == full.articles - 2 and full.articles >= 3
    assert snapshot(tmp_path / "part.db") == snapshot(tmp_path / "full.db")

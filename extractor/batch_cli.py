"""`newsfacts batch`: a thin layer over `extractor.batch.run_batch`."""
from __future__ import annotations

import sqlite3
import sys
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import click

from extractor.batch.settings import DEFAULT_CHUNK_SIZE, BatchSettings, default_workers
from extractor.conventions import Conventions
from extractor.extract_cli import convention_options

RESUME = "what was stored is kept; run the same command again to resume"


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False),
              help="SQLite database to store articles, records, errors and checkpoints in")
@click.option("--workers", type=click.IntRange(min=0), default=None,
              help=f"extraction processes (default: every core, here {default_workers()}; 0: in this process)")
@click.option("--mode", type=click.Choice(["accurate", "fast"]), default="accurate", show_default=True,
              help="fast: rules only, no statistical model")
@convention_options
@click.option("--limit", type=click.IntRange(min=1), default=None, help="stop after N items (articles and bad inputs)")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="dask: send chunks to a Dask cluster")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786); without it a LocalCluster is started")
@click.option("--shard-dir", default=None, metavar="PATH_OR_URL",
              help="where Dask workers write Parquet shards (default: DB.shards/ beside the database)")
@click.option("--chunk-size", type=click.IntRange(min=1), default=DEFAULT_CHUNK_SIZE, show_default=True,
              help="articles per task and per transaction")
@click.option("--restart", is_flag=True, help="ignore the checkpoints of these inputs and process them all again")
@click.option("--quiet", is_flag=True, help="no progress bar and no summary table")
def batch(inputs, db_path, workers, mode, range_ends, quote_runs, limit, engine, scheduler, shard_dir, chunk_size,
          restart, quiet):
    """Extract whole archives into the database on every core: WARC(.gz), JSON Lines (.gz, .zst), folders of
    .html/.txt, tar and zip archives.

    A run that is stopped (even by kill -9) resumes where it stopped when run again with the same inputs and
    database; --restart processes everything again. Bad articles are recorded in the errors table and the run goes
    on; the exit code is 1 when any were found.

    Example: newsfacts batch crawl-2025.warc.gz exports/ --db news.db --workers 4
    """
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if shard_dir and engine != "dask":
        raise click.UsageError("--shard-dir needs --engine dask")
    from tqdm import tqdm

    from extractor.batch.run import run_batch
    settings = BatchSettings(mode=mode, conventions=Conventions(range_ends=range_ends, quote_runs=quote_runs), limit=limit,
                             engine=engine, scheduler=scheduler, shard_dir=shard_dir, chunk_size=chunk_size,
                             restart=restart,
                             **({} if workers is None else {"workers": workers}))
    bar = tqdm(total=limit, unit=" articles", disable=quiet, dynamic_ncols=True, file=sys.stderr)

    def problem(err: dict) -> None:
        where = f"{err['source']}:{err['line']}" if err["line"] else err["source"]
        bar.write(f"error: {where}: {err['message']}", file=sys.stderr)

    try:
        result = run_batch(inputs, db_path=db_path, settings=settings, on_problem=problem,
                           on_chunk=lambda chunk: bar.update(chunk.items))
    except KeyboardInterrupt:
        bar.close()
        raise click.ClickException(f"interrupted: {RESUME}")
    except BrokenProcessPool:
        bar.close()
        raise click.ClickException(f"a worker process died (killed, or out of memory: try fewer --workers): {RESUME}")
    except sqlite3.Error as e:
        bar.close()
        raise click.ClickException(f"database {db_path}: {e}")
    bar.close()
    if not quiet:
        click.echo(result.table())
    sys.exit(1 if result.errors else 0)

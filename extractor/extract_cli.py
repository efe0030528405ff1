"""`newsfacts extract` and `newsfacts eval`."""
from __future__ import annotations

import json
import sys
import typing
from pathlib import Path

import click

from extractor.conventions import Conventions
from extractor.run import extract_paths


def _convention(name: str, help: str):
    field = Conventions.model_fields[name]  # choices and default from the model: one place states them
    return click.option("--" + name.replace("_", "-"), type=click.Choice(typing.get_args(field.annotation)),
                        default=field.default, show_default=True, help=help)


def convention_options(command):
    """--range-ends and --quote-runs: where gold sets disagree, SCHEMA.md's way unless asked (conventions.py)."""
    command = _convention("quote_runs", "merge: one speaker's run of quoted sentences around one cue is one quote "
                                        "(PolNeAR's labels); split: one quote per pair of marks (SCHEMA.md)")(command)
    return _convention("range_ends", "first: only the first number of a range or from-to pair (NewsQuant's "
                                     "labels); both: one figure per end (SCHEMA.md)")(command)


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--db", "db_path", default="newsfacts.db", show_default=True, type=click.Path(dir_okay=False),
              help="SQLite database to store articles and records in")
@click.option("--jsonl", "jsonl_path", type=click.Path(dir_okay=False, path_type=Path),
              help="also write one Article per line (SCHEMA.md's shape) here")
@click.option("--mode", type=click.Choice(["accurate", "fast"]), default="accurate", show_default=True,
              help="fast: rules only, no statistical model")
@convention_options
@click.option("--quiet", is_flag=True, help="no summary table")
def extract(inputs, db_path, jsonl_path, mode, range_ends, quote_runs, quiet):
    """Extract figures, quotes and regions from INPUTS (.txt, .html, .jsonl(.gz) files and folders).

    Bad inputs are reported (file and line), recorded in the errors table, and the rest is still processed;
    the exit code is 1 when anything failed.

    Example: newsfacts extract corpus/ --db newsfacts.db --jsonl out.jsonl
    """
    result = extract_paths(inputs, db_path=db_path, jsonl_path=jsonl_path, mode=mode,
                           conventions=Conventions(range_ends=range_ends, quote_runs=quote_runs),
                           on_problem=lambda p: click.echo(f"error: {p}", err=True))
    if not quiet:
        click.echo(result.table())
    sys.exit(1 if result.errors else 0)


@click.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--mode", type=click.Choice(["accurate", "fast"]), default="accurate", show_default=True)
@convention_options
@click.option("--errors", default=0, show_default=True, help="list the first N misses and extras")
@click.option("--json", "as_json", is_flag=True, help="print the scores as JSON")
def eval_command(gold, mode, range_ends, quote_runs, errors, as_json):
    """Extract the articles of a gold file and score them (the rules of ../shared/eval/score.py).

    Example: newsfacts eval ../shared/eval/trade-dev.jsonl --errors 20
    """
    from extractor.scoring import evaluate, show
    report = evaluate(gold, mode=mode, errors=errors, conventions=Conventions(range_ends=range_ends, quote_runs=quote_runs))
    click.echo(json.dumps(report, indent=1) if as_json else show(report))

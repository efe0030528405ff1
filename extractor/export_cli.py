"""`newsfacts export`: a thin layer over extractor.export.export_table."""
from __future__ import annotations

from pathlib import Path

import click

from extractor.export import TABLES, ExportError, ExportSettings, export_table
from extractor.export.filters import STATUS_FILTERS
from extractor.export.formats import FORMATS


@click.command()
@click.option("--table", required=True, type=click.Choice(list(TABLES)),
              help="observations: one tidy row per figure with its article, regions and review status")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)),
              help="file format [default: from the --out suffix]")
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="file to write; datapackage.json and schemas/ are written beside it")
@click.option("--db", "db_path", default="newsfacts.db", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="the newsfacts database to read")
@click.option("--status", type=click.Choice(list(STATUS_FILTERS)),
              help="review status to keep: accepted; unrejected (accepted + pending, the default for records); "
                   "all (the status column tells which)")
@click.option("--since", metavar="DATE|RUN",
              help="only what is new: a run id (records stored by later runs) or an ISO date/datetime")
@click.option("--since-on", type=click.Choice(["extracted_at", "published"]), default="extracted_at",
              show_default=True, help="what --since DATE compares with")
@click.option("--where", multiple=True, metavar="FIELD=VALUE",
              help="keep rows whose FIELD equals VALUE (repeat: same field = either value, other fields = all); "
                   "FIELD= matches an empty field")
def export(table, fmt, out, db_path, status, since, since_on, where):
    """Export a table to CSV, JSON Lines or Parquet, documented by a Frictionless datapackage.json.

    Reviewers' corrections are applied and rejected records left out (unless --status all).

    Example: newsfacts export --table observations --format csv --out out/observations.csv --where metric=exports
    """
    settings = ExportSettings(table=table, format=fmt, out=out, db=db_path, status=status, since=since,
                              since_on=since_on, where=list(where))
    try:
        result = export_table(settings)
    except ExportError as e:
        raise click.ClickException(str(e)) from None
    click.echo(result.summary())

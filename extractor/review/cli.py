"""`newsfacts review`: serve the review pages over a newsfacts database."""
from __future__ import annotations

import getpass
import sqlite3
from pathlib import Path

import click

from extractor.review.app import DEFAULT_HOST, DEFAULT_PORT, ReviewSettings
from extractor.review.security import BindRefused, check_bind


def _default_reviewer() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers: reviews are still attributed, to "reviewer"
        return "reviewer"


@click.command()
@click.option("--db", "db_path", default="newsfacts.db", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path), help="the newsfacts SQLite database to review")
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="address to bind; anything but loopback needs --token")
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535))
@click.option("--reviewer", default=None, help="name recorded with each decision  [default: your login name]")
@click.option("--read-only", is_flag=True, help="show the pages but refuse every decision")
@click.option("--token", default=None, envvar="NEWSFACTS_REVIEW_TOKEN",
              help="secret every request must carry (open /?token=SECRET once); required off loopback")
def review(db_path, host, port, reviewer, read_only, token):
    """Review extracted figures, quotes and regions in the browser: accept (a), reject (r), correct (e), undo (u),
    next/previous (j/k). Decisions go to the `reviews` table and the append-only `review_log`.

    Example: newsfacts review --db newsfacts.db --reviewer ann
    """
    try:
        check_bind(host, token)
    except BindRefused as err:
        raise click.UsageError(str(err))
    if not db_path.is_file():
        raise click.ClickException(f"{db_path}: no such database; run `newsfacts extract ... --db {db_path}` first")
    import uvicorn

    from extractor.review.app import create_app
    settings = ReviewSettings(db=db_path, host=host, port=port, reviewer=reviewer or _default_reviewer(),
                              read_only=read_only, token=token)
    try:
        app = create_app(settings)
    except sqlite3.DatabaseError as err:
        raise click.ClickException(f"{db_path}: cannot open it as a newsfacts database ({err})")
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"newsfacts review: http://{shown}:{port}/{'?token=…' if token else ''} "
               f"({'read-only' if read_only else 'reviewer ' + settings.reviewer}); Ctrl+C stops")
    uvicorn.run(app, host=host, port=port, log_level="warning")

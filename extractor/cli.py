"""The `newsfacts` command: a thin layer over the library. Each command lives in the module of its stage and is
imported only when run, so `newsfacts --help` never loads spaCy."""
from __future__ import annotations

import importlib
import importlib.util

import click

from extractor import __version__

# command name -> "module:attribute"; each stage owns its command
COMMANDS = {
    "crawl": "extractor.crawl.cli:crawl",
    "parse": "extractor.parse_cli:parse",
    "extract": "extractor.extract_cli:extract",
    "eval": "extractor.extract_cli:eval_command",
    "review": "extractor.review.cli:review",
    "export": "extractor.export_cli:export",
    "batch": "extractor.batch_cli:batch",
}


class LazyGroup(click.Group):
    """Imports a command's module on first use (the pattern from click's documentation)."""

    def list_commands(self, ctx):
        return sorted(name for name, target in COMMANDS.items() if _available(target))

    def get_command(self, ctx, name):
        target = COMMANDS.get(name)
        if target is None or not _available(target):
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(module), attr)


def _available(target: str) -> bool:
    try:
        return importlib.util.find_spec(target.split(":")[0]) is not None
    except ModuleNotFoundError:  # the stage's package itself is not there
        return False


@click.group(cls=LazyGroup)
@click.version_option(__version__, prog_name="newsfacts")
def main() -> None:
    """newsfacts: turn trade news into figures, quotes and regions in SQLite.

    Example: newsfacts extract corpus/ --db newsfacts.db
    """


if __name__ == "__main__":
    main()

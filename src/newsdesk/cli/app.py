"""The Typer application, its global options, and error handling for every command."""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from newsdesk.config import Settings, load_settings
from newsdesk.errors import NewsdeskError

app = typer.Typer(
    name="newsdesk",
    help="newsdesk: ingest news, clean and de-duplicate it, and store it for analysis.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

# Tables piped to a file or another program are not squeezed into 80 columns.
stdout = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 200)
stderr = Console(stderr=True, soft_wrap=True)


@dataclass
class State:
    db: str | None = None
    config: Path | None = None
    verbose: int = 0
    quiet: bool = False
    debug: bool = False
    _settings: Settings | None = field(default=None, repr=False)

    def settings(self) -> Settings:
        if self._settings is None:
            settings = load_settings(self.config)
            if self.db:
                settings = settings.replace(store__url=self.db)
            self._settings = settings
        return self._settings


STATE = State()


@app.callback()
def _global(
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Database file or URL (default newsdesk.db; env NEWSDESK_DB).",
            show_default=False,
            metavar="PATH",
        ),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Settings file (default ./newsdesk.toml if present).",
            show_default=False,
            metavar="FILE",
        ),
    ] = None,
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose",
            "-v",
            count=True,
            show_default=False,
            help="More log output on stderr (-vv for debug).",
        ),
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks on errors.")] = False,
) -> None:
    STATE.db, STATE.config, STATE.verbose, STATE.quiet, STATE.debug = (
        db,
        config,
        verbose,
        quiet,
        debug,
    )
    STATE._settings = None
    level = logging.WARNING if not verbose else logging.INFO if verbose == 1 else logging.DEBUG
    if quiet:
        level = logging.ERROR
    logging.basicConfig(
        level=level, stream=sys.stderr, force=True, format="%(levelname)s %(name)s: %(message)s"
    )


def error(message: str) -> None:
    """Print ``Error: message`` on stderr."""
    stderr.print(f"Error: {message}", markup=False, highlight=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``Error: message`` on stderr and return the exit to raise."""
    error(message)
    return typer.Exit(code)


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``newsdesk`` command."""
    from newsdesk import cli  # noqa: F401  (registers the commands)

    try:
        # Standalone mode: Typer prints usage errors itself and exits with 2.
        app(args=argv, prog_name="newsdesk")
    except NewsdeskError as err:
        if STATE.debug:
            raise
        error(str(err))
        sys.exit(1)
    except KeyboardInterrupt:
        stderr.print("Interrupted; what was stored so far is kept.")
        sys.exit(130)

"""``newsdesk config``: the settings in force and where each value comes from."""

from __future__ import annotations

from typing import Annotated

import typer

from newsdesk.cli.app import STATE, app
from newsdesk.cli.output import Format, emit_rows
from newsdesk.config import describe_settings
from newsdesk.store.postgres import display_url

SECRET = {"api.token"}  # shown as "(set)", never printed

config_app = typer.Typer(help="Inspect settings.", no_args_is_help=True)
app.add_typer(config_app, name="config")


@config_app.command("show")
def config_show_cli(
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
) -> None:
    """Every setting with its value and origin (default, file, environment, argument)."""
    settings = STATE.settings()
    rows = []
    for name, kind, _default, help_text in describe_settings():
        section, key = name.split(".")
        value = getattr(getattr(settings, section), key)
        if name in SECRET and value:
            value = "(set)"
        elif name == "store.url":
            value = display_url(value)  # a PostgreSQL URL's password is never printed
        rows.append(
            {
                "setting": name,
                "value": list(value) if isinstance(value, tuple) else value,
                "type": kind,
                "origin": settings.origins.get(name, "default"),
                "help": help_text,
            }
        )
    emit_rows(
        rows, ("setting", "value", "origin", "help"), Format.json if as_json else Format.table
    )

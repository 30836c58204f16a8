"""``newsdesk export``: the database as GDELT tables, PLOVER JSON, Parquet or JSON lines."""

from __future__ import annotations

from typing import Annotated

import typer

from newsdesk.cli.app import STATE, app, fail, stderr
from newsdesk.cli.articles import _date
from newsdesk.desk import Desk
from newsdesk.export import ExportReport, export_formats


@app.command("export")
def export_cli(
    out: Annotated[
        str,
        typer.Argument(
            help="A folder for gdelt and parquet; a file or - (stdout) for plover and jsonl.",
            show_default=False,
        ),
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="gdelt (events.tsv + mentions.tsv), plover (PLOVER JSON lines), parquet "
            "(one dataset per table), jsonl (events with their reports).",
            show_default=False,
            metavar="FORMAT",
        ),
    ],
    since: Annotated[
        str | None,
        typer.Option(help="Event date (publication date for articles) on or after (YYYY-MM-DD)."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(help="Event date (publication date for articles) on or before (YYYY-MM-DD)."),
    ] = None,
    no_header: Annotated[
        bool,
        typer.Option("--no-header", help="gdelt: no header row (GDELT's own files have none)."),
    ] = False,
) -> None:
    """Export events, reports, articles and stories for analysis in other tools."""
    if fmt not in export_formats():
        raise fail(f"--format {fmt!r}: unknown; use one of {', '.join(export_formats())}", 2)
    with Desk(settings=STATE.settings()) as desk:
        report = desk.export(
            fmt,
            out,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            header=not no_header,
        )
    if not STATE.quiet:
        _print_report(report)


def _print_report(report: ExportReport) -> None:
    tables = ", ".join(f"{t.rows} {t.table}" for t in report.tables)
    where = "stdout" if report.out == "-" else report.out
    stderr.print(
        f"exported {tables} as {report.format} to {where} in {report.seconds:.1f} s",
        markup=False,
        highlight=False,
    )

"""``newsdesk ingest``: read, clean, de-duplicate and store articles."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from newsdesk.cli.app import STATE, app, error, stderr, stdout
from newsdesk.cli.output import emit_json
from newsdesk.desk import Desk
from newsdesk.pipeline import IngestReport

MAX_LISTED_FAILURES = 20


@app.command("ingest")
def ingest_cli(
    inputs: Annotated[
        list[str],
        typer.Argument(
            help="Files, folders, globs, - (stdin) or http(s) URLs (fetched because you ask).",
            show_default=False,
        ),
    ],
    date: Annotated[
        str | None,
        typer.Option("--date", help="Publication date (YYYY-MM-DD) for inputs that carry none."),
    ] = None,
    outlet: Annotated[
        str | None, typer.Option("--outlet", help="Outlet name for inputs that carry none.")
    ] = None,
    title: Annotated[
        str | None, typer.Option("--title", help="Title for inputs that carry none.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Ingest articles from text, JSON/JSONL, HTML, RSS/Atom, WARC files or URLs."""
    with Desk(settings=STATE.settings()) as desk, _progress() as progress:
        task = progress.add_task("ingesting", total=None) if progress else None

        def on_progress(done: int, _total: int | None) -> None:
            if progress is not None and task is not None:
                progress.update(task, completed=done)

        report = desk.ingest(inputs, title=title, outlet=outlet, date=date, on_progress=on_progress)
    if as_json:
        emit_json(report.to_dict())
    else:
        print_report(report)
    if report.failed:
        _list_failures(report)
        raise typer.Exit(1)


class _NoProgress:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: object) -> None:
        return None


def _progress() -> Progress | _NoProgress:
    if STATE.quiet or not sys.stderr.isatty():
        return _NoProgress()
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TextColumn("{task.completed} articles"),
        _Rate(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    )


class _Rate(TextColumn):
    def __init__(self) -> None:
        super().__init__("")

    def render(self, task):  # type: ignore[no-untyped-def]
        from rich.text import Text

        elapsed = task.elapsed or 0.0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:.1f} articles/s")


def print_report(report: IngestReport) -> None:
    """A human summary of an ingest run on stdout."""
    rate = report.read / report.seconds if report.seconds else 0.0
    lines = [
        f"read {report.read} articles in {report.seconds:.1f} s ({rate:.1f}/s)",
        f"stored {report.stored} new, {report.already_stored} already stored",
        f"duplicates: {report.exact_duplicates} exact, {report.near_duplicates} near "
        "(kept, linked to their original)",
    ]
    if report.other_language:
        langs = ", ".join(f"{k} {v}" for k, v in sorted(report.other_language.items()))
        lines.append(f"other languages (stored, marked, not processed further): {langs}")
    if report.skipped:
        skipped = ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items()))
        lines.append(f"skipped: {skipped}")
    lines.append(f"failed: {report.failed}")
    for line in lines:
        stdout.print(line, markup=False, highlight=False)


def _list_failures(report: IngestReport) -> None:
    for failure in report.failures[:MAX_LISTED_FAILURES]:
        error(failure.message)
    if report.failed > MAX_LISTED_FAILURES:
        stderr.print(
            f"… and {report.failed - MAX_LISTED_FAILURES} more failures "
            "(newsdesk articles --failures lists them)",
            markup=False,
        )

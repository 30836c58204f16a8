"""``newsdesk extract``, ``newsdesk events`` and ``newsdesk actors``: event extraction and
what it found."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from newsdesk.cli.app import STATE, app, stderr, stdout
from newsdesk.cli.articles import _date
from newsdesk.cli.output import Format, emit_json, emit_rows
from newsdesk.desk import Desk
from newsdesk.model import EventReport
from newsdesk.pipeline import ExtractReport

EVENT_COLUMNS = ("date", "event", "actor", "recipient", "trigger", "flags", "article", "sentence")
ACTOR_COLUMNS = ("actor_id", "name", "kind", "country", "sector", "aliases")


@app.command("extract")
def extract_cli(
    since: Annotated[
        str | None, typer.Option(help="Only articles published on or after (YYYY-MM-DD).")
    ] = None,
    article: Annotated[
        str | None, typer.Option(help="Only this article (id or unique prefix).")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Extract again even where nothing changed.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Extract PLOVER events from stored articles (resumable; unchanged ones are skipped)."""
    with Desk(settings=STATE.settings()) as desk:
        if STATE.quiet or not sys.stderr.isatty():
            report = desk.extract(since=_date(since, "--since"), article=article, force=force)
        else:
            with Progress(
                TextColumn("extracting"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=stderr,
                transient=True,
            ) as progress:
                task = progress.add_task("extract", total=None)

                def on_progress(done: int, total: int | None) -> None:
                    progress.update(task, completed=done, total=total)

                report = desk.extract(
                    since=_date(since, "--since"),
                    article=article,
                    force=force,
                    on_progress=on_progress,
                )
    if as_json:
        emit_json(report.to_dict())
    else:
        _print_report(report)


def _print_report(report: ExtractReport) -> None:
    stdout.print(
        f"{report.documents} articles: {report.extracted} extracted, "
        f"{report.unchanged} unchanged, {sum(report.skipped.values())} skipped "
        f"in {report.seconds:.1f} s"
    )
    stdout.print(
        f"{report.events} events ({report.reports} reports incl. negated/hypothetical), "
        f"{report.quotes} quotes; {report.without_events} articles without events"
    )
    for reason, count in report.skipped.most_common():
        stdout.print(f"skipped {count}: {reason}")


@app.command("events")
def events_cli(
    event_type: Annotated[
        str | None, typer.Option("--type", help="PLOVER event type, e.g. PROTEST.")
    ] = None,
    mode: Annotated[str | None, typer.Option(help="PLOVER mode, e.g. arrest.")] = None,
    actor: Annotated[str | None, typer.Option(help="Actor id, or part of a name or alias.")] = None,
    recipient: Annotated[
        str | None, typer.Option(help="Recipient id, or part of a name or alias.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="ISO 3166 alpha-3 code of the actor or recipient.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Event date on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Event date on or before (YYYY-MM-DD).")] = None,
    article: Annotated[str | None, typer.Option(help="Only this article's events.")] = None,
    unreal: Annotated[
        bool, typer.Option("--all", help="Include negated and hypothetical reports.")
    ] = False,
    historical: Annotated[
        bool | None,
        typer.Option("--historical/--current", help="Only background events / only current ones."),
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: all).")] = 100,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """List extracted events, newest first, with their evidence."""
    fmt = Format.json if as_json else fmt
    with Desk(settings=STATE.settings()) as desk:
        reports = desk.events(
            event_type=event_type,
            mode=mode,
            actor=actor,
            recipient=recipient,
            country=country,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            article=article,
            unreal=unreal,
            historical=historical,
            limit=limit or None,
            offset=offset,
        )
    if fmt in (Format.json, Format.jsonl):
        emit_rows([r.to_dict() for r in reports], (), fmt)
    else:
        emit_rows([_row(r) for r in reports], EVENT_COLUMNS, fmt, title="events")


def _row(report: EventReport) -> dict[str, Any]:
    flags = [
        name
        for name in ("negated", "hypothetical", "future", "historical")
        if getattr(report, name)
    ]
    if report.reported_by is not None:
        flags.append(f"per {report.reported_by.name or report.reported_by.text}")

    def who(p: Any) -> str:
        if p is None:
            return ""
        return p.name or f"({p.text})"

    date = report.date_iso() or ""
    if report.date_status == "publication":
        date += " (pub)"
    return {
        "date": date,
        "event": f"{report.event_type}:{report.mode}" if report.mode else report.event_type,
        "actor": who(report.actor),
        "recipient": who(report.recipient),
        "trigger": report.trigger,
        "flags": ", ".join(flags),
        "article": report.doc_id,
        "sentence": report.sentence,
    }


@app.command("actors")
def actors_cli(
    search: Annotated[
        str | None, typer.Argument(help="Part of a name or alias.", show_default=False)
    ] = None,
    limit: Annotated[int, typer.Option(help="At most this many (0: all).")] = 100,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """List canonical actors with their country, sector and aliases."""
    fmt = Format.json if as_json else fmt
    with Desk(settings=STATE.settings()) as desk:
        found = desk.actors(search, limit=limit or None)
    rows = [a.to_dict() for a in found]
    if fmt is Format.table:
        for row in rows:
            row["aliases"] = "; ".join(row["aliases"])
    emit_rows(rows, ACTOR_COLUMNS, fmt, title="actors")

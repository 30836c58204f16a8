"""``newsdesk stories``, ``newsdesk story`` and ``newsdesk brief``: stories and what the
outlets say about them."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, Any

import typer

from newsdesk.cli.app import STATE, app, stdout
from newsdesk.cli.articles import _date
from newsdesk.cli.output import Format, emit_json, emit_rows
from newsdesk.desk import Desk
from newsdesk.model import Story

STORY_COLUMNS = ("story_id", "last_seen", "articles", "sources", "events", "title")


class BriefFormat(StrEnum):
    md = "md"
    html = "html"
    json = "json"


@app.command("stories")
def stories_cli(
    since: Annotated[
        str | None, typer.Option(help="Stories seen on or after (YYYY-MM-DD).")
    ] = None,
    min_sources: Annotated[int, typer.Option(help="At least this many outlets.")] = 0,
    by_sources: Annotated[
        bool, typer.Option("--by-sources", help="Most outlets first (default: newest).")
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many (0: all).")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """List stories, newest first, with their article, outlet and event counts."""
    fmt = Format.json if as_json else fmt
    with Desk(settings=STATE.settings()) as desk:
        found = desk.stories(
            since=_date(since, "--since"),
            min_sources=min_sources,
            order="sources" if by_sources else "newest",
            limit=limit or None,
            offset=offset,
        )
    if fmt in (Format.json, Format.jsonl):
        emit_rows([s.to_dict() for s in found], (), fmt)
    else:
        emit_rows([_row(s) for s in found], STORY_COLUMNS, fmt, title="stories")


def _row(story: Story) -> dict[str, Any]:
    return {
        "story_id": story.story_id,
        "last_seen": story.last_seen.isoformat() if story.last_seen else "",
        "articles": story.n_articles,
        "sources": story.n_sources,
        "events": story.n_events,
        "title": story.title or "",
    }


@app.command("story")
def story_cli(
    story_id: Annotated[str, typer.Argument(help="Story id (or a unique prefix).")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
) -> None:
    """Show one story: outlets, merged events with their sources, and where outlets differ."""
    with Desk(settings=STATE.settings()) as desk:
        view = desk.story(story_id)
        from newsdesk.compare.sources import compare_sources
        from newsdesk.stories.timeline import build_timeline

        comparison = compare_sources(view)
        timeline = build_timeline(view)
    if as_json:
        emit_json(
            {
                "story": view.story.to_dict(),
                "events": [e.to_dict() for e in view.events],
                "comparison": comparison.to_dict(),
                "timeline": [t.to_dict() for t in timeline],
            }
        )
        return
    story = view.story
    stdout.print(f"[bold]{story.story_id}[/bold] {story.title or ''}", highlight=False)
    stdout.print(
        f"{story.n_articles} articles, {story.n_sources} outlets "
        f"({', '.join(comparison.sources)}), {story.n_events} events; "
        f"{story.first_seen or '?'} – {story.last_seen or '?'}",
        highlight=False,
    )
    stdout.print("\n[bold]Timeline[/bold]")
    for entry in timeline:
        mark = " (background)" if entry.historical else ""
        stdout.print(
            f"  {entry.date or 'undated':10}  {entry.label}{mark}  [{len(entry.sources)} src]",
            highlight=False,
            markup=False,
        )
    stdout.print("\n[bold]Coverage[/bold]")
    for coverage in comparison.events:
        missing = ", ".join(coverage.not_reported_by) or "-"
        stdout.print(
            f"  {coverage.label}: reported by {', '.join(coverage.reported_by)}; not by {missing}",
            highlight=False,
            markup=False,
        )
    if comparison.conflicts:
        stdout.print("\n[bold]Where outlets differ[/bold]")
        for conflict in comparison.conflicts:
            stdout.print(f"  {conflict.kind}: {conflict.note}", highlight=False, markup=False)


@app.command("brief")
def brief_cli(
    story_id: Annotated[str, typer.Argument(help="Story id (or a unique prefix).")],
    fmt: Annotated[BriefFormat, typer.Option("--format", help="Output format.")] = BriefFormat.md,
) -> None:
    """Write a story's brief; every sentence cites the article sentences it rests on."""
    from newsdesk.briefs.brief import render_html, render_markdown

    with Desk(settings=STATE.settings()) as desk:
        brief, view = desk.brief(story_id)
    if fmt is BriefFormat.json:
        emit_json(brief.to_dict())
    elif fmt is BriefFormat.html:
        sys.stdout.write(render_html(brief, view))
    else:
        sys.stdout.write(render_markdown(brief, view))


@app.command("group")
def group_cli(
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Group extracted articles without a story into stories and merge their events."""
    with Desk(settings=STATE.settings()) as desk:
        report = desk.group()
    if as_json:
        emit_json(report.to_dict())
    else:
        _print_group(report)


def _print_group(report: Any) -> None:
    stdout.print(
        f"{report.articles} articles grouped: {report.new_stories} new stories, "
        f"{report.joined} joined existing ones; {report.stories_updated} stories updated, "
        f"{report.events} merged events in {report.seconds:.1f} s",
        highlight=False,
    )


@app.command("run")
def run_cli(
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
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Ingest, extract events and quotes, and group stories, in one go."""
    from newsdesk.cli.events import _print_report
    from newsdesk.cli.ingest import print_report

    with Desk(settings=STATE.settings()) as desk:
        ingested, extracted, grouped = desk.run(inputs, outlet=outlet, date=date)
    if as_json:
        emit_json(
            {
                "ingest": ingested.to_dict(),
                "extract": extracted.to_dict(),
                "stories": grouped.to_dict(),
            }
        )
    else:
        print_report(ingested)
        _print_report(extracted)
        _print_group(grouped)
    if ingested.failed:
        raise typer.Exit(1)

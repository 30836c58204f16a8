"""``newsdesk demo``: ingest the bundled example corpus and show what was stored."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from newsdesk.cli.app import STATE, app, fail, stdout
from newsdesk.cli.articles import COLUMNS, _summary
from newsdesk.cli.events import EVENT_COLUMNS, _print_report, _row
from newsdesk.cli.ingest import print_report
from newsdesk.cli.output import Format, emit_rows
from newsdesk.cli.stories import STORY_COLUMNS, _print_group
from newsdesk.cli.stories import _row as _story_row
from newsdesk.desk import Desk
from newsdesk.store.postgres import display_url


def examples_dir() -> Path:
    """The example corpus: shipped inside the package, or in the source checkout."""
    packaged = Path(str(resources.files("newsdesk").joinpath("examples")))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "examples"
    if checkout.is_dir():
        return checkout
    raise fail("the example corpus is missing from this installation (reinstall newsdesk)")


@app.command("demo")
def demo_cli() -> None:
    """Ingest the bundled example corpus (text, JSONL, HTML, RSS, WARC), extract its events
    and quotes, group its stories, and list them."""
    corpus = examples_dir()
    settings = STATE.settings()
    stdout.print(
        f"Ingesting the example corpus from {corpus} into {display_url(settings.store.url)}",
        markup=False,
        highlight=False,
    )
    with Desk(settings=settings) as desk:
        report = desk.ingest([corpus])
        print_report(report)
        documents = desk.articles(limit=None)
        names = {s.source_id: s.name for s in desk.sources()}
        emit_rows(
            [_summary(d, names) for d in documents], COLUMNS, Format.table, title="stored articles"
        )
        extracted = desk.extract()
        _print_report(extracted)
        events = desk.events(limit=25)
        grouped = desk.group()
        stories = desk.stories(order="sources", limit=10)
    emit_rows([_row(r) for r in events], EVENT_COLUMNS, Format.table, title="events (newest 25)")
    _print_group(grouped)
    emit_rows(
        [_story_row(s) for s in stories],
        STORY_COLUMNS,
        Format.table,
        title="stories (most outlets first)",
    )
    stdout.print(
        "Next: newsdesk story <story_id> · newsdesk brief <story_id> · "
        "newsdesk articles --search embassy · newsdesk events --country ECU · "
        "newsdesk export --format parquet out/ · "
        "newsdesk serve (web UI and API at http://127.0.0.1:8000)",
        markup=False,
        highlight=False,
    )
    if report.failed:
        raise fail(f"{report.failed} input(s) of the example corpus failed")

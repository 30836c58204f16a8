"""``newsdesk eval``: quality scores against annotated files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newsdesk.cli.app import STATE, app, stdout
from newsdesk.cli.output import emit_json

eval_app = typer.Typer(help="Score newsdesk against annotated files.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@eval_app.command("extraction")
def eval_extraction_cli(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSONL of web pages with gold text (see docs/formats.md).", show_default=False
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object of scores.")] = False,
) -> None:
    """Score HTML main-text extraction: token P/R/F1 and kept/dropped segments."""
    from newsdesk.evaluation.extraction import evaluate_extraction, format_extraction

    scores = evaluate_extraction(file, settings=STATE.settings())
    if as_json:
        emit_json(scores.to_dict())
    else:
        stdout.out(format_extraction(scores), highlight=False)


@eval_app.command("events")
def eval_events_cli(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSONL of sentences or stories with their PLOVER events (docs/formats.md).",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object of scores.")] = False,
) -> None:
    """Score event coding: per-type P/R/F1, micro/macro F1, mode/actor/recipient accuracy."""
    from newsdesk.evaluation.events import (
        evaluate_events,
        extractor_coder,
        format_events,
        read_event_records,
    )

    scores = evaluate_events(read_event_records(file), extractor_coder(STATE.settings()))
    if as_json:
        emit_json(scores.to_dict())
    else:
        stdout.out(format_events(scores), highlight=False)


@eval_app.command("quotes")
def eval_quotes_cli(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSONL of articles with their attribution spans (docs/formats.md).",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object of scores.")] = False,
) -> None:
    """Score quote extraction: content P/R/F1 (token overlap, exact), speaker accuracy."""
    from newsdesk.evaluation.quotes import evaluate_quotes, format_quotes, read_quote_records

    scores = evaluate_quotes(read_quote_records(file))
    if as_json:
        emit_json(scores.to_dict())
    else:
        stdout.out(format_quotes(scores), highlight=False)


@eval_app.command("stories")
def eval_stories_cli(
    file: Annotated[
        Path,
        typer.Argument(
            help="JSONL of articles with their gold story label (docs/formats.md).",
            show_default=False,
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object of scores.")] = False,
    baseline: Annotated[
        bool,
        typer.Option(
            "--baseline",
            help="Also score the batch TF-IDF average-link baseline (needs scikit-learn).",
        ),
    ] = False,
) -> None:
    """Score streaming story grouping: B-cubed and pairwise P/R/F1, story counts."""
    from newsdesk.evaluation.stories import evaluate_stories, format_stories

    scores, reference = evaluate_stories(file, baseline=baseline)
    if as_json:
        data = scores.to_dict()
        if reference is not None:
            data["baseline"] = reference.to_dict()
        emit_json(data)
    else:
        stdout.out(format_stories(scores, reference), highlight=False)

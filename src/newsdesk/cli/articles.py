"""``newsdesk articles`` and ``newsdesk show``: what is stored."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import typer

from newsdesk.cli.app import STATE, app, fail, stdout
from newsdesk.cli.output import Format, emit_json, emit_rows
from newsdesk.desk import Desk
from newsdesk.model import Document

COLUMNS = ("doc_id", "pub_date", "outlet", "lang", "title", "duplicate_of", "chars")


def _date(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as err:
        raise fail(f"{option} {value!r}: not a date (use YYYY-MM-DD)", 2) from err


@app.command("articles")
def articles_cli(
    outlet: Annotated[str | None, typer.Option(help="Outlet name or domain.")] = None,
    since: Annotated[str | None, typer.Option(help="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before (YYYY-MM-DD).")] = None,
    lang: Annotated[str | None, typer.Option(help="Language code, e.g. en.")] = None,
    search: Annotated[str | None, typer.Option(help="Full-text search (all words).")] = None,
    no_duplicates: Annotated[
        bool, typer.Option("--no-duplicates", help="Leave out syndicated and exact copies.")
    ] = False,
    limit: Annotated[int, typer.Option(help="At most this many (0: all).")] = 50,
    offset: Annotated[int, typer.Option(help="Skip this many first.")] = 0,
    failures: Annotated[
        bool, typer.Option("--failures", help="List the inputs that failed instead.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
    fmt: Annotated[Format, typer.Option("--format", help="Output format.")] = Format.table,
) -> None:
    """List stored articles, newest first."""
    fmt = Format.json if as_json else fmt
    with Desk(settings=STATE.settings()) as desk:
        if failures:
            rows = [f.to_dict() for f in desk.failures(limit or None)]
            emit_rows(rows, ("at", "stage", "code", "message"), fmt, title="failures")
            return
        documents = desk.articles(
            outlet=outlet,
            since=_date(since, "--since"),
            until=_date(until, "--until"),
            lang=lang,
            search=search,
            duplicates=not no_duplicates,
            limit=limit or None,
            offset=offset,
        )
        names = {s.source_id: s.name for s in desk.sources()}
    if fmt is Format.json:
        emit_json([_summary(d, names, full=True) for d in documents])
        return
    emit_rows([_summary(d, names) for d in documents], COLUMNS, fmt)
    if fmt is Format.table:
        stdout.print(f"{len(documents)} article(s)", markup=False, highlight=False)


def _summary(document: Document, names: dict[str, str], *, full: bool = False) -> dict[str, Any]:
    row: dict[str, Any] = {
        "doc_id": document.doc_id,
        "pub_date": document.pub_date.isoformat() if document.pub_date else None,
        "outlet": names.get(document.source_id or "", document.source_id),
        "lang": document.lang,
        "title": document.title,
        "duplicate_of": document.duplicate_of,
        "chars": len(document.text),
    }
    if full:
        data = document.to_dict()
        data.pop("text")
        data.pop("sentences")
        row |= data
    return row


@app.command("show")
def show_cli(
    article_id: Annotated[
        str,
        typer.Argument(
            help="Article id (or a unique prefix of 6+ characters).", show_default=False
        ),
    ],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON document.")] = False,
    raw: Annotated[bool, typer.Option("--raw", help="Print the article as received.")] = False,
) -> None:
    """Show one article: metadata, clean text, what cleaning removed."""
    with Desk(settings=STATE.settings()) as desk:
        stored = desk.article(article_id)
    article, document, source = stored.article, stored.document, stored.source
    if raw:
        stdout.out(article.raw, highlight=False)
        return
    if as_json:
        emit_json(
            {
                "article": {k: v for k, v in article.to_dict().items() if k != "raw"},
                "document": document.to_dict() if document else None,
                "source": source.to_dict() if source else None,
            }
        )
        return
    lines = [
        f"id:        {article.article_id}",
        f"title:     {(document.title if document else article.title) or '-'}",
        f"outlet:    {source.name if source else '-'} ({source.source_id if source else '-'})",
        f"url:       {article.url or '-'}",
        f"origin:    {article.origin}",
        f"published: {(document.pub_date if document else article.pub_date) or '-'}",
    ]
    if document:
        lines += [
            f"authors:   {', '.join(document.authors) or '-'}",
            f"language:  {document.lang} ({document.lang_score})",
            f"sentences: {len(document.sentences)}",
        ]
        if document.duplicate_of:
            lines.append(
                f"duplicate: {document.duplicate_kind} copy of {document.duplicate_of}"
                f" (similarity {document.similarity})"
            )
        if document.removed_lines:
            lines.append("removed:   " + " | ".join(document.removed_lines))
    for line in lines:
        stdout.print(line, markup=False, highlight=False)
    if document:
        stdout.print("", markup=False)
        stdout.out(document.text, highlight=False)

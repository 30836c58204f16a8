"""``Desk``: the Python API over one newsdesk database."""

from __future__ import annotations

import dataclasses
import io
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsdesk.config import Settings, load_settings
from newsdesk.ingest import Meta, read
from newsdesk.ingest.common import parse_datetime
from newsdesk.model import Actor, Article, Document, Event, EventReport, Failure, Source, Story
from newsdesk.pipeline import (
    ExtractReport,
    IngestReport,
    ProgressCallback,
    run_extract,
    run_ingest,
)
from newsdesk.store import DocumentQuery, EventQuery, Store, StoredArticle, open_store
from newsdesk.store.base import StoryQuery

if TYPE_CHECKING:
    from newsdesk.briefs.brief import Brief
    from newsdesk.compare.sources import Comparison
    from newsdesk.events.dyads import Dyad
    from newsdesk.export import ExportReport
    from newsdesk.stories.group import StoryReport
    from newsdesk.stories.timeline import TimelineEntry
    from newsdesk.stories.view import StoryView


@dataclass(slots=True)
class AddReport:
    """What :meth:`Desk.add` did: the three stages' reports, the ids of the articles it
    stored (new ones, in input order) and the story of every given article that has one
    (new or stored before)."""

    ingest: IngestReport
    extract: ExtractReport
    stories: StoryReport
    article_ids: list[str] = field(default_factory=list)
    story_ids: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "ingest": self.ingest.to_dict(),
            "extract": self.extract.to_dict(),
            "stories": self.stories.to_dict(),
            "article_ids": list(self.article_ids),
            "story_ids": dict(self.story_ids),
        }


class Desk:
    """A newsdesk database and the settings to work on it.

    >>> desk = Desk(db="newsdesk.db")            # doctest: +SKIP
    >>> desk.ingest(["examples/"]).stored        # doctest: +SKIP
    """

    def __init__(
        self, db: str | os.PathLike[str] | None = None, *, settings: Settings | None = None
    ) -> None:
        settings = settings or load_settings()
        if db is not None:
            settings = settings.replace(store__url=str(db))
        self.settings = settings
        self.store: Store = open_store(settings.store.url)
        self._write_lock = threading.Lock()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def ingest(
        self,
        inputs: str | Path | Iterable[str | Path],
        *,
        title: str | None = None,
        outlet: str | None = None,
        date: str | date | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> IngestReport:
        """Read, clean, de-duplicate and store articles from files, folders, globs, ``-``
        or URLs (fetched only because they are passed here). ``title``, ``outlet`` and
        ``date`` fill what the inputs do not say themselves."""
        published_at, pub_date = parse_datetime(date)
        if date not in (None, "") and pub_date is None:
            from newsdesk.errors import InputError

            raise InputError(f"date {date!r}: not an ISO 8601 date (YYYY-MM-DD)", code="bad_date")
        meta = Meta(title=title, outlet=outlet, published_at=published_at, pub_date=pub_date)
        items = read(inputs, meta=meta, settings=self.settings)
        return run_ingest(items, self.store, self.settings, on_progress=on_progress, keep_ids=True)

    def articles(
        self,
        *,
        outlet: str | None = None,
        since: date | None = None,
        until: date | None = None,
        lang: str | None = None,
        search: str | None = None,
        duplicates: bool = True,
        limit: int | None = 50,
        offset: int = 0,
    ) -> list[Document]:
        """Stored documents, newest first, filtered; ``search`` is full-text."""
        return self.store.documents(
            DocumentQuery(
                outlet=outlet,
                since=since,
                until=until,
                lang=lang,
                search=search,
                duplicates=duplicates,
                limit=limit,
                offset=offset,
            )
        )

    def article(self, article_id: str) -> StoredArticle:
        """One article (a unique id prefix of 6+ characters works) with its document."""
        return self.store.article(article_id)

    def sources(self) -> list[Source]:
        return self.store.sources()

    def failures(self, limit: int | None = 100) -> list[Failure]:
        return self.store.failures(limit)

    def extract(
        self,
        *,
        since: date | None = None,
        article: str | None = None,
        force: bool = False,
        on_progress: ProgressCallback | None = None,
    ) -> ExtractReport:
        """Extract events from stored documents (those published on or after ``since``,
        or the one ``article``). Unchanged documents extracted before are left alone
        unless ``force``."""
        if article is not None:
            found = self.store.article(article)
            doc_ids = [found.document.doc_id] if found.document is not None else []
        else:
            doc_ids = self.store.document_ids(DocumentQuery(since=since, limit=None))
        return run_extract(doc_ids, self.store, self.settings, force=force, on_progress=on_progress)

    def events(
        self,
        *,
        event_type: str | None = None,
        mode: str | None = None,
        actor: str | None = None,
        recipient: str | None = None,
        country: str | None = None,
        since: date | None = None,
        until: date | None = None,
        article: str | None = None,
        story_id: str | None = None,
        min_sources: int = 0,
        unreal: bool = False,
        historical: bool | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[EventReport]:
        """Stored event reports, newest event date first. ``actor``/``recipient`` match an
        actor id, name or alias; ``country`` either side's ISO3 code; ``story_id`` keeps
        the reports of the story's articles, ``min_sources`` those whose merged event has
        that many outlets; negated and hypothetical reports only with ``unreal``."""
        doc_id = self.store.article(article).article.article_id if article else None
        return self.store.event_reports(
            EventQuery(
                event_type=event_type,
                mode=mode,
                actor=actor,
                recipient=recipient,
                country=country,
                since=since,
                until=until,
                doc_id=doc_id,
                story_id=self._story_id(story_id) if story_id else None,
                min_sources=min_sources,
                unreal=unreal,
                historical=historical,
                limit=limit,
                offset=offset,
            )
        )

    def actors(
        self, search: str | None = None, *, limit: int | None = 100, offset: int = 0
    ) -> list[Actor]:
        """Canonical actors (all, or those whose id, name or an alias contains ``search``),
        by name."""
        return self.store.actors(search, limit, offset)

    def actor(self, actor_id: str) -> Actor:
        return self.store.actor(actor_id)

    def actor_events(
        self, actor_id: str, *, limit: int | None = 100, offset: int = 0
    ) -> list[Event]:
        """Merged events in which the actor ``actor_id`` acts or is acted on, newest first
        (raises ``NotFound`` for an unknown actor)."""
        self.store.actor(actor_id)
        return self.store.events(EventQuery(participant=actor_id, limit=limit, offset=offset))

    def dyad(
        self,
        actor: str,
        recipient: str,
        *,
        interval: str = "month",
        event_type: str | None = None,
        since: date | None = None,
        until: date | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> Dyad:
        """Merged events between ``actor`` and ``recipient`` (ids, or parts of names or
        aliases) in either direction, newest first, with the count and mean
        cooperation–conflict score per ``interval`` (day, week, month or year), both
        directions together and each apart."""
        from newsdesk.events.dyads import Dyad, bin_series, check_interval, overall_mean

        check_interval(interval)
        query = EventQuery(
            actor=actor,
            recipient=recipient,
            both_ways=True,
            event_type=event_type,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
        rows = self.store.event_series(query)
        one_way = dataclasses.replace(query, both_ways=False)
        points, unplaced = bin_series(
            rows,
            interval,
            forward=self.store.event_series(one_way),
            reverse=self.store.event_series(
                dataclasses.replace(one_way, actor=recipient, recipient=actor)
            ),
        )
        return Dyad(
            actor=actor,
            recipient=recipient,
            interval=interval,
            n_events=sum(r.n_events for r in rows),
            n_unplaced=unplaced,
            mean_score=overall_mean(rows),
            series=tuple(points),
            events=tuple(self.store.events(query)),
        )

    # -- stories -------------------------------------------------------------------------

    def group(self, *, on_progress: ProgressCallback | None = None) -> StoryReport:
        """Put every extracted article without a story into one (arrival order, the past
        never re-clustered) and rebuild the touched stories' merged events."""
        from newsdesk.stories.group import run_stories

        return run_stories(self.store, self.settings, on_progress=on_progress)

    def run(
        self,
        inputs: str | Path | Iterable[str | Path],
        *,
        outlet: str | None = None,
        date: str | date | None = None,
    ) -> tuple[IngestReport, ExtractReport, StoryReport]:
        """Ingest ``inputs``, extract events from what is new, and group stories."""
        ingested = self.ingest(inputs, outlet=outlet, date=date)
        extracted = self.extract()
        return ingested, extracted, self.group()

    def add(
        self,
        data: bytes,
        *,
        fmt: str = "jsonl",
        name: str = "body",
        outlet: str | None = None,
        date: str | date | None = None,
    ) -> AddReport:
        """Ingest the articles in ``data`` (``fmt`` ``json``: one object or a list;
        ``jsonl``: one object a line; the fields :mod:`newsdesk.ingest.jsonl` reads), extract
        events from the new ones and group stories. All or nothing at the reading stage: a
        malformed record raises ``InputError`` naming it and nothing is stored. Calls are
        serialised (one writer at a time per ``Desk``)."""
        from newsdesk.errors import InputError
        from newsdesk.ingest.jsonl import read_json_bytes, read_jsonl

        published_at, pub_date = parse_datetime(date)
        meta = Meta(outlet=outlet, published_at=published_at, pub_date=pub_date)
        if fmt == "json":
            items = list(read_json_bytes(data, name=name, meta=meta, scheme="api"))
        elif fmt == "jsonl":
            stream = io.BytesIO(data)
            items = list(
                read_jsonl(name, meta=meta, settings=self.settings, stream=stream, scheme="api")
            )
        else:
            raise InputError(f"format {fmt!r}: not json or jsonl", code="bad_format")
        bad = next((i for i in items if isinstance(i, Failure)), None)
        if bad is not None:
            raise InputError(bad.message, code=bad.code)
        articles = [i for i in items if isinstance(i, Article)]
        with self._write_lock:
            ingested = run_ingest(articles, self.store, self.settings, keep_ids=True)
            extracted = run_extract(ingested.doc_ids, self.store, self.settings)
            from newsdesk.stories.group import run_stories

            grouped = run_stories(self.store, self.settings)
            given = list(dict.fromkeys(a.article_id for a in articles))
            assigned = self.store.story_assignments(given)
        return AddReport(
            ingest=ingested,
            extract=extracted,
            stories=grouped,
            article_ids=list(ingested.doc_ids),
            story_ids={a: assigned[a] for a in given if a in assigned},
        )

    def stories(
        self,
        *,
        since: date | None = None,
        min_sources: int = 0,
        order: str = "newest",
        limit: int | None = 50,
        offset: int = 0,
    ) -> list[Story]:
        """Stories seen on or after ``since`` with at least ``min_sources`` outlets, newest
        first (``order="sources"``: most outlets first)."""
        return self.store.stories(
            StoryQuery(
                since=since, min_sources=min_sources, order=order, limit=limit, offset=offset
            )
        )

    def story(self, story_id: str, *, evidence: bool = True) -> StoryView:
        """One story with its articles, reports, merged events, mentions and quotes
        (``evidence=False``: without reports, mentions and quotes, which is quicker)."""
        from newsdesk.stories.view import load_story

        return load_story(self.store, self._story_id(story_id), evidence=evidence)

    def story_record(self, story_id: str) -> Story:
        """The story's own record (title, counts, ``updated_at``) without its articles."""
        return self.store.story(self._story_id(story_id))

    def comparison(self, story_id: str) -> Comparison:
        """What the story's outlets agree on, report alone, and contradict."""
        from newsdesk.compare.sources import compare_sources

        return compare_sources(self.story(story_id))

    def timeline(self, story_id: str) -> list[TimelineEntry]:
        from newsdesk.stories.timeline import build_timeline

        return build_timeline(self.story(story_id))

    def brief(self, story_id: str) -> tuple[Brief, StoryView]:
        """The story's cited brief, and the view its citations point into."""
        from newsdesk.briefs.brief import write_brief

        view = self.story(story_id)
        return write_brief(view), view

    def merged_events(
        self,
        *,
        story_id: str | None = None,
        event_type: str | None = None,
        mode: str | None = None,
        actor: str | None = None,
        recipient: str | None = None,
        country: str | None = None,
        since: date | None = None,
        until: date | None = None,
        min_sources: int = 0,
        historical: bool | None = None,
        limit: int | None = 100,
        offset: int = 0,
    ) -> list[Event]:
        """Events merged across reports and outlets (one per real event), newest first."""
        return self.store.events(
            EventQuery(
                story_id=self._story_id(story_id) if story_id else None,
                event_type=event_type,
                mode=mode,
                actor=actor,
                recipient=recipient,
                country=country,
                since=since,
                until=until,
                min_sources=min_sources,
                historical=historical,
                limit=limit,
                offset=offset,
            )
        )

    def export(
        self,
        fmt: str,
        out: str | Path,
        *,
        since: date | None = None,
        until: date | None = None,
        header: bool = True,
    ) -> ExportReport:
        """Export the database as ``gdelt`` or ``parquet`` (a folder) or ``plover`` or
        ``jsonl`` (a file, ``-`` for stdout); see ``newsdesk.export.export``."""
        from newsdesk.export import export

        return export(self.store, fmt, out, since=since, until=until, header=header)

    def _story_id(self, story_id: str) -> str:
        """A full story id from an id or a unique prefix of one (with or without
        ``sty_``)."""
        from newsdesk.errors import InputError, NotFound

        prefix = story_id if story_id.startswith("sty_") else f"sty_{story_id}"
        matches = self.store.story_ids(prefix, limit=2)
        if len(matches) == 1:
            return matches[0]
        if not matches:
            raise NotFound(f"story {story_id}: not in the database")
        raise InputError(f"story {story_id}: the prefix matches several stories; give more")

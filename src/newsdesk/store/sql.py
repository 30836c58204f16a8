"""The SQL store (SQLAlchemy Core) on SQLite or PostgreSQL: one code path, the few
statements that differ in :mod:`.dialects`. Upserts by deterministic id, one transaction
per batch, so concurrent writers of the same articles store each once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from newsdesk.errors import NotFound, SchemaError, StoreError
from newsdesk.model import (
    Actor,
    Article,
    Document,
    Event,
    EventReport,
    Extraction,
    Failure,
    Participant,
    Place,
    Quote,
    Source,
    Story,
    make_id,
)
from newsdesk.store import dialects, migrations
from newsdesk.store.base import (
    DocumentQuery,
    EventQuery,
    ExtractionWrite,
    SeriesRow,
    StoredArticle,
    StoryQuery,
    StoryWrite,
    WriteBatch,
)
from newsdesk.store.postgres import display_url
from newsdesk.store.schema import (
    SCHEMA_VERSION,
    actors,
    articles,
    create_schema,
    doc_bands,
    doc_signatures,
    documents,
    event_members,
    event_reports,
    events,
    extractions,
    failures,
    mentions,
    quotes,
    schema_versions,
    sources,
    stories,
    story_articles,
    story_state,
)

_CHUNK = 500


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class SQLStore:
    """A :class:`~newsdesk.store.base.Store` over an SQLAlchemy engine."""

    def __init__(self, engine: Engine, url: str) -> None:
        self.engine = engine
        self.url = display_url(url)  # shown in messages: never a password
        try:
            dialects.check(engine.dialect.name)
            with engine.begin() as conn:
                self._migrate(conn)
        except sa.exc.DatabaseError as err:
            engine.dispose()
            raise StoreError(f"database {self.url}: cannot open ({_reason(err)})") from err
        except Exception:
            engine.dispose()
            raise

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SQLStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _migrate(self, conn: Connection) -> None:
        """Create or upgrade the schema; the check runs twice, the second time under the
        schema lock, so processes opening a database at once change it only once."""
        if self._current(conn):
            return
        dialects.lock_schema(conn)
        if self._current(conn):
            return
        tables = sa.inspect(conn).get_table_names()
        if schema_versions.name not in tables:
            if tables:
                listed = ", ".join(sorted(tables)[:5])
                raise SchemaError(
                    f"database {self.url}: not a newsdesk database (tables: {listed}); "
                    "refusing to modify it (use an empty database or schema)"
                )
            create_schema(conn)
            return
        current = self._version(conn)
        if current > SCHEMA_VERSION:
            raise SchemaError(
                f"database {self.url}: schema version {current} is newer than "
                f"this newsdesk understands ({SCHEMA_VERSION}); upgrade newsdesk"
            )
        for version, description, upgrade in migrations.steps():
            if version > current:
                upgrade(conn)
                conn.execute(
                    schema_versions.insert().values(
                        version=version, applied_at=datetime.now(UTC), description=description
                    )
                )

    def _current(self, conn: Connection) -> bool:
        """True if the schema is at this version; refuses a newer one."""
        if not sa.inspect(conn).has_table(schema_versions.name):
            return False
        current = self._version(conn)
        if current > SCHEMA_VERSION:
            raise SchemaError(
                f"database {self.url}: schema version {current} is newer than "
                f"this newsdesk understands ({SCHEMA_VERSION}); upgrade newsdesk"
            )
        return current == SCHEMA_VERSION

    @staticmethod
    def _version(conn: Connection) -> int:
        return int(conn.execute(sa.select(sa.func.max(schema_versions.c.version))).scalar() or 0)

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return self._version(conn)

    # -- writing -----------------------------------------------------------------------

    def existing_article_ids(self, article_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        with self.engine.connect() as conn:
            for chunk in _chunks(list(article_ids)):
                rows = conn.execute(
                    sa.select(articles.c.article_id).where(articles.c.article_id.in_(chunk))
                )
                found.update(r[0] for r in rows)
        return found

    def write_batch(self, batch: WriteBatch) -> None:
        """Write a batch atomically; rows whose id exists are left as they are."""
        now = datetime.now(UTC)
        try:
            with self.engine.begin() as conn:
                self._insert(conn, sources, [s.to_dict() for s in batch.sources], update=("name",))
                self._insert(conn, articles, [_article_row(a, now) for a in batch.articles])
                self._insert(conn, documents, [_document_row(d) for d in batch.documents])
                self._insert(
                    conn,
                    doc_signatures,
                    [{"doc_id": f.doc_id, "signature": f.signature} for f in batch.fingerprints],
                )
                self._insert(
                    conn,
                    doc_bands,
                    [
                        {"band_key": k, "doc_id": f.doc_id}
                        for f in batch.fingerprints
                        for k in f.band_keys
                    ],
                )
                self._insert(
                    conn,
                    failures,
                    [_failure_row(f, now) for f in batch.failures],
                    update=("message", "at"),
                )
        except sa.exc.DBAPIError as err:
            raise StoreError(f"database {self.url}: write failed ({_reason(err)})") from err

    def _insert(
        self,
        conn: Connection,
        table: sa.Table,
        rows: list[dict[str, Any]],
        update: tuple[str, ...] = (),
    ) -> None:
        if not rows:
            return
        stmt, ordered = dialects.upsert(conn, table, rows, update)
        for chunk in _chunks(ordered):
            conn.execute(stmt, list(chunk))

    # -- duplicate index ---------------------------------------------------------------

    def roots_by_hash(self, hashes: Sequence[str]) -> dict[str, str]:
        """For each content hash already stored, the id of its first document's group root."""
        found: dict[str, str] = {}
        root = sa.func.coalesce(documents.c.duplicate_of, documents.c.doc_id)
        with self.engine.connect() as conn:
            for chunk in _chunks(sorted(set(hashes))):
                rows = conn.execute(
                    sa.select(documents.c.content_hash, sa.func.min(root))
                    .where(documents.c.content_hash.in_(chunk))
                    .group_by(documents.c.content_hash)
                )
                found.update({h: r for h, r in rows})
        return found

    def band_candidates(self, keys: Sequence[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(keys)):
                rows = conn.execute(
                    sa.select(doc_bands.c.band_key, doc_bands.c.doc_id).where(
                        doc_bands.c.band_key.in_(chunk)
                    )
                )
                for key, doc_id in rows:
                    found.setdefault(key, []).append(doc_id)
        return found

    def signatures(self, doc_ids: Sequence[str]) -> dict[str, tuple[bytes, str | None]]:
        found: dict[str, tuple[bytes, str | None]] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(doc_ids)):
                rows = conn.execute(
                    sa.select(
                        doc_signatures.c.doc_id,
                        doc_signatures.c.signature,
                        documents.c.duplicate_of,
                    )
                    .join(documents, documents.c.doc_id == doc_signatures.c.doc_id)
                    .where(doc_signatures.c.doc_id.in_(chunk))
                )
                found.update({d: (bytes(s), dup) for d, s, dup in rows})
        return found

    # -- reading -----------------------------------------------------------------------

    def documents(self, query: DocumentQuery) -> list[Document]:
        stmt = self._document_filter(sa.select(documents), query)
        stmt = stmt.order_by(documents.c.pub_date.desc().nulls_last(), documents.c.doc_id)
        if query.limit:
            stmt = stmt.limit(query.limit)
        if query.offset:
            stmt = stmt.offset(query.offset)
        with self.engine.connect() as conn:
            return [_document(r._mapping) for r in conn.execute(stmt)]

    def document_ids(self, query: DocumentQuery) -> list[str]:
        """Ids of every matching document, oldest first (no limit)."""
        stmt = self._document_filter(sa.select(documents.c.doc_id), query)
        stmt = stmt.order_by(documents.c.pub_date.nulls_first(), documents.c.doc_id)
        with self.engine.connect() as conn:
            return [r[0] for r in conn.execute(stmt)]

    def documents_by_id(self, doc_ids: Sequence[str]) -> list[Document]:
        """The documents with these ids, in the order given (unknown ids left out)."""
        found: dict[str, Document] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(doc_ids)):
                rows = conn.execute(sa.select(documents).where(documents.c.doc_id.in_(chunk)))
                found.update({r.doc_id: _document(r._mapping) for r in rows})
        return [found[i] for i in doc_ids if i in found]

    def _document_filter(self, stmt: sa.Select[Any], query: DocumentQuery) -> sa.Select[Any]:
        if query.outlet:
            outlet = query.outlet.strip().lower()
            stmt = stmt.outerjoin(sources, sources.c.source_id == documents.c.source_id).where(
                sa.or_(
                    sa.func.lower(sources.c.source_id) == outlet,
                    sa.func.lower(sources.c.name) == outlet,
                )
            )
        if query.since:
            stmt = stmt.where(documents.c.pub_date >= query.since)
        if query.until:
            stmt = stmt.where(documents.c.pub_date <= query.until)
        if query.lang:
            stmt = stmt.where(documents.c.lang == query.lang.lower())
        if not query.duplicates:
            stmt = stmt.where(documents.c.duplicate_of.is_(None))
        if query.search and query.search.strip():
            matches = self._search_ids(query.search)
            stmt = stmt.where(documents.c.doc_id.in_(matches))
        return stmt

    def _search_ids(self, text: str) -> sa.Select[Any]:
        return dialects.search_ids(self.engine.dialect.name, text, documents)

    def article(self, article_id: str) -> StoredArticle:
        with self.engine.connect() as conn:
            row = conn.execute(
                sa.select(articles).where(articles.c.article_id == article_id)
            ).first()
            if row is None:
                matches = conn.execute(
                    sa.select(articles.c.article_id)
                    .where(articles.c.article_id.startswith(article_id, autoescape=True))
                    .limit(2)
                ).all()
                if len(matches) != 1 or len(article_id) < 6:
                    raise NotFound(f"article {article_id}: not in {self.url}")
                return self.article(matches[0][0])
            doc = conn.execute(sa.select(documents).where(documents.c.doc_id == article_id)).first()
            document = _document(doc._mapping) if doc is not None else None
            source_id = document.source_id if document else row.source_id
            src = (
                conn.execute(sa.select(sources).where(sources.c.source_id == source_id)).first()
                if source_id
                else None
            )
        return StoredArticle(
            article=_article(row._mapping),
            document=document,
            source=Source.from_dict(dict(src._mapping)) if src is not None else None,
        )

    def sources(self) -> list[Source]:
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(sources).order_by(sources.c.source_id))
            return [Source.from_dict(dict(r._mapping)) for r in rows]

    def failures(self, limit: int | None = None) -> list[Failure]:
        stmt = sa.select(failures).order_by(failures.c.at.desc(), failures.c.origin)
        if limit:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return [
                Failure(
                    origin=r.origin,
                    stage=r.stage,
                    code=r.code,
                    message=r.message,
                    article_id=r.article_id,
                    at=r.at,
                )
                for r in conn.execute(stmt)
            ]

    # -- events --------------------------------------------------------------------------

    def extraction_keys(self, doc_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(doc_ids)):
                rows = conn.execute(
                    sa.select(extractions.c.doc_id, extractions.c.key).where(
                        extractions.c.doc_id.in_(chunk)
                    )
                )
                found.update({d: k for d, k in rows})
        return found

    def extractions(self, doc_ids: Sequence[str]) -> list[Extraction]:
        found: list[Extraction] = []
        with self.engine.connect() as conn:
            for chunk in _chunks(list(doc_ids)):
                rows = conn.execute(sa.select(extractions).where(extractions.c.doc_id.in_(chunk)))
                found.extend(Extraction.from_dict(dict(r._mapping)) for r in rows)
        return found

    def write_extraction(self, batch: ExtractionWrite) -> None:
        """Replace the reports and mentions of the batch's documents, merge its actors
        into the actor table (aliases united) and record each document's extraction; one
        transaction, so an interrupted run leaves every document either done or not."""
        doc_ids = [e.doc_id for e in batch.extractions]
        try:
            with self.engine.begin() as conn:
                self._merge_actors(conn, batch.actors)
                for chunk in _chunks(doc_ids):
                    conn.execute(event_reports.delete().where(event_reports.c.doc_id.in_(chunk)))
                    conn.execute(mentions.delete().where(mentions.c.doc_id.in_(chunk)))
                    conn.execute(quotes.delete().where(quotes.c.doc_id.in_(chunk)))
                self._insert(
                    conn,
                    quotes,
                    [
                        {
                            "quote_id": q.quote_id,
                            "doc_id": q.doc_id,
                            "start": q.content[0][0] if q.content else q.cue_start,
                            "speaker_actor_id": q.speaker.actor_id if q.speaker else None,
                            "data": q.to_dict(),
                        }
                        for q in batch.quotes
                    ],
                )
                self._insert(conn, event_reports, [_report_row(r) for r in batch.reports])
                self._insert(
                    conn,
                    mentions,
                    [
                        {
                            "doc_id": doc_id,
                            "start": p.start,
                            "end": p.end,
                            "sentence": sentence,
                            "text": p.text,
                            "actor_id": p.actor_id,
                            "via": p.via,
                        }
                        for doc_id, sentence, p in batch.mentions
                        if p.actor_id
                    ],
                )
                self._insert(
                    conn,
                    extractions,
                    [e.to_dict() | {"at": e.at} for e in batch.extractions],
                    update=("key", "status", "reason", "n_sentences", "n_reports", "at"),
                )
        except sa.exc.DBAPIError as err:
            raise StoreError(f"database {self.url}: write failed ({_reason(err)})") from err

    def _merge_actors(self, conn: Connection, found: Sequence[Actor]) -> None:
        if not found:
            return
        # Insert the new actors first and read the rows locked (in id order), so that an
        # extraction running at the same time cannot lose the aliases this one adds.
        self._insert(conn, actors, [_actor_row(a) for a in found])
        known: dict[str, Any] = {}
        for chunk in _chunks(sorted({a.actor_id for a in found})):
            rows = conn.execute(
                sa.select(actors)
                .where(actors.c.actor_id.in_(chunk))
                .order_by(actors.c.actor_id)
                .with_for_update()
            )
            known.update({r.actor_id: r for r in rows})
        rows_out = []
        for actor in found:
            old = known.get(actor.actor_id)
            aliases = set(actor.aliases) | set(old.aliases if old is not None else ())
            rows_out.append(
                {
                    "actor_id": actor.actor_id,
                    "name": actor.name,
                    "kind": actor.kind,
                    "country": actor.country or (old.country if old is not None else None),
                    "sector": actor.sector or (old.sector if old is not None else None),
                    "code": actor.code,
                    "aliases": sorted(aliases),
                }
            )
        self._insert(
            conn, actors, rows_out, update=("name", "kind", "country", "sector", "code", "aliases")
        )

    def event_reports(self, query: EventQuery) -> list[EventReport]:
        r = event_reports
        stmt = self._event_filters(sa.select(r), r, query)
        if query.doc_id:
            stmt = stmt.where(r.c.doc_id == query.doc_id)
        if not query.unreal:
            stmt = stmt.where(sa.not_(r.c.negated), sa.not_(r.c.hypothetical))
        if query.historical is not None:
            stmt = stmt.where(r.c.historical == query.historical)
        if query.story_id:
            in_story = sa.select(story_articles.c.doc_id).where(
                story_articles.c.story_id == query.story_id
            )
            stmt = stmt.where(r.c.doc_id.in_(in_story))
        if query.min_sources:
            merged = (
                sa.select(event_members.c.report_id)
                .join(events, events.c.event_id == event_members.c.event_id)
                .where(
                    event_members.c.report_id == r.c.report_id,
                    events.c.n_sources >= query.min_sources,
                )
            )
            stmt = stmt.where(merged.exists())
        stmt = stmt.order_by(
            r.c.date.desc().nulls_last(), r.c.doc_id, r.c.sentence, r.c.trigger_start, r.c.report_id
        )
        if query.limit:
            stmt = stmt.limit(query.limit)
        if query.offset:
            stmt = stmt.offset(query.offset)
        with self.engine.connect() as conn:
            return [_report(row._mapping) for row in conn.execute(stmt)]

    def _event_filters(
        self, stmt: sa.Select[Any], t: sa.Table, query: EventQuery
    ) -> sa.Select[Any]:
        """The filters event reports and merged events share (same column names)."""
        if query.event_type:
            stmt = stmt.where(t.c.event_type == query.event_type.upper())
        if query.mode:
            stmt = stmt.where(t.c.mode == query.mode.lower())
        if query.both_ways and query.actor and query.recipient:
            one, other = self._actor_ids(query.actor), self._actor_ids(query.recipient)
            stmt = stmt.where(
                sa.or_(
                    sa.and_(t.c.actor_id.in_(one), t.c.recipient_id.in_(other)),
                    sa.and_(t.c.actor_id.in_(other), t.c.recipient_id.in_(one)),
                )
            )
        else:
            if query.actor:
                stmt = stmt.where(t.c.actor_id.in_(self._actor_ids(query.actor)))
            if query.recipient:
                stmt = stmt.where(t.c.recipient_id.in_(self._actor_ids(query.recipient)))
        if query.participant:
            who = query.participant
            stmt = stmt.where(sa.or_(t.c.actor_id == who, t.c.recipient_id == who))
        if query.country:
            code = query.country.upper()
            stmt = stmt.where(sa.or_(t.c.actor_country == code, t.c.recipient_country == code))
        if query.since:
            stmt = stmt.where(t.c.date >= query.since)
        if query.until:
            stmt = stmt.where(t.c.date <= query.until)
        return stmt

    def _actor_ids(self, text: str) -> sa.Select[Any]:
        """Ids of the actors whose id is ``text`` or whose name or an alias contains it."""
        pattern = f"%{text.strip().lower()}%"
        return sa.select(actors.c.actor_id).where(
            sa.or_(
                actors.c.actor_id == text.strip(),
                sa.func.lower(actors.c.name).like(pattern),
                sa.func.lower(sa.cast(actors.c.aliases, sa.Text)).like(pattern),
            )
        )

    def actors(
        self, search: str | None = None, limit: int | None = 100, offset: int = 0
    ) -> list[Actor]:
        stmt = sa.select(actors)
        if search and search.strip():
            stmt = stmt.where(actors.c.actor_id.in_(self._actor_ids(search)))
        stmt = stmt.order_by(actors.c.name, actors.c.actor_id)
        if limit:
            stmt = stmt.limit(limit)
        if offset:
            stmt = stmt.offset(offset)
        with self.engine.connect() as conn:
            return [_actor(row._mapping) for row in conn.execute(stmt)]

    def actor(self, actor_id: str) -> Actor:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(actors).where(actors.c.actor_id == actor_id)).first()
        if row is None:
            raise NotFound(f"actor {actor_id}: not in {self.url}")
        return _actor(row._mapping)

    # -- stories -----------------------------------------------------------------------

    def unassigned_doc_ids(self, limit: int | None = None) -> list[str]:
        """Documents with an extraction record and no story yet, in arrival order:
        publication date, time, ingestion, id."""
        stmt = (
            sa.select(documents.c.doc_id)
            .join(extractions, extractions.c.doc_id == documents.c.doc_id)
            .join(articles, articles.c.article_id == documents.c.doc_id)
            .where(
                documents.c.doc_id.not_in(sa.select(story_articles.c.doc_id)),
            )
            .order_by(
                documents.c.pub_date.asc().nulls_last(),
                documents.c.published_at.asc().nulls_last(),
                articles.c.ingested_at,
                documents.c.doc_id,
            )
        )
        if limit:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return [r.doc_id for r in conn.execute(stmt)]

    def story_assignments(self, doc_ids: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        with self.engine.connect() as conn:
            for chunk in _chunks(list(doc_ids)):
                rows = conn.execute(
                    sa.select(story_articles.c.doc_id, story_articles.c.story_id).where(
                        story_articles.c.doc_id.in_(chunk)
                    )
                )
                found.update({r.doc_id: r.story_id for r in rows})
        return found

    def story_doc_ids(self, story_id: str) -> list[str]:
        with self.engine.connect() as conn:
            rows = conn.execute(
                sa.select(story_articles.c.doc_id)
                .where(story_articles.c.story_id == story_id)
                .order_by(story_articles.c.position)
            )
            return [r.doc_id for r in rows]

    def story_state(self, keys: Sequence[str] | None = None) -> dict[str, Any]:
        stmt = sa.select(story_state)
        with self.engine.connect() as conn:
            if keys is None:
                return {r.key: r.data for r in conn.execute(stmt)}
            found: dict[str, Any] = {}
            for chunk in _chunks(list(keys)):
                rows = conn.execute(stmt.where(story_state.c.key.in_(chunk)))
                found.update({r.key: r.data for r in rows})
            return found

    def write_stories(self, batch: StoryWrite) -> None:
        """Assign articles, update grouping state, replace the touched stories and their
        events; one transaction, so a killed run leaves the stories as they were."""
        touched = [s.story_id for s in batch.stories]
        try:
            with self.engine.begin() as conn:
                self._insert(
                    conn,
                    story_articles,
                    [
                        {"doc_id": d, "story_id": s, "position": p, "score": score}
                        for d, s, p, score in batch.assignments
                    ],
                    update=("story_id", "position", "score"),
                )
                self._insert(
                    conn,
                    story_state,
                    [{"key": k, "data": v} for k, v in batch.state.items() if v is not None],
                    update=("data",),
                )
                gone = [k for k, v in batch.state.items() if v is None]
                if gone:
                    conn.execute(story_state.delete().where(story_state.c.key.in_(gone)))
                for chunk in _chunks(touched):
                    old = sa.select(events.c.event_id).where(events.c.story_id.in_(chunk))
                    conn.execute(event_members.delete().where(event_members.c.event_id.in_(old)))
                    conn.execute(events.delete().where(events.c.story_id.in_(chunk)))
                self._insert(conn, events, [_event_row(e) for e in batch.events])
                self._insert(
                    conn,
                    event_members,
                    [
                        {"report_id": r, "event_id": e.event_id}
                        for e in batch.events
                        for r in e.report_ids
                    ],
                    update=("event_id",),
                )
                self._insert(
                    conn,
                    stories,
                    [_story_row(s) for s in batch.stories],
                    update=(
                        "title",
                        "n_articles",
                        "n_sources",
                        "n_events",
                        "first_seen",
                        "last_seen",
                        "updated_at",
                        "data",
                    ),
                )
        except sa.exc.DBAPIError as err:
            raise StoreError(f"database {self.url}: write failed ({_reason(err)})") from err

    def stories(self, query: StoryQuery) -> list[Story]:
        t = stories
        stmt = sa.select(t.c.data)
        if query.since:
            stmt = stmt.where(t.c.last_seen >= query.since)
        if query.min_sources:
            stmt = stmt.where(t.c.n_sources >= query.min_sources)
        if query.order == "sources":
            stmt = stmt.order_by(t.c.n_sources.desc(), t.c.n_articles.desc(), t.c.story_id)
        else:
            stmt = stmt.order_by(t.c.last_seen.desc().nulls_last(), t.c.story_id)
        if query.limit:
            stmt = stmt.limit(query.limit)
        if query.offset:
            stmt = stmt.offset(query.offset)
        with self.engine.connect() as conn:
            return [Story.from_dict(r.data) for r in conn.execute(stmt)]

    def story_ids(self, prefix: str, limit: int | None = None) -> list[str]:
        """Story ids starting with ``prefix``, in id order."""
        escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        stmt = (
            sa.select(stories.c.story_id)
            .where(stories.c.story_id.like(f"{escaped}%", escape="\\"))
            .order_by(stories.c.story_id)
        )
        if limit:
            stmt = stmt.limit(limit)
        with self.engine.connect() as conn:
            return [r.story_id for r in conn.execute(stmt)]

    def story(self, story_id: str) -> Story:
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(stories.c.data).where(stories.c.story_id == story_id))
            found = row.first()
        if found is None:
            raise NotFound(f"story {story_id}: not in {self.url}")
        return Story.from_dict(found.data)

    def events(self, query: EventQuery) -> list[Event]:
        e = events
        stmt = self._event_filters(sa.select(e.c.data), e, query)
        if query.story_id:
            stmt = stmt.where(e.c.story_id == query.story_id)
        if query.min_sources:
            stmt = stmt.where(e.c.n_sources >= query.min_sources)
        if query.historical is not None:
            stmt = stmt.where(e.c.historical == query.historical)
        if query.doc_id:
            members = sa.select(event_members.c.event_id).join(
                event_reports, event_reports.c.report_id == event_members.c.report_id
            )
            stmt = stmt.where(
                e.c.event_id.in_(members.where(event_reports.c.doc_id == query.doc_id))
            )
        stmt = stmt.order_by(
            e.c.date.desc().nulls_last(), e.c.first_reported.desc().nulls_last(), e.c.event_id
        )
        if query.limit:
            stmt = stmt.limit(query.limit)
        if query.offset:
            stmt = stmt.offset(query.offset)
        with self.engine.connect() as conn:
            return [Event.from_dict(r.data) for r in conn.execute(stmt)]

    def reports_of_documents(self, doc_ids: Sequence[str]) -> list[EventReport]:
        """Every report of the documents, flagged ones included, in text order."""
        found: list[EventReport] = []
        with self.engine.connect() as conn:
            for chunk in _chunks(list(doc_ids)):
                rows = conn.execute(
                    sa.select(event_reports)
                    .where(event_reports.c.doc_id.in_(chunk))
                    .order_by(
                        event_reports.c.doc_id,
                        event_reports.c.sentence,
                        event_reports.c.trigger_start,
                    )
                )
                found.extend(_report(r._mapping) for r in rows)
        return found

    def mentions_of_documents(self, doc_ids: Sequence[str]) -> list[tuple[str, int, Participant]]:
        """Every resolved actor mention of the documents as ``(doc_id, sentence,
        participant)``, in text order; the participant carries the actor's current name."""
        found: list[tuple[str, int, Participant]] = []
        m, a = mentions, actors
        with self.engine.connect() as conn:
            for chunk in _chunks(list(doc_ids)):
                rows = conn.execute(
                    sa.select(m, a.c.name, a.c.kind, a.c.country, a.c.sector)
                    .join(a, a.c.actor_id == m.c.actor_id, isouter=True)
                    .where(m.c.doc_id.in_(chunk))
                    .order_by(m.c.doc_id, m.c.start)
                )
                found.extend(
                    (
                        r.doc_id,
                        r.sentence,
                        Participant(
                            text=r.text,
                            start=r.start,
                            end=r.end,
                            actor_id=r.actor_id,
                            name=r.name,
                            kind=r.kind,
                            country=r.country,
                            sector=r.sector,
                            via=r.via,
                        ),
                    )
                    for r in rows
                )
        return found

    def quotes_of_documents(self, doc_ids: Sequence[str]) -> list[Quote]:
        """The quotes of the documents, in text order."""
        found: list[Quote] = []
        with self.engine.connect() as conn:
            for chunk in _chunks(list(doc_ids)):
                rows = conn.execute(
                    sa.select(quotes.c.data)
                    .where(quotes.c.doc_id.in_(chunk))
                    .order_by(quotes.c.doc_id, quotes.c.start)
                )
                found.extend(Quote.from_dict(r.data) for r in rows)
        return found

    def event_series(self, query: EventQuery) -> list[SeriesRow]:
        from newsdesk.store.series import event_series

        return event_series(self, query)

    def counts(self) -> dict[str, int]:
        with self.engine.connect() as conn:

            def count(stmt: sa.Select[Any]) -> int:
                return int(conn.execute(stmt).scalar() or 0)

            n = sa.func.count()
            return {
                "articles": count(sa.select(n).select_from(articles)),
                "documents": count(sa.select(n).select_from(documents)),
                "duplicates": count(
                    sa.select(n).select_from(documents).where(documents.c.duplicate_of.is_not(None))
                ),
                "sources": count(sa.select(n).select_from(sources)),
                "failures": count(sa.select(n).select_from(failures)),
                "event_reports": count(sa.select(n).select_from(event_reports)),
                "actors": count(sa.select(n).select_from(actors)),
                "stories": count(sa.select(n).select_from(stories)),
                "events": count(sa.select(n).select_from(events)),
                "quotes": count(sa.select(n).select_from(quotes)),
            }


def _reason(err: Exception) -> str:
    return " ".join(str(getattr(err, "orig", err)).split())[:200]


def _article_row(article: Article, now: datetime) -> dict[str, Any]:
    row = {c.name: getattr(article, c.name) for c in articles.c if c.name != "ingested_at"}
    row["authors"] = list(article.authors)
    row["ingested_at"] = now
    return row


def _document_row(document: Document) -> dict[str, Any]:
    row = {c.name: getattr(document, c.name) for c in documents.c}
    row["authors"] = list(document.authors)
    row["sentences"] = [list(s) for s in document.sentences]
    row["removed_lines"] = list(document.removed_lines)
    return row


def _failure_row(failure: Failure, now: datetime) -> dict[str, Any]:
    return {
        "failure_id": make_id("fail", failure.origin, failure.stage, failure.code),
        "origin": failure.origin,
        "article_id": failure.article_id,
        "stage": failure.stage,
        "code": failure.code,
        "message": failure.message,
        "at": failure.at or now,
    }


def _article(row: Any) -> Article:
    data = {k: v for k, v in row.items() if k != "ingested_at"}
    return Article.from_dict(data)


def _document(row: Any) -> Document:
    return Document.from_dict(dict(row))


def _report_row(report: EventReport) -> dict[str, Any]:
    row = report.to_dict()
    for name in ("actor", "recipient"):
        who: Participant | None = getattr(report, name)
        row[f"{name}_id"] = who.actor_id if who else None
        row[f"{name}_country"] = who.country if who else None
    row["place_country"] = report.place.country if report.place else None
    row["date"] = report.date
    row["pub_date"] = report.pub_date
    return {c.name: row.get(c.name) for c in event_reports.c}


def _report(row: Any) -> EventReport:
    data = {k: v for k, v in row.items() if not k.endswith(("_id", "_country")) or k == "doc_id"}
    data["report_id"] = row["report_id"]
    for name in ("actor", "recipient", "reported_by"):
        data[name] = Participant.from_dict(row[name]) if row[name] else None
    data["place"] = Place.from_dict(row["place"]) if row["place"] else None
    return EventReport.from_dict(data)


def _event_row(event: Event) -> dict[str, Any]:
    return {
        "event_id": event.event_id,
        "story_id": event.story_id,
        "event_type": event.event_type,
        "mode": event.mode,
        "actor_id": event.actor.actor_id if event.actor else None,
        "actor_country": event.actor.country if event.actor else None,
        "recipient_id": event.recipient.actor_id if event.recipient else None,
        "recipient_country": event.recipient.country if event.recipient else None,
        "date": event.date,
        "historical": event.historical,
        "n_reports": event.n_reports,
        "n_articles": event.n_articles,
        "n_sources": event.n_sources,
        "first_reported": event.first_reported,
        "data": event.to_dict(),
    }


def _story_row(story: Story) -> dict[str, Any]:
    return {
        "story_id": story.story_id,
        "title": story.title,
        "n_articles": story.n_articles,
        "n_sources": story.n_sources,
        "n_events": story.n_events,
        "first_seen": story.first_seen,
        "last_seen": story.last_seen,
        "updated_at": story.updated_at or datetime.now(UTC),
        "data": story.to_dict(),
    }


def _actor_row(actor: Actor) -> dict[str, Any]:
    row = actor.to_dict()
    return {c.name: row.get(c.name) for c in actors.c} | {"aliases": sorted(actor.aliases)}


def _actor(row: Any) -> Actor:
    return Actor.from_dict(dict(row))

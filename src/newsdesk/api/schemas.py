"""Response models of the HTTP API. Items are the records of ``newsdesk.model`` (and the
story modules) themselves, so ``/openapi.json`` documents every field under the same name
as the Python API; the models here only put them together."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from newsdesk.api.pagination import Page
from newsdesk.events.dyads import SeriesPoint
from newsdesk.model import (
    Actor,
    Article,
    Document,
    Event,
    EventReport,
    Failure,
    Quote,
    Source,
    Story,
)
from newsdesk.stories.timeline import TimelineEntry


class DocumentPage(Page[Document]):
    """A page of stored documents (clean articles), newest first."""


class StoryPage(Page[Story]):
    """A page of stories."""


class EventPage(Page[Event]):
    """A page of merged events, newest event date first."""


class ReportPage(Page[EventReport]):
    """A page of event reports (one event as one sentence reports it), newest first."""


class ActorPage(Page[Actor]):
    """A page of canonical actors, by name."""


class TimelinePage(Page[TimelineEntry]):
    """A page of a story's timeline, oldest first, undated last."""


class QuotePage(Page[Quote]):
    """A page of a story's quotes, article by article in text order."""


class ArticleDetail(BaseModel):
    """One stored article: the input as received, its clean document (with sentence
    offsets into ``document.text``; null when cleaning failed), its outlet and story."""

    article: Article
    document: Document | None
    source: Source | None
    story_id: str | None = Field(description="The story the article is in, if grouped.")


class StoryArticle(BaseModel):
    """An article of a story, without its text (``GET /articles/{doc_id}`` has it)."""

    doc_id: str
    title: str | None
    source_id: str | None
    counts_as: str = Field(
        description="The outlet it counts for (a syndicated copy counts with its original)."
    )
    pub_date: date | None
    published_at: datetime | None
    lang: str | None
    duplicate_of: str | None


class StoryDetail(BaseModel):
    """A story with its outlets, articles (arrival order) and merged events."""

    story: Story
    sources: list[str] = Field(description="The story's outlets, in order of appearance.")
    articles: list[StoryArticle]
    events: list[Event]


class ActorDetail(BaseModel):
    """A canonical actor and a page of the merged events it acts in or is acted on."""

    actor: Actor
    events: EventPage


class DyadPage(Page[Event]):
    """Merged events between two actors in either direction (a page of them, newest
    first) with counts and the mean cooperation–conflict score (−10 … +10) per period.
    The counts, mean and series cover every matching event, not only this page."""

    actor: str = Field(description="As asked: an actor id, or part of a name or alias.")
    recipient: str = Field(description="As asked: an actor id, or part of a name or alias.")
    interval: str = Field(description="day, month or year.")
    n_events: int
    n_unplaced: int = Field(
        description="Events left out of the series: undated, or dated less precisely "
        "than the interval."
    )
    mean_score: float | None
    series: list[SeriesPoint]


class IngestSummary(BaseModel):
    read: int
    stored: int
    already_stored: int
    exact_duplicates: int
    near_duplicates: int
    other_language: dict[str, int]
    skipped: dict[str, int]
    failed: int
    failures: list[Failure]
    seconds: float


class ExtractSummary(BaseModel):
    documents: int
    extracted: int
    unchanged: int
    skipped: dict[str, int]
    without_events: int
    reports: int
    events: int
    quotes: int
    seconds: float


class GroupSummary(BaseModel):
    articles: int
    new_stories: int
    joined: int
    stories_updated: int
    events: int
    seconds: float


class AddResult(BaseModel):
    """What ``POST /articles`` did: ingest, extraction and grouping counts, the ids of the
    articles it stored, and the story of every given article that is in one."""

    ingest: IngestSummary
    extract: ExtractSummary
    stories: GroupSummary
    article_ids: list[str] = Field(description="New articles stored, in input order.")
    story_ids: dict[str, str] = Field(description="Article id -> story id.")


class ArticleIn(BaseModel):
    """One article to add: ``text`` (or ``html``) and optional metadata, as in JSONL
    ingest files."""

    model_config = ConfigDict(extra="allow")

    text: str | None = Field(None, description="Plain text of the article.")
    html: str | None = Field(None, description="The article page's HTML, when no text.")
    title: str | None = None
    url: str | None = Field(None, description="Canonical URL; the article id derives from it.")
    published: str | None = Field(None, description="ISO 8601 date or date-time (or 'date').")
    outlet: str | None = Field(None, description="Outlet name (or 'source').")
    author: str | list[str] | None = Field(None, description="Author(s) (or 'authors').")
    lang: str | None = None
    id: str | int | None = Field(None, description="Your own id, kept as external_id.")

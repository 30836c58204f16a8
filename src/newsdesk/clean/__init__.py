"""Cleaning: an :class:`~newsdesk.model.Article` becomes a :class:`~newsdesk.model.Document`
(main text, metadata, language, sentences). Duplicates are linked in :mod:`.dedup`."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from newsdesk.clean.extract import extract_html
from newsdesk.clean.language import detect_language
from newsdesk.clean.normalize import clean_text, split_headline
from newsdesk.clean.sources import source_for
from newsdesk.config import Settings
from newsdesk.errors import ExtractionError
from newsdesk.model import Article, Document, Source
from newsdesk.nlp.sentences import split_sentences

__all__ = ["clean_article", "clean_articles", "content_hash"]

_WORDS = re.compile(r"\w+")


def content_hash(text: str) -> str:
    """Hash of the text's words, case-folded: equal for texts that differ only in spacing,
    case or punctuation."""
    words = " ".join(_WORDS.findall(text.casefold()))
    return hashlib.blake2b(words.encode("utf-8"), digest_size=16).hexdigest()


def clean_articles(
    articles: Sequence[Article], settings: Settings
) -> list[tuple[Document, Source | None] | ExtractionError]:
    """Clean a batch; each article gives its document and outlet, or the error that
    stopped it. Sentences are split for the whole batch at once."""
    drafts: list[tuple[Document, Source | None] | ExtractionError] = []
    for article in articles:
        try:
            drafts.append(_draft(article, settings))
        except ExtractionError as err:
            drafts.append(err)
    texts = [d[0].text for d in drafts if not isinstance(d, ExtractionError)]
    spans = iter(split_sentences(texts))
    out: list[tuple[Document, Source | None] | ExtractionError] = []
    for draft in drafts:
        if isinstance(draft, ExtractionError):
            out.append(draft)
            continue
        document, source = draft
        out.append((_with_sentences(document, next(spans)), source))
    return out


def clean_article(article: Article, settings: Settings) -> tuple[Document, Source | None]:
    """Clean one article. Raises :class:`ExtractionError` when no usable text remains."""
    result = clean_articles([article], settings)[0]
    if isinstance(result, ExtractionError):
        raise result
    return result


def _with_sentences(document: Document, sentences: tuple[tuple[int, int], ...]) -> Document:
    from dataclasses import replace

    return replace(document, sentences=sentences)


def _draft(article: Article, settings: Settings) -> tuple[Document, Source | None]:
    title, authors, pub_date, outlet = (
        article.title,
        article.authors,
        article.pub_date,
        article.outlet,
    )
    url = article.url
    raw = article.raw
    if article.content_type == "text/html":
        page = extract_html(
            raw, url=url, name=article.url or article.origin, focus=settings.clean.extraction_focus
        )
        raw = page.text
        title = title or page.title
        authors = authors or page.authors
        pub_date = pub_date or page.pub_date
        outlet = outlet or page.sitename
    cleaned = clean_text(raw, boilerplate=settings.clean.boilerplate)
    title, text = split_headline(cleaned.text, title)
    if len(text) < settings.clean.min_chars:
        raise ExtractionError(
            f"{article.origin}: no article text (only {len(text)} characters after cleaning; "
            f"setting clean.min_chars is {settings.clean.min_chars})"
        )
    authors = authors or tuple(cleaned.authors)
    outlet = outlet or cleaned.outlet
    lang, score = detect_language(f"{title or ''}\n{text}")
    if article.lang and score < 0.5:
        lang = article.lang
    source = source_for(url, outlet)
    document = Document(
        doc_id=article.article_id,
        text=text,
        title=title,
        source_id=source.source_id if source else None,
        lang=lang,
        lang_score=score,
        pub_date=pub_date,
        published_at=article.published_at,
        authors=tuple(authors),
        content_hash=content_hash(text),
        removed_lines=tuple(cleaned.removed),
    )
    return document, source

"""Quote and attribution extraction: documents -> :class:`~newsdesk.model.Quote` records.

Quotation marks are paired over each whole text first (:mod:`newsdesk.quotes.marks`), so
a quote may run over sentences and paragraphs. Every sentence then goes through one
``nlp.pipe`` stream and :func:`newsdesk.nlp.speech.read_speech` reads its cues: verbs of
saying ("said", "told", "warned"), any verb with a "that" clause ("the survey showed
that"), "according to", a clause ending in a colon before a quotation, and for each quoted
phrase the verb it is an argument of. Per article, in reading order:

1. mentions outside quotation marks are resolved to actors and each cue's subject
   becomes its speaker (:mod:`newsdesk.quotes.speakers`);
2. each cue takes its content (:mod:`newsdesk.quotes.attach`): the quoted span next to
   its frame (a *direct* quote), else its complement clause widened to the quoted spans
   it cuts (*mixed*; *indirect* when it has no quotation marks);
3. glue for what no verb of saying takes: ``"…" ― Name`` signatures, transcript lines
   (``HOST: …``), continuation quotes (``"…," he said. "…"``) joining the quote before
   them, quoted phrases under any other verb ("dismissed the plan as a "paper tiger""), and
   quotations standing as sentences of their own, kept without a speaker.

Only English documents (``lang`` "en" or unknown) are read; others give no quotes.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsdesk.events.actors import ActorTable, ArticleActors
from newsdesk.model import Actor, Document, Quote, make_id
from newsdesk.nlp.load import load_nlp
from newsdesk.nlp.sentences import split_sentences
from newsdesk.nlp.speech import SpeechParse, read_speech
from newsdesk.quotes.attach import (
    Attribution,
    CueAt,
    attach,
    continue_quotes,
    dashed,
    govern,
    transcript,
    unattributed,
)
from newsdesk.quotes.marks import Quotations
from newsdesk.quotes.speakers import resolve_mentions, resolve_speaker

MAX_SENTENCE_CHARS = 2_000
LANGUAGES = (None, "en")  # the cue lexicon and the parser are English
_QUOTE_MARK = re.compile(r"``|''|[\"“”„«»]")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(slots=True)
class QuoteBatch:
    """The quotes of each document of a batch (same order) and the actors they name."""

    quotes: list[list[Quote]]
    actors: list[Actor]


def extract_quotes(
    documents: Sequence[Document],
    *,
    table: ActorTable | None = None,
    batch_size: int = 64,
    parsed: Sequence[Mapping[int, Any]] | None = None,
) -> QuoteBatch:
    """Quotes and attributions of ``documents`` (parsed in one ``nlp.pipe`` stream).
    ``table`` collects the canonical actors (pass the event extractor's to share them);
    ``parsed`` gives, per document, ``(doc, mentions)`` of its sentences already parsed
    (by the event extractor, so each sentence is parsed and read once: a spaCy doc and
    its noun mentions); documents without ``sentences`` are split here."""
    table = table or ActorTable()
    parsed = parsed or [{} for _ in documents]
    sentences = _sentences(documents)
    quoted = [Quotations(d.text) for d in documents]
    jobs: list[tuple[int, int, list[tuple[int, int]]]] = []
    texts: list[str] = []
    parses: dict[int, dict[int, SpeechParse]] = {}
    for index, (document, spans) in enumerate(zip(documents, sentences, strict=True)):
        if document.lang not in LANGUAGES:
            continue
        for number, (start, end) in enumerate(spans):
            sentence = document.text[start:end]
            if len(sentence) <= MAX_SENTENCE_CHARS and _LETTER.search(sentence):
                inside = [
                    (max(q.start, start) - start, min(q.end, end) - start)
                    for q in quoted[index].spans
                    if q.start < end and start < q.end
                ]
                done = parsed[index].get(number)
                if done is not None:
                    doc, mentions = done
                    parses.setdefault(index, {})[number] = read_speech(doc, inside, mentions)
                    continue
                jobs.append((index, number, inside))
                texts.append(sentence)
    if texts:
        for (index, number, inside), doc in zip(
            jobs, load_nlp().pipe(texts, batch_size=batch_size), strict=True
        ):
            parses.setdefault(index, {})[number] = read_speech(doc, inside)
    quotes = [
        _article(document, spans, quoted[index], parses.get(index, {}), ArticleActors(table))
        if document.lang in LANGUAGES
        else []
        for index, (document, spans) in enumerate(zip(documents, sentences, strict=True))
    ]
    return QuoteBatch(quotes, table.records())


def quotes_in_text(text: str, *, doc_id: str = "text") -> list[Quote]:
    """The quotes of one plain text (a convenience over :func:`extract_quotes`)."""
    document = Document(doc_id=doc_id, text=text)
    return extract_quotes([document]).quotes[0]


def _sentences(documents: Sequence[Document]) -> list[tuple[tuple[int, int], ...]]:
    missing = [d.text for d in documents if not d.sentences and d.text.strip()]
    split = iter(split_sentences(missing)) if missing else iter(())
    out = []
    for document in documents:
        if document.sentences:
            out.append(document.sentences)
        elif document.text.strip():
            out.append(next(split))
        else:
            out.append(())
    return out


# -- one article --------------------------------------------------------------------------


def _article(
    document: Document,
    sentences: Sequence[tuple[int, int]],
    quoted: Quotations,
    parses: dict[int, SpeechParse],
    book: ArticleActors,
) -> list[Quote]:
    cues: list[CueAt] = []
    governors: dict[int, CueAt] = {}  # quoted span -> the verb it is an argument of
    for number in sorted(parses):
        parse = parses[number]
        offset = sentences[number][0]
        resolved = resolve_mentions(parse, offset, number, quoted, book)
        for cue in parse.cues:
            if quoted.at(offset + cue.start) is not None:
                continue  # a verb of saying inside a quote is part of what was said
            speaker = None
            if cue.subject is not None:
                where = (offset + cue.subject.start, offset + cue.subject.end)
                speaker = resolve_speaker(
                    cue.subject, where[0], parse, offset, number, book, resolved.get(where)
                )
            at = CueAt(
                start=offset + cue.start,
                end=offset + cue.end,
                text=cue.text,
                frame=(offset + cue.frame[0], offset + cue.frame[1]),
                content=tuple((offset + s, offset + e) for s, e in cue.content),
                sentence=number,
                speaker=speaker,
            )
            if cue.kind != "governor":
                cues.append(at)
            elif cue.quote is not None and speaker is not None:
                k = quoted.at(offset + cue.quote)
                if k is not None:
                    governors.setdefault(k, at)
    used: set[int] = set()
    found = [f for f in (attach(cue, quoted, used) for cue in cues) if f.segments]
    found.extend(dashed(quoted, used, book, sentences))
    found.extend(transcript(quoted, used, book, sentences))
    found.sort(key=lambda f: f.segments[0])
    continue_quotes(found, quoted, used, sentences)
    for k, verb in sorted(governors.items()):
        if k not in used:
            found.append(govern(verb, k, quoted, used))
    found.extend(unattributed(quoted, used))
    return _records(document, found, quoted, sentences)


def _records(
    document: Document,
    found: list[Attribution],
    quoted: Quotations,
    sentences: Sequence[tuple[int, int]],
) -> list[Quote]:
    starts = [s for s, _ in sentences]
    out: list[Quote] = []
    seen: set[tuple[tuple[int, int], ...]] = set()
    for item in sorted(found, key=lambda f: f.segments[0]):
        segments = tuple(sorted(set(item.segments)))
        if segments in seen:
            continue
        seen.add(segments)
        texts = [document.text[s:e] for s, e in segments]
        whole = {(s.start, s.end) for s in quoted.spans}
        if all(seg in whole for seg in segments):
            kind = "direct"
        elif any(_QUOTE_MARK.search(t) for t in texts):
            kind = "mixed"
        else:
            kind = "indirect"
        cue = item.cue
        at = cue.start if cue is not None else segments[0][0]
        out.append(
            Quote(
                quote_id=make_id("quo", document.doc_id, *(f"{s}:{e}" for s, e in segments)),
                doc_id=document.doc_id,
                kind=kind,
                content=segments,
                text=" … ".join(texts),
                cue=cue.text if cue is not None else "",
                cue_start=cue.start if cue is not None else 0,
                cue_end=cue.end if cue is not None else 0,
                speaker=item.speaker,
                sentence=max(bisect.bisect_right(starts, at) - 1, 0) if starts else None,
            )
        )
    return out

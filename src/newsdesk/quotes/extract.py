"""Quote and attribution extraction: documents -> :class:`~newsdesk.model.Quote` records.

For a batch of documents, every sentence goes through one ``nlp.pipe`` stream and
:func:`newsdesk.nlp.speech.read_speech` reads its cues (verbs of saying, "according to")
with their subjects, frames and complement clauses. Quotation marks are paired over the
whole text (:func:`newsdesk.quotes.marks.quoted_spans`), so a quote may run over several
sentences or paragraphs. Then, per article in reading order:

- actor mentions outside quotation marks are resolved with
  :class:`~newsdesk.events.actors.ArticleActors` (names, descriptions such as "the former
  vice president", bare roles such as "the presidency", pronouns), so the speaker of each
  cue resolves to a canonical actor; a "he"/"she" the window of recent sentences cannot
  resolve falls back to the last person named;
- each cue takes its content: a quoted span right before its frame (``"…," she said``) or
  right after it (``she said: "…"``) when the parse's complement lies inside that span
  (a *direct* quote), else the complement clause widened to cover the quoted spans it cuts
  (*mixed*, or *indirect* without quotation marks);
- a quoted span that no cue took and that follows an attributed direct quote with nothing
  but punctuation in between (``"…," he said. "…"``, or the next paragraph of a long
  quote) becomes another segment of that quote;
- a quote set off by a dash and a name at the end of its line (``"…" ― Ana Ruiz``) is
  attributed to that name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from newsdesk.events.actors import ActorTable, ArticleActors
from newsdesk.events.lexicons import fold
from newsdesk.model import Actor, Document, Participant, Quote, make_id
from newsdesk.nlp.annotate import Mention
from newsdesk.nlp.load import load_nlp
from newsdesk.nlp.predicates import Span
from newsdesk.nlp.sentences import split_sentences
from newsdesk.nlp.speech import SpeechParse, read_speech
from newsdesk.quotes.marks import QuotedSpan, quoted_spans

MAX_SENTENCE_CHARS = 2_000
MIN_UNATTRIBUTED_WORDS = 3  # a quotation with no cue counts when it is this long
_GAP = re.compile(r"[\s,;:—–-]*")  # what may separate a quote from its cue's frame
_NO_WORDS = re.compile(r"[\W_]*")
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_QUOTE_MARK = re.compile(r"[\"“”„«»]")
_DASH_NAME = re.compile(r"\s*[―—–]\s*(?P<name>[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3})\W*$")
_TRANSCRIPT = re.compile(
    r"^[ \t]*(?P<mark>[\"“]?)(?P<name>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,2}):[ \t]+"
    r"(?P<said>\S[^\n]*)",
    re.MULTILINE,
)
_LETTER = re.compile(r"[^\W\d_]")
_NAME_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_NOT_NAMES = frozenset({"the", "a", "an", "this", "that", "these", "those", "it", "i", "we"})


@dataclass(slots=True)
class QuoteBatch:
    """The quotes of each document of a batch (same order) and the actors they name."""

    quotes: list[list[Quote]]
    actors: list[Actor]


@dataclass(slots=True)
class _Cue:
    """A cue of the article in document offsets."""

    start: int
    end: int
    text: str
    frame: tuple[int, int]
    content: tuple[tuple[int, int], ...]
    sentence: int
    speaker: Participant | None


@dataclass(slots=True)
class _Found:
    """An attribution being assembled."""

    cue: _Cue | None
    speaker: Participant | None
    segments: list[tuple[int, int]] = field(default_factory=list)

    @property
    def end(self) -> int:
        ends = [e for _, e in self.segments]
        if self.cue is not None:
            ends.append(self.cue.frame[1])
        return max(ends)


def extract_quotes(
    documents: Sequence[Document],
    *,
    table: ActorTable | None = None,
    batch_size: int = 64,
) -> QuoteBatch:
    """Quotes and attributions of ``documents`` (parsed in one ``nlp.pipe`` stream).
    ``table`` collects the canonical actors (pass the event extractor's to share them);
    documents without ``sentences`` are split here."""
    table = table or ActorTable()
    sentences = _sentences(documents)
    quoted = [_Quoted(d.text) for d in documents]
    jobs: list[tuple[int, int, list[tuple[int, int]]]] = []
    texts: list[str] = []
    for index, (document, spans) in enumerate(zip(documents, sentences, strict=True)):
        for number, (start, end) in enumerate(spans):
            sentence = document.text[start:end]
            if len(sentence) <= MAX_SENTENCE_CHARS and _LETTER.search(sentence):
                inside = [
                    (max(q.start, start) - start, min(q.end, end) - start)
                    for q in quoted[index].spans
                    if q.start < end and start < q.end
                ]
                jobs.append((index, number, inside))
                texts.append(sentence)
    parses: dict[int, dict[int, SpeechParse]] = {}
    if texts:
        for (index, number, inside), doc in zip(
            jobs, load_nlp().pipe(texts, batch_size=batch_size), strict=True
        ):
            parses.setdefault(index, {})[number] = read_speech(doc, inside)
    quotes = [
        _article(document, spans, quoted[index], parses.get(index, {}), ArticleActors(table))
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


class _Quoted:
    """The quoted spans of a text, searchable by position."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans = quoted_spans(text)
        self.starts = [s.start for s in self.spans]

    def at(self, position: int) -> int | None:
        """Index of the span containing ``position``, if any."""
        k = bisect.bisect_right(self.starts, position) - 1
        if k >= 0 and position < self.spans[k].end:
            return k
        return None

    def before(self, position: int) -> int | None:
        """The span ending at or before ``position`` with only a gap in between."""
        k = bisect.bisect_right(self.starts, position) - 1
        while k >= 0 and self.spans[k].end > position:
            k -= 1
        if k >= 0 and self._gap(self.spans[k].end, position):
            return k
        return None

    def after(self, position: int) -> int | None:
        """The span starting at or after ``position`` with only a gap in between."""
        k = bisect.bisect_left(self.starts, position)
        if k < len(self.spans) and self._gap(position, self.spans[k].start):
            return k
        return None

    def _gap(self, start: int, end: int) -> bool:
        """Only punctuation between ``start`` and ``end``, on one line unless a colon
        ends the line before (a quote introduced by "she said:" in its own paragraph)."""
        gap = self.text[start:end]
        return _GAP.fullmatch(gap) is not None and ("\n" not in gap or ":" in gap)

    def overlapping(self, start: int, end: int) -> list[int]:
        return [k for k, s in enumerate(self.spans) if s.start < end and start < s.end]


def _article(
    document: Document,
    sentences: Sequence[tuple[int, int]],
    quoted: _Quoted,
    parses: dict[int, SpeechParse],
    book: ArticleActors,
) -> list[Quote]:
    cues: list[_Cue] = []
    governors: dict[int, _Cue] = {}  # quoted span -> the verb it is an argument of
    for number in sorted(parses):
        parse = parses[number]
        offset = sentences[number][0]
        resolved = _resolve_mentions(parse, offset, number, quoted, book)
        for cue in parse.cues:
            if quoted.at(offset + cue.start) is not None:
                continue  # a verb of saying inside a quote is part of what was said
            speaker = None
            if cue.subject is not None:
                where = (offset + cue.subject.start, offset + cue.subject.end)
                speaker = _resolve_speaker(
                    cue.subject, where[0], parse, offset, number, book, resolved.get(where)
                )
            at = _Cue(
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
    found = [f for f in (_attach(cue, quoted, used) for cue in cues) if f.segments]
    found.extend(_dashed(quoted, used, book, sentences))
    found.extend(_transcript(quoted, used, book, sentences))
    found.sort(key=lambda f: f.segments[0])
    _continue_quotes(found, quoted, used, sentences)
    for k, verb in sorted(governors.items()):
        if k not in used:
            found.append(_govern(verb, k, quoted, used))
    found.extend(_unattributed(quoted, used))
    return _records(document, found, quoted, sentences)


def _resolve_mentions(
    parse: SpeechParse, offset: int, number: int, quoted: _Quoted, book: ArticleActors
) -> dict[tuple[int, int], Participant]:
    """Resolve the sentence's mentions outside quotation marks, in order, so later
    pronouns and descriptions find them (words inside quotes are someone's speech)."""
    resolved: dict[tuple[int, int], Participant] = {}
    for mention in parse.mentions:
        start = offset + mention.start
        if quoted.at(start) is not None:
            continue
        entities = tuple(
            (s - mention.start, e - mention.start, label, text)
            for s, e, label, text in mention.entities
        )
        resolved[(start, offset + mention.end)] = book.resolve(
            mention.text,
            start,
            number,
            entities,
            subject=mention.subject,
            plural=mention.plural,
        )
    return resolved


def _resolve_speaker(
    subject: Span,
    start: int,
    parse: SpeechParse,
    offset: int,
    number: int,
    book: ArticleActors,
    known: Participant | None,
) -> Participant:
    """The speaker's actor: the phrase as resolved in context (``known`` when it is one
    of the sentence's mentions). Speakers are mostly people: a bare name that resolved to
    nothing, or to an organisation while a person of the article bears it ("Reyes"
    tagged as an organisation after "Tomas Reyes"), is resolved as a person; an
    unresolved "he"/"she" is the last person named."""
    text = subject.text
    end = start + len(text)
    found = known
    if found is None:
        entities = _entities_within(parse.mentions, start - offset, end - offset)
        found = book.resolve(text, start, number, entities, subject=True, remember=False)
    if (
        found.kind != "person"
        and _looks_like_name(text, book)
        and (
            _person_named(book, text)
            or (found.actor_id is None and (subject.label == "PERSON" or " " in text))
        )
    ):
        person = ((0, len(text), "PERSON", text),)
        found = book.resolve(text, start, number, person, subject=True)
    if text.lower() in _PERSON_PRONOUNS and not _singular(book, found.actor_id, start):
        last = _last_person(book, start)
        if last is not None:
            found = Participant(**{**last.to_dict(), "text": text, "start": start, "end": end})
    return found


def _singular(book: ArticleActors, actor_id: str | None, position: int) -> bool:
    """True when the actor was named in the singular before ``position`` ("Aides" is
    no "she")."""
    return any(
        s.actor.actor_id == actor_id and not s.plural and s.start < position for s in book.seen
    )


def _looks_like_name(text: str, book: ArticleActors) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 4
        and all(w[:1].isupper() and _NAME_WORD.fullmatch(w) for w in words)
        and words[0].lower() not in _NOT_NAMES
        and book.gazetteer.match_phrase(text) is None
    )


def _person_named(book: ArticleActors, text: str) -> bool:
    words = fold(text).split()
    return any(fold(p.name).split()[-len(words) :] == words for p in book.persons)


def _last_person(book: ArticleActors, position: int) -> Participant | None:
    """The last person named before ``position`` anywhere in the article."""
    for seen in reversed(book.seen):
        if seen.start < position and seen.actor.kind == "person" and not seen.plural:
            actor = seen.actor
            return Participant(
                text=actor.name,
                start=seen.start,
                end=seen.start,
                actor_id=actor.actor_id,
                name=actor.name,
                kind=actor.kind,
                country=actor.country,
                sector=actor.sector,
                via="pronoun",
            )
    return None


def _entities_within(
    mentions: Iterable[Mention], start: int, end: int
) -> tuple[tuple[int, int, str, str], ...]:
    seen = set()
    out = []
    for mention in mentions:
        for s, e, label, text in mention.entities:
            if start <= s and e <= end and (s, e) not in seen:
                seen.add((s, e))
                out.append((s - start, e - start, label, text))
    return tuple(sorted(out))


# -- attaching content to cues ------------------------------------------------------------


def _attach(cue: _Cue, quoted: _Quoted, used: set[int]) -> _Found:
    """The content of one cue: quoted spans next to its frame, else its parse content."""
    found = _Found(cue, cue.speaker)
    text = quoted.text
    left = [c for c in cue.content if c[1] <= cue.frame[0]]
    right = [c for c in cue.content if c[0] >= cue.frame[1]]
    direct_left = False
    for side, parsed in (("left", left), ("right", right)):
        k = quoted.before(cue.frame[0]) if side == "left" else quoted.after(cue.frame[1])
        if k is not None and k in used:
            k = None
        span = quoted.spans[k] if k is not None else None
        if span is not None and k is not None:
            inside = all(span.start <= s and e <= span.end for s, e in parsed)
            clause = _clause_edge(text, span, side)
            if (parsed and inside) or (not parsed and clause):
                found.segments.append((span.start, span.end))
                used.add(k)
                direct_left = side == "left"
                continue
        if direct_left:
            # ""…," she said of the election, in which she was sure …": after a direct
            # quote only more quotation continues it; a clause is someone else's cue
            break
        for start, end in parsed:
            for j in quoted.overlapping(start, end):
                start = min(start, quoted.spans[j].start)
                end = max(end, quoted.spans[j].end)
                used.add(j)
            tail = quoted.after(end) if side == "right" else None
            if tail is not None and tail not in used:
                # "stressing that Glas, convicted twice, "has been convicted …"": the
                # quote finishes the clause the parse cut short
                end = quoted.spans[tail].end
                used.add(tail)
            found.segments.append((start, end))
    found.segments.sort()
    return found


def _govern(cue: _Cue, k: int, quoted: _Quoted, used: set[int]) -> _Found:
    """A quoted phrase no cue of saying took, given to the verb it is an argument of:
    the verb's complements widened to the quoted spans they cut, else the quote alone."""
    span = quoted.spans[k]
    found = _Found(cue, cue.speaker)
    for start, end in cue.content:
        if start < span.end and span.start < end:
            for j in quoted.overlapping(start, end):
                start = min(start, quoted.spans[j].start)
                end = max(end, quoted.spans[j].end)
                used.add(j)
            found.segments.append((start, end))
    if not found.segments:
        found.segments.append((span.start, span.end))
        used.add(k)
    return found


def _clause_edge(text: str, span: QuotedSpan, side: str) -> bool:
    """True when the quote stands as a clause of its own next to the cue: nothing but
    punctuation between it and the start (left side) or end (right side) of its line,
    sentence or clause."""
    if side == "left":
        head = text[: span.start].rsplit("\n", 1)[-1]
        return not head.strip() or head.rstrip()[-1:] in (".", ":", "!", "?", ";")
    tail = text[span.end :].split("\n", 1)[0]
    return _NO_WORDS.fullmatch(tail[:3]) is not None or tail.lstrip()[:1] in (".", ";", "!", "?")


def _dashed(
    quoted: _Quoted, used: set[int], book: ArticleActors, sentences: Sequence[tuple[int, int]]
) -> list[_Found]:
    """``"…" ― Ana Ruiz``: a quote signed with a dash and a name at the end of its line."""
    out = []
    starts = [s for s, _ in sentences]
    for k, span in enumerate(quoted.spans):
        if k in used:
            continue
        line_end = quoted.text.find("\n", span.end)
        line_end = len(quoted.text) if line_end < 0 else line_end
        match = _DASH_NAME.match(quoted.text, span.end, line_end)
        if match is None:
            continue
        start, end = match.span("name")
        number = max(bisect.bisect_right(starts, start) - 1, 0)
        speaker = book.resolve(
            match.group("name"), start, number, ((0, end - start, "PERSON", match["name"]),)
        )
        dash = quoted.text.find(match.group(0).strip()[0], span.end)
        cue = _Cue(dash, dash + 1, quoted.text[dash], (dash, end), (), number, speaker)
        used.add(k)
        out.append(_Found(cue, speaker, [(span.start, span.end)]))
    return out


def _transcript(
    quoted: _Quoted, used: set[int], book: ArticleActors, sentences: Sequence[tuple[int, int]]
) -> list[_Found]:
    """``PENCE: Well, look, …``: a line of a transcript, its speaker in capitals."""
    out = []
    starts = [s for s, _ in sentences]
    for match in _TRANSCRIPT.finditer(quoted.text):
        start, end = match.span("name")
        colon = end
        begin, stop = match.span("said")
        k = quoted.at(match.start("said") - 1) if match.group("mark") else None
        if k is not None and k in used:
            continue  # a cue of the text took it already
        if k is not None and quoted.spans[k].start == match.start("mark"):
            stop = quoted.spans[k].end
            used.add(k)
        for j in quoted.overlapping(begin, stop):
            used.add(j)
        number = max(bisect.bisect_right(starts, start) - 1, 0)
        name = match.group("name")
        speaker = book.resolve(name, start, number, ((0, end - start, "PERSON", name),))
        cue = _Cue(colon, colon + 1, ":", (start, colon + 1), (), number, speaker)
        out.append(_Found(cue, speaker, [(begin, stop)]))
    return out


def _unattributed(quoted: _Quoted, used: set[int]) -> list[_Found]:
    """Quotations no cue or verb takes but that stand as sentences of their own (a
    quote-only paragraph): direct quotes without a speaker."""
    out = []
    for k, span in enumerate(quoted.spans):
        if k in used:
            continue
        start, end = span.inner
        words = quoted.text[start:end].split()
        head = quoted.text[: span.start].rsplit("\n", 1)[-1].rstrip()
        if len(words) >= MIN_UNATTRIBUTED_WORDS and (not head or head[-1] in ".!?:"):
            used.add(k)
            out.append(_Found(None, None, [(span.start, span.end)]))
    return out


def _continue_quotes(
    found: list[_Found], quoted: _Quoted, used: set[int], sentences: Sequence[tuple[int, int]]
) -> None:
    """Give a quoted span no cue took to the quote before it that ends in quotation
    marks, when only punctuation and line breaks lie between them, or the rest of that
    quote's cue sentence (``"…," she said, clapping. "…"``)."""
    for k, span in enumerate(quoted.spans):
        if k in used:
            continue
        before = [f for f in found if f.end <= span.start and _ends_quoted(f, quoted)]
        if not before:
            continue
        last = max(before, key=lambda f: f.end)
        reach = last.end
        if last.cue is not None and last.cue.sentence < len(sentences):
            reach = max(reach, min(sentences[last.cue.sentence][1], span.start))
        if _NO_WORDS.fullmatch(quoted.text, reach, span.start):
            last.segments.append((span.start, span.end))
            used.add(k)


def _ends_quoted(found: _Found, quoted: _Quoted) -> bool:
    tail = max(e for _, e in found.segments)
    return any(q.end == tail for q in quoted.spans)


def _records(
    document: Document,
    found: list[_Found],
    quoted: _Quoted,
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

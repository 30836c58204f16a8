from __future__ import annotations

from dataclasses import replace

from conftest import ARTICLE_TEXT, PARAGRAPHS

from newsdesk.clean import clean_article, content_hash
from newsdesk.clean.dedup import Deduplicator
from newsdesk.model import Source
from newsdesk.store.base import WriteBatch

OTHER = (
    "A new bridge over the river Sel opened to traffic on Friday, two years late and "
    "well over budget, the regional council said in a statement. Drivers queued for "
    "an hour to cross it, and the mayor promised that tolls would stay low until the "
    "end of next year."
)


def _syndicated() -> str:
    edited = PARAGRAPHS[1].replace("told reporters", "said in a briefing")
    return "\n\n".join(
        [
            "VALMORA (Meridian Wire) -",
            PARAGRAPHS[0],
            edited,
            PARAGRAPHS[2],
            "The hold is the third this year.",
        ]
    )


def _docs(make_article, settings, texts: list[str]):
    return [
        clean_article(make_article(raw=t, url=f"https://x.example/{i}"), settings)[0]
        for i, t in enumerate(texts)
    ]


def test_content_hash_ignores_case_spacing_and_punctuation() -> None:
    assert content_hash("Ships, held!  At the PORT.") == content_hash("ships held at the port")
    assert content_hash("ships held at the port") != content_hash("ships freed at the port")


def test_exact_and_near_copies_link_to_the_first(make_article, settings, store) -> None:
    original, copy, near, other = _docs(
        make_article, settings, [ARTICLE_TEXT, ARTICLE_TEXT.upper(), _syndicated(), OTHER]
    )
    linked = [d for d, _ in Deduplicator(settings.clean, store).link([original, copy, near, other])]
    assert linked[0].duplicate_of is None
    assert (linked[1].duplicate_of, linked[1].duplicate_kind) == (original.doc_id, "exact")
    assert (linked[2].duplicate_of, linked[2].duplicate_kind) == (original.doc_id, "near")
    assert linked[2].similarity >= settings.clean.near_duplicate_threshold
    assert linked[3].duplicate_of is None


def test_copies_of_stored_documents_are_found_across_batches(make_article, settings, store) -> None:
    original, near, copy = _docs(
        make_article, settings, [ARTICLE_TEXT, _syndicated(), ARTICLE_TEXT]
    )
    dedup = Deduplicator(settings.clean, store)
    ((document, fingerprint),) = dedup.link([original])
    store.write_batch(
        WriteBatch(
            sources=[Source(source_id="x.example", name="X")],
            articles=[make_article(url="https://x.example/0")],
            documents=[document],
            fingerprints=[fingerprint],
        )
    )
    (near_doc, _), (copy_doc, _) = dedup.link([near, replace(copy, doc_id="art_other")])
    assert near_doc.duplicate_of == original.doc_id and near_doc.duplicate_kind == "near"
    assert copy_doc.duplicate_of == original.doc_id and copy_doc.duplicate_kind == "exact"


def test_same_topic_different_article_is_not_a_duplicate(make_article, settings, store) -> None:
    follow_up = (
        "The port authority in Valmora said on Wednesday that both cargo ships had "
        "been released after inspectors finished checking their papers. The owners "
        "said they would ask for compensation for the four days their crews lost, "
        "and trade groups welcomed the end of the hold."
    )
    first, second = _docs(make_article, settings, [ARTICLE_TEXT, follow_up])
    linked = [d for d, _ in Deduplicator(settings.clean, store).link([first, second])]
    assert linked[1].duplicate_of is None

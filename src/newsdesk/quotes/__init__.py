"""Quotes and attributions: who said what, with the cue and the speaker's actor."""

from __future__ import annotations

from newsdesk.quotes.extract import QuoteBatch, extract_quotes, quotes_in_text
from newsdesk.quotes.marks import QuotedSpan, quoted_spans

__all__ = ["QuoteBatch", "QuotedSpan", "extract_quotes", "quoted_spans", "quotes_in_text"]

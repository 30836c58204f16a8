"""Distributed runs: the per-partition work of a run over many machines, free of any engine
(:mod:`.batch`, :mod:`.dedup`, :mod:`.results`), and its Spark adapter (:mod:`.spark`,
installed with ``pip install "newsdesk[spark]"``; pyspark is imported only there).

A distributed run gives the same documents, reports, story assignments and merged events
as ``newsdesk run`` on one machine over the same input: every order-dependent decision of
the local run (which copy of an article is kept, which document is the original of a
duplicate, which batch an article was stored and extracted in, the arrival order stories
are grouped in) is recomputed from the same keys. See ``docs/scale.md``.
"""

from __future__ import annotations

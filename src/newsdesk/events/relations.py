"""Who acts on whom: the network of actors merged events connect (a dyad's relation over
time is in ``newsdesk.events.dyads``).

Both read merged events (``newsdesk.model.Event``), never reports, so an event told by five
outlets counts once. Scores are the PLOVER cooperation–conflict scores of the ontology
(−10 conflict … +10 cooperation).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from statistics import fmean
from typing import Any

import networkx as nx

from newsdesk.model import Event


def actor_network(events: Iterable[Event]) -> nx.Graph[str]:
    """An undirected graph of the actors ``events`` connect: a node per actor (``name``,
    ``kind``, ``country``), an edge per pair that acts on each other, with ``n_events``
    and ``mean_score`` (undated and unscored events count, but only scores are averaged).
    Events without both a resolved actor and a resolved recipient add no edge."""
    graph: nx.Graph[str] = nx.Graph()
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    seen: set[str] = set()
    for event in events:
        if event.event_id in seen:
            continue
        seen.add(event.event_id)
        actor, recipient = event.actor, event.recipient
        if actor is None or recipient is None or not actor.actor_id or not recipient.actor_id:
            continue
        if actor.actor_id == recipient.actor_id:
            continue
        for who in (actor, recipient):
            graph.add_node(
                who.actor_id, name=who.name or who.text, kind=who.kind, country=who.country
            )
        a, b = sorted((actor.actor_id, recipient.actor_id))
        data = graph.get_edge_data(a, b)
        graph.add_edge(a, b, n_events=(data["n_events"] if data else 0) + 1)
        if event.score is not None:
            scores[(a, b)].append(event.score)
    for (a, b), values in scores.items():
        graph.edges[a, b]["mean_score"] = round(fmean(values), 2)
    for a, b in graph.edges:
        graph.edges[a, b].setdefault("mean_score", None)
    return graph


def ego_network(graph: nx.Graph[str], actor_id: str, *, limit: int = 20) -> nx.Graph[str]:
    """``actor_id`` with its ``limit`` most frequent partners and every edge among them."""
    if actor_id not in graph:
        ego: nx.Graph[str] = nx.Graph()
        return ego
    partners = sorted(
        graph.neighbors(actor_id),
        key=lambda n: (-graph.edges[actor_id, n]["n_events"], str(graph.nodes[n].get("name"))),
    )[:limit]
    return graph.subgraph([actor_id, *partners]).copy()


def layout(graph: nx.Graph[str], *, seed: int = 7) -> dict[str, tuple[float, float]]:
    """Node positions (a deterministic spring layout weighted by event counts)."""
    if not graph:
        return {}
    positions = nx.spring_layout(graph, weight="n_events", seed=seed)
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def edge_rows(graph: nx.Graph[str], actor_id: str) -> list[dict[str, Any]]:
    """``actor_id``'s partners in ``graph``, most events first."""
    rows = []
    for partner in graph.neighbors(actor_id) if actor_id in graph else ():
        data = graph.edges[actor_id, partner]
        node = graph.nodes[partner]
        rows.append(
            {
                "actor_id": partner,
                "name": node.get("name") or partner,
                "kind": node.get("kind"),
                "country": node.get("country"),
                "n_events": data["n_events"],
                "mean_score": data.get("mean_score"),
            }
        )
    return sorted(rows, key=lambda r: (-r["n_events"], str(r["name"])))

"""Plotly figures of the web pages, as JSON for ``data-figure`` attributes (drawn by our own
``newsdesk.js`` with the plotly.js the plotly package ships; no inline script, no CDN).

Article-derived strings in hover texts are HTML-escaped: plotly renders a few tags in them.
"""

from __future__ import annotations

import html
from calendar import monthrange
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from newsdesk.events.dyads import SeriesPoint, next_period, period_label
from newsdesk.events.ontology import load_ontology
from newsdesk.stories.timeline import TimelineEntry

QUAD_COLOURS = {
    1: ("verbal cooperation", "#5aa469"),
    2: ("material cooperation", "#1d7a46"),
    3: ("verbal conflict", "#e08a2c"),
    4: ("material conflict", "#c0392b"),
}
BACKGROUND = ("background fact", "#7f8c8d")
_SYMBOLS = {"day": "circle", "month": "square", "year": "diamond"}
_FONT = dict(family="Inter, system-ui, -apple-system, Segoe UI, Roboto, sans-serif", size=12)
_CONFIG_LAYOUT: dict[str, Any] = dict(
    template="none",
    font=_FONT,
    paper_bgcolor="#ffffff",
    plot_bgcolor="#ffffff",
    hoverlabel=dict(bgcolor="#ffffff", font=dict(size=12), align="left"),
)


def _esc(text: str) -> str:
    """``<``, ``>`` and ``&`` escaped: plotly reads a few tags in its texts."""
    return html.escape(text, quote=False)


def _short(text: str, limit: int = 180) -> str:
    text = " ".join(text.split())
    return _esc(text if len(text) <= limit else text[: limit - 1] + "…")


def period_of(iso: str, precision: str | None) -> tuple[date, date]:
    """The first and last day ``iso`` (at ``precision``) covers."""
    if precision == "year" or len(iso) == 4:
        year = int(iso[:4])
        return date(year, 1, 1), date(year, 12, 31)
    if precision == "month" or len(iso) == 7:
        year, month = int(iso[:4]), int(iso[5:7])
        return date(year, month, 1), date(year, month, monthrange(year, month)[1])
    day = date.fromisoformat(iso[:10])
    return day, day


def timeline_figure(
    entries: Sequence[TimelineEntry],
    event_types: Mapping[str, str],
    outlet: Callable[[str], str],
) -> str | None:
    """The story's dated entries on a time axis: one lane per event type plus one for
    background facts; colour by PLOVER quad class, marker shape by date precision (day ●,
    month ■, year ◆, with a bar over the month or year). Historical entries (background
    and past events) get their own panel on the left so the story's days stay readable.
    None when nothing is dated."""
    dated = [e for e in entries if e.date]
    if not dated:
        return None

    def lane(entry: TimelineEntry) -> str:
        if entry.kind == "background" or entry.event_id is None:
            return "Background fact"
        return event_types.get(entry.event_id, "EVENT")

    def colour(entry: TimelineEntry) -> tuple[str, str]:
        kind = load_ontology().types.get(lane(entry))
        return QUAD_COLOURS[kind.quad] if kind else BACKGROUND

    past = [e for e in dated if e.historical]
    current = [e for e in dated if not e.historical]
    panels = [p for p in (past, current) if p]
    lanes = sorted({lane(e) for e in dated}, key=lambda s: (s == "Background fact", s))
    if len(panels) == 2:
        fig = make_subplots(
            rows=1,
            cols=2,
            shared_yaxes=True,
            column_widths=[0.38, 0.62],
            horizontal_spacing=0.04,
            subplot_titles=("Background (historical)", "This story"),
        )
    else:
        title = "Background (historical)" if past and not current else "This story"
        fig = make_subplots(rows=1, cols=1, subplot_titles=(title,))
    # A few traces (one per panel, colour and date precision) with per-point arrays:
    # plotly's cost grows with the number of traces, not of points.
    shown: set[str] = set()
    for column, panel in enumerate(panels, start=1):
        groups: dict[tuple[str, str, str], list[TimelineEntry]] = {}
        for entry in panel:
            key = (lane(entry), entry.date or "", entry.precision or "day")
            groups.setdefault(key, []).append(entry)
        spans: dict[str, dict[str, list[Any]]] = {}
        points: dict[tuple[str, str, str], dict[str, list[Any]]] = {}
        for (row, iso, precision), group in groups.items():
            start, end = period_of(iso, precision)
            name, hue = colour(group[0])
            if start != end:
                span = spans.setdefault(hue, {"x": [], "y": []})
                span["x"] += [start.isoformat(), (end + timedelta(days=1)).isoformat(), None]
                span["y"] += [row, row, None]
            n_sources = len({s for e in group for s in e.sources})
            point = points.setdefault(
                (name, hue, precision), {"x": [], "y": [], "size": [], "text": [], "hover": []}
            )
            point["x"].append(start.isoformat())
            point["y"].append(row)
            point["size"].append(10 + 3 * min(n_sources + len(group) - 1, 5))
            point["text"].append(str(len(group)) if len(group) > 1 else "")
            point["hover"].append(_hover(iso, precision, group, outlet))
        for hue, span in spans.items():
            fig.add_trace(
                go.Scatter(
                    x=span["x"],
                    y=span["y"],
                    mode="lines",
                    line=dict(color=hue, width=6),
                    opacity=0.25,
                    hoverinfo="skip",
                    showlegend=False,
                    connectgaps=False,
                ),
                row=1,
                col=column,
            )
        for (name, hue, precision), point in points.items():
            fig.add_trace(
                go.Scatter(
                    x=point["x"],
                    y=point["y"],
                    mode="markers+text" if any(point["text"]) else "markers",
                    text=point["text"],
                    textfont=dict(color="#ffffff", size=10),
                    name=name,
                    legendgroup=name,
                    showlegend=name not in shown,
                    marker=dict(
                        color=hue,
                        size=point["size"],
                        symbol=_SYMBOLS.get(precision, "circle"),
                        line=dict(color="#ffffff", width=1),
                    ),
                    hovertext=point["hover"],
                    hovertemplate="%{hovertext}<extra></extra>",
                ),
                row=1,
                col=column,
            )
            shown.add(name)
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(reversed(lanes)),
        type="category",
        showgrid=True,
        gridcolor="#eef0f3",
        tickfont=dict(size=11),
    )
    fig.update_xaxes(type="date", showgrid=True, gridcolor="#eef0f3", linecolor="#c8ccd2")
    if current:
        _pad_days(fig, current, col=len(panels))
    fig.update_layout(
        **_CONFIG_LAYOUT,
        height=140 + 34 * len(lanes),
        margin=dict(l=130, r=20, t=40, b=40),
        legend=dict(orientation="h", y=-0.12, x=0, font=dict(size=11)),
        hovermode="closest",
    )
    fig.update_annotations(font=dict(size=12, color="#5b6472"))
    return str(fig.to_json())


def _hover(
    iso: str, precision: str, group: Sequence[TimelineEntry], outlet: Callable[[str], str]
) -> str:
    """Escaped hover text: the date, then each entry's label and outlets (the sentence
    too when the marker stands for one entry)."""
    lines = [f"<b>{_esc(iso)}</b> ({_esc(precision)})"]
    for entry in group[:5]:
        sources = ", ".join(outlet(s) for s in entry.sources)
        label = "background" if entry.kind == "background" else entry.label
        lines.append(f"{_short(label, 80)} <i>({_short(sources, 60)})</i>")
    if len(group) > 5:
        lines.append(f"… and {len(group) - 5} more")
    if len(group) == 1:
        lines.append(_wrap(group[0].text))
    return "<br>".join(lines)


def _pad_days(fig: go.Figure, entries: Sequence[TimelineEntry], *, col: int) -> None:
    """A day's margin around the story's own dates (one day alone is otherwise a blur)."""
    days = [period_of(e.date or "", e.precision)[0] for e in entries]
    low, high = min(days) - timedelta(days=1), max(days) + timedelta(days=1)
    ticks: dict[str, Any] = {"tickformat": "%b %-d\n%Y"}
    if (high - low).days <= 14:
        ticks = {"tickformat": "%b %-d", "dtick": 86_400_000}
    fig.update_xaxes(range=[low.isoformat(), high.isoformat()], row=1, col=col, **ticks)


def _wrap(text: str, width: int = 70, limit: int = 240) -> str:
    """Escaped ``text`` cut to ``limit`` characters with line breaks every ``width``."""
    words = " ".join(text.split())
    if len(words) > limit:
        words = words[: limit - 1] + "…"
    lines, line = [], ""
    for word in words.split():
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return "<br>".join(_esc(x) for x in lines)


def network_figure(
    nodes: Sequence[dict[str, Any]],
    edges: Sequence[dict[str, Any]],
    positions: dict[str, tuple[float, float]],
    centre: str,
) -> str | None:
    """Actors as nodes (click one to open its page), edges coloured by the pair's mean
    score (red conflict, green cooperation, grey mixed), wider with more events."""
    if not nodes:
        return None
    fig = go.Figure()
    for edge in edges:
        (x0, y0), (x1, y1) = positions[edge["source"]], positions[edge["target"]]
        score = edge.get("mean_score")
        colour = (
            "#b0b6bf"
            if score is None or -1 <= score <= 1
            else "#c0392b"
            if score < 0
            else "#1d7a46"
        )
        fig.add_trace(
            go.Scatter(
                x=[x0, x1],
                y=[y0, y1],
                mode="lines",
                line=dict(color=colour, width=1 + min(edge["n_events"], 8)),
                opacity=0.7,
                hoverinfo="skip",
                showlegend=False,
            )
        )
        score_text = "n/a" if score is None else f"{score:+.1f}"
        fig.add_trace(
            go.Scatter(
                x=[(x0 + x1) / 2],
                y=[(y0 + y1) / 2],
                mode="markers",
                marker=dict(size=10, color="rgba(0,0,0,0)"),
                hovertemplate=(
                    f"{_esc(edge['source_name'])} – {_esc(edge['target_name'])}"
                    f"<br>{edge['n_events']} events, mean score {score_text}<extra></extra>"
                ),
                customdata=[edge["url"]],
                showlegend=False,
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[positions[n["id"]][0] for n in nodes],
            y=[positions[n["id"]][1] for n in nodes],
            mode="markers+text",
            text=[_esc(n["name"]) for n in nodes],
            textposition="top center",
            textfont=dict(size=11, color="#1f2933"),
            customdata=[n["url"] for n in nodes],
            hovertext=[_esc(n["detail"]) for n in nodes],
            hovertemplate="<b>%{text}</b><br>%{hovertext}<extra></extra>",
            marker=dict(
                size=[28 if n["id"] == centre else 12 + 3 * min(n["n_events"], 6) for n in nodes],
                color=["#1f4e79" if n["id"] == centre else "#6c8ebf" for n in nodes],
                line=dict(color="#ffffff", width=2),
            ),
            showlegend=False,
        )
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(
        **_CONFIG_LAYOUT, height=460, margin=dict(l=10, r=10, t=10, b=10), hovermode="closest"
    )
    return str(fig.to_json())


def dyad_figure(series: Sequence[SeriesPoint], actor: str, recipient: str) -> str | None:
    """Events per period (bars) and their mean cooperation–conflict score (lines, right
    axis, −10 … +10) in both directions of the dyad. Periods without events between the
    first and the last are shown empty, so the axis keeps time's proportions."""
    if not series:
        return None
    by_label = {p.period: p for p in series}
    labels = _all_periods(series) or list(by_label)
    rows = [by_label.get(label) for label in labels]
    forward, reverse = f"{actor} → {recipient}", f"{recipient} → {actor}"
    fig = make_subplots(specs=[[{"secondary_y": True}]])
    directions = (
        (forward, [r.n_forward if r else 0 for r in rows], "#9db8d9", "forward"),
        (reverse, [r.n_reverse if r else 0 for r in rows], "#e3c08d", "reverse"),
    )
    for name, counts, bar, group in directions:
        fig.add_trace(
            go.Bar(
                x=labels,
                y=counts,
                name=f"{_short(name, 60)}: events",
                marker_color=bar,
                offsetgroup=group,
            ),
            secondary_y=False,
        )
    lines = (
        (forward, [r.mean_forward if r else None for r in rows], "#1f4e79", "solid", "forward"),
        (reverse, [r.mean_reverse if r else None for r in rows], "#b9770e", "dot", "reverse"),
    )
    for name, means, colour, dash, group in lines:
        fig.add_trace(
            go.Scatter(
                x=labels,
                y=means,
                name=f"{_short(name, 60)}: mean score",
                mode="lines+markers",
                line=dict(color=colour, width=2, dash=dash),
                marker=dict(size=8),
                connectgaps=True,
                offsetgroup=group,
            ),
            secondary_y=True,
        )
    most = max([*(p.n_forward for p in series), *(p.n_reverse for p in series), 1])
    fig.update_yaxes(
        title_text="events",
        rangemode="tozero",
        dtick=1 if most <= 8 else None,
        secondary_y=False,
        gridcolor="#eef0f3",
    )
    fig.update_yaxes(
        title_text="mean score",
        range=[-10.5, 10.5],
        tickvals=[-10, -5, 0, 5, 10],
        ticktext=["−10 conflict", "−5", "0", "+5", "+10 cooperation"],
        zeroline=True,
        zerolinecolor="#8a929c",
        secondary_y=True,
        showgrid=False,
    )
    fig.update_xaxes(type="category", gridcolor="#eef0f3")
    fig.update_layout(
        **_CONFIG_LAYOUT,
        barmode="group",
        scattermode="group",
        bargap=0.35,
        height=380,
        margin=dict(l=60, r=110, t=20, b=40),
        legend=dict(orientation="h", y=-0.18, x=0, font=dict(size=11)),
    )
    return str(fig.to_json())


def _all_periods(series: Sequence[SeriesPoint], limit: int = 400) -> list[str]:
    """Every period label from the first to the last of ``series`` (empty when more than
    ``limit``: then only periods with events are drawn)."""
    first, last = series[0].start, series[-1].start
    kind = _period_kind(series[0].period)
    labels: list[str] = []
    at = first
    while at <= last:
        if len(labels) >= limit:
            return []
        labels.append(period_label(at, kind))
        at = next_period(at, kind)
    return labels


def _period_kind(label: str) -> str:
    if "W" in label:
        return "week"
    return {4: "year", 7: "month"}.get(len(label), "day")

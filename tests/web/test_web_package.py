"""The web UI's templates and static files are package data (they must reach the wheel)."""

from __future__ import annotations


def test_templates_and_static_files_ship_with_the_package() -> None:
    from importlib import resources

    web = resources.files("newsdesk.web")
    for name in ("base.html", "story.html", "article.html", "events.html", "docs.html"):
        assert web.joinpath("templates", name).is_file(), name
    for name in ("newsdesk.css", "newsdesk.js", "favicon.svg"):
        assert web.joinpath("static", name).is_file(), name

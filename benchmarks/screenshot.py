"""Screenshot of the web story page for review: the bundled example corpus (written by this
team) through ``newsdesk run``, the story most outlets report served on loopback, and a
full-page PNG taken in headless Debian chromium (Playwright).

    .venv/bin/python benchmarks/screenshot.py [--out benchmarks/screenshots/story.png]

Third-party text (the seeds, ../shared/data) is never shown here: a committed screenshot of it
would put that text in the repository.
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "benchmarks" / "screenshots" / "story.png"
    )
    parser.add_argument("--chromium", default="/usr/bin/chromium", help="browser executable")
    args = parser.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright

    from newsdesk import Desk
    from newsdesk.api import create_app
    from newsdesk.config import load_settings

    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(env={}, store__url=str(Path(folder) / "demo.db"))
        with Desk(settings=settings) as desk:
            desk.run([ROOT / "examples"])
            story = desk.stories(order="sources", limit=1)[0]
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium, args=FLAGS)
                tab = browser.new_page(viewport={"width": 1360, "height": 900})
                tab.goto(f"http://127.0.0.1:{port}/stories/{story.story_id}")
                tab.wait_for_selector("#timeline-chart svg")
                args.out.parent.mkdir(parents=True, exist_ok=True)
                tab.screenshot(path=str(args.out), full_page=True)
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    print(f"{args.out}: story {story.story_id} ({story.n_sources} outlets)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

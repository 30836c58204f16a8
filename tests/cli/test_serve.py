"""``newsdesk serve``: options reach uvicorn and the application (uvicorn is not started)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from newsdesk.cli import main


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_info.value.code or 0), captured.out, captured.err


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def fake_run(app: Any, **options: Any) -> None:
        calls.append({"app": app, **options})

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv("NEWSDESK_TOKEN", raising=False)
    return calls


def test_serve_passes_db_host_and_port(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, started: list[dict[str, Any]]
) -> None:
    db = tmp_path / "served.db"
    code, _out, err = _run(
        capsys, "serve", "--db", str(db), "--host", "127.0.0.2", "--port", "8123"
    )
    assert code == 0
    (call,) = started
    assert (call["host"], call["port"]) == ("127.0.0.2", 8123)
    settings = call["app"].state.settings
    assert settings.store.url == str(db) and db.is_file()
    assert "http://127.0.0.2:8123" in err and "writes disabled" in err


def test_serve_defaults_come_from_the_settings(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    started: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSDESK_TOKEN", "s3cret")
    monkeypatch.setenv("NEWSDESK_API__PORT", "9001")
    code, _out, err = _run(capsys, "--db", str(tmp_path / "g.db"), "serve")
    assert code == 0
    assert (started[0]["host"], started[0]["port"]) == ("127.0.0.1", 9001)
    assert "writes need the token" in err and "s3cret" not in err


def test_serve_has_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "serve", "--help")
    assert code == 0 and "Usage: newsdesk serve" in out
    assert "--db" in out and "--host" in out and "--port" in out and "NEWSDESK_TOKEN" in out


def test_serve_answers_on_loopback_and_stops(tmp_path: Path) -> None:
    """The real thing: ``newsdesk serve`` in a child process, asked for its health."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    db = tmp_path / "live.db"
    child = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "-q", "serve", "--db", str(db), "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        body = None
        refused = None
        while time.monotonic() < deadline and child.poll() is None:
            try:
                body = httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2).json()
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        if body is not None:
            refused = httpx.post(f"http://127.0.0.1:{port}/api/v1/articles", json={"text": "x"})
    finally:
        child.send_signal(signal.SIGINT)
        _out, err = child.communicate(timeout=15)
    assert body is not None, err.decode()
    assert body["status"] == "ok" and body["counts"]["articles"] == 0
    assert refused is not None and refused.status_code == 403
    assert child.returncode == 0

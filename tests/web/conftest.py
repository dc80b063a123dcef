"""The web pages' harness: the application served by uvicorn on loopback, and Debian's Chromium.

The server runs in a thread of the test process on a free port; Playwright drives the system
Chromium (``make test`` installs it with apt when it is missing; no browser is downloaded).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def corpus_path(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared letters ingested into a corpus, as ``openimr ingest`` writes it."""
    from openimr.corpus.ingest import ingest

    out = tmp_path_factory.mktemp("corpus") / "corpus"
    ingest([shared_dir / "data" / "letters" / "txt"], out, workers=1)
    return out


@pytest.fixture(scope="session")
def evaluation_path(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The engine evaluated on a dozen of the shared letters, as ``openimr evaluate --out`` keeps it."""
    from openimr.corpus.evaluate import evaluate

    out = tmp_path_factory.mktemp("evaluation") / "outcomes"
    letters = sorted((shared_dir / "data" / "letters" / "txt").glob("*.txt"))[:12]
    evaluate(letters, out, workers=1)
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    """An application served by uvicorn in a background thread."""

    def __init__(self, app: FastAPI) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, driven by Playwright."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's Chromium is missing at /usr/bin/chromium (make test installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def demo_service(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    """The service over a fresh SQLite database, holding the demo queue (webdemo.build)."""
    from webdemo import build

    from openimr.bootstrap import bootstrap
    from openimr.config import load_settings

    examples = Path(__file__).resolve().parents[2] / "examples"
    database = tmp_path_factory.mktemp("db") / "openimr.db"
    service = bootstrap(
        db_url=f"sqlite:///{database}", settings=load_settings(examples / "openimr.yaml")
    )
    return service, build(service)


@pytest.fixture(scope="session")
def demo_cases(demo_service: tuple[object, object]) -> dict[str, str]:
    """The demo's case ids by case number."""
    return demo_service[1].cases  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(scope="session")
def live_server(
    demo_service: tuple[object, object], corpus_path: Path, evaluation_path: Path
) -> Iterator[LiveServer]:
    """The OpenIMR application (API and pages) over the demo queue, with the shared letters as
    the corpus the dashboard and the precedents read."""
    from openimr.api.app import create_app

    service, _ = demo_service
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OPENIMR_CORPUS", str(corpus_path))
        patch.setenv("OPENIMR_EVALUATION", str(evaluation_path))
        app = create_app(context=service)  # type: ignore[arg-type]
    with LiveServer(app) as server:
        yield server


@pytest.fixture
def page(browser: object, live_server: LiveServer) -> Iterator[object]:
    """A fresh browser tab at a laptop's screen size, its base URL the live server."""
    context = browser.new_context(  # type: ignore[attr-defined]
        base_url=live_server.url, viewport={"width": 1366, "height": 800}, accept_downloads=True
    )
    tab = context.new_page()
    requested: list[str] = []
    tab.on("request", lambda request: requested.append(request.url))
    yield tab
    context.close()
    # Nothing any page asked for came from anywhere but this server (no CDN, no font service).
    elsewhere = [
        url
        for url in requested
        if not url.startswith((live_server.url + "/", "data:", "blob:", "about:"))
    ]
    assert elsewhere == [], f"pages loaded from elsewhere: {elsewhere[:5]}"

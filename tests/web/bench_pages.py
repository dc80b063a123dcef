"""Server time of each main web page on the demo data (not a test: run it by hand).

    .venv/bin/python tests/web/bench_pages.py [--rounds 20]

Builds the demo queue (tests/web/webdemo.py) in a temporary SQLite database, ingests the shared
letters as the corpus, then requests each page in-process (FastAPI's TestClient, so no network)
and prints the median and the slowest of ``rounds`` requests after one warm-up request.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    rounds = parser.parse_args().rounds

    from fastapi.testclient import TestClient
    from webdemo import build
    from webtools import PASSWORD

    from openimr.api.app import create_app
    from openimr.bootstrap import bootstrap
    from openimr.config import load_settings
    from openimr.corpus.ingest import ingest

    shared = Path(os.environ.get("OPENIMR_SHARED", ROOT.parent / "shared"))
    with tempfile.TemporaryDirectory(prefix="openimr-bench-web-") as scratch:
        corpus = Path(scratch) / "corpus"
        ingest([shared / "data" / "letters" / "txt"], corpus, workers=1)
        os.environ["OPENIMR_CORPUS"] = str(corpus)
        service = bootstrap(
            db_url=f"sqlite:///{scratch}/openimr.db",
            settings=load_settings(ROOT / "examples" / "openimr.yaml"),
        )
        demo = build(service)
        app = create_app(context=service)

        def signed_in(email: str) -> TestClient:
            client = TestClient(app)
            response = client.post("/web/login", data={"email": email, "password": PASSWORD})
            assert response.status_code == 200, response.status_code
            return client

        manager, reviewer = signed_in("manager@example.org"), signed_in("ada@example.org")
        drafted = demo.cases["CM16-9000003"]
        pages = [
            ("sign-in page", TestClient(app), "/web/login"),
            ("queue (case manager)", manager, "/web/queue"),
            ("queue (reviewer)", reviewer, "/web/queue"),
            ("case page, drafted (reviewer)", reviewer, f"/web/cases/{drafted}"),
            (
                "case page, in review (reviewer)",
                reviewer,
                f"/web/cases/{demo.cases['CM16-9000002']}",
            ),
            ("case page (case manager)", manager, f"/web/cases/{demo.cases['CM16-9000004']}"),
            ("assignment", manager, f"/web/cases/{demo.cases['CM16-9000004']}/assignment"),
            ("reviewers", manager, "/web/reviewers"),
            ("intake form", manager, "/web/intake"),
            ("corpus dashboard", manager, "/web/corpus"),
            ("corpus dashboard, one family", manager, "/web/corpus?family=mri"),
            ("precedents search", reviewer, "POST /web/precedents"),
            ("item precedents", reviewer, f"/web/cases/{drafted}/items/0/precedents?fragment=1"),
            ("letter page", reviewer, f"/web/cases/{drafted}/letter"),
            ("letter HTML (draft)", reviewer, f"/web/cases/{drafted}/letter.html"),
        ]
        print(f"{'page':34} {'first':>8} {'median':>8} {'slowest':>8}  (ms, {rounds} rounds)")
        for name, client, url in pages:
            timings = []
            form = None
            if url.startswith("POST "):
                url = url.removeprefix("POST ")
                token = re.search(r'name="form_token" value="([^"]+)"', client.get(url).text)
                assert token is not None
                form = {"form_token": token.group(1), "request": "MRI of the lumbar spine"}
            for _ in range(rounds + 1):
                start = time.perf_counter()
                response = client.post(url, data=form) if form else client.get(url)
                timings.append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            first, rest = timings[0], timings[1:]
            print(f"{name:34} {first:8.1f} {statistics.median(rest):8.1f} {max(rest):8.1f}")


if __name__ == "__main__":
    main()

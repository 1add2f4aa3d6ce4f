"""Lighthouse on the built site, as a voter's phone meets it: shared by tests/test_lighthouse.py
(accessibility, best practices and SEO) and bench/lighthouse.py (also performance).

Lighthouse is pinned in tests/lighthouse/package-lock.json and installed there by `make test`
(`npm ci`); it drives Debian's Chromium, headless, with its default mobile preset (a
mid-range phone on a slow 4G line, simulated)."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
LIGHTHOUSE = HERE / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
PAGES = {
    "portaal": "",
    "bibliotheekkaart": "bibliotheek/jeugd/",
    "home van een afdeling": "zwolle/",
    "themapagina": "zwolle/themas/jeugd/",
    "gids": "gids/drie-wetten/",
    "over dit programma": "zwolle/over/",
    "zoeken": "zoeken/?q=schuldhulp",
    "samenstellen": "samenstellen/",
    "404": "404.html",
}
"""Each kind of page and where it is under the sub-path. The 404 page is looked at on its own
address: Lighthouse refuses a page that answers with status 404 (ERRORED_DOCUMENT_REQUEST)."""
DELIBERATE = {"404": {"is-crawlable"}}
"""Audits a page fails on purpose: the 404 page asks search engines not to index it."""


def lighthouse(url: str, categories: tuple[str, ...]) -> dict[str, Any]:
    """The report (Lighthouse's JSON) of one run on `url`, only for `categories`."""
    with tempfile.TemporaryDirectory(prefix="bouwstenen-lighthouse-") as folder:
        report = Path(folder) / "rapport.json"
        done = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--quiet",
                f"--only-categories={','.join(categories)}",
                f"--chrome-flags={CHROME_FLAGS}",
                "--output=json",
                f"--output-path={report}",
            ],
            env=os.environ | {"CHROME_PATH": CHROMIUM, "PUPPETEER_SKIP_DOWNLOAD": "1", "TMPDIR": folder},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert report.is_file(), f"Lighthouse gaf geen rapport voor {url}:\n{done.stderr[-2000:]}"
        result: dict[str, Any] = json.loads(report.read_text("utf-8"))
    error = result.get("runtimeError")
    assert not error, f"Lighthouse op {url}: {error}"
    return result


def failing(
    report: dict[str, Any], category: str, allowed: set[str] | frozenset[str] = frozenset()
) -> list[str]:
    """The audits of `category` that count and did not pass (but those in `allowed`), each with
    its id, title, figure and the elements it points at."""
    lines = []
    for ref in report["categories"][category]["auditRefs"]:
        audit = report["audits"][ref["id"]]
        if ref["weight"] == 0 or audit["score"] is None or audit["score"] >= 1 or ref["id"] in allowed:
            continue
        figure = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
        lines.append(f"{ref['id']}: {audit['title']}{figure}")
        lines.extend(f"    {element}" for element in _elements(audit)[:8])
    return lines


def score(report: dict[str, Any], category: str, allowed: set[str] | frozenset[str] = frozenset()) -> float:
    """The score of `category`, counting the audits in `allowed` as passed."""
    refs = [ref for ref in report["categories"][category]["auditRefs"] if ref["weight"]]
    scored = [(ref, report["audits"][ref["id"]]["score"]) for ref in refs]
    scored = [(ref, 1 if ref["id"] in allowed else value) for ref, value in scored if value is not None]
    return sum(ref["weight"] * value for ref, value in scored) / sum(ref["weight"] for ref, _ in scored)


def _elements(audit: dict[str, Any]) -> list[str]:
    items = (audit.get("details") or {}).get("items") or []
    found = []
    for item in items:
        node = item.get("node") or {}
        if node.get("selector") or node.get("snippet"):
            found.append(f"{node.get('selector', '')} {node.get('snippet', '')}".strip())
        elif item.get("url"):
            found.append(str(item["url"]))
        elif item.get("source"):
            found.append(str(item["source"]))
    return found

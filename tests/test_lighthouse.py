"""Lighthouse at 100 for accessibility, best practices and SEO on every kind of page, with its
mobile preset, on the examples served under a sub-path as GitHub Pages serves them.

Performance is measured in bench/lighthouse.py (median of three runs), not here: a timed test
would pass or fail with the load of the machine."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from lighthouse_run import DELIBERATE, LIGHTHOUSE, PAGES, failing, lighthouse, score
from served import serve

CATEGORIES = ("accessibility", "best-practices", "seo")
NOT_YET: dict[str, str] = {}
"""Audits every page still fails, each with why. The test checks that they still fail, so the
day one is fixed it says to take it off this list."""


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_lighthouse_100(base_url: str, path: str) -> None:
    kind = next(name for name, where in PAGES.items() if where == path)
    allowed = DELIBERATE.get(kind, set()) | set(NOT_YET)
    report = lighthouse(base_url + path, CATEGORIES)
    scores = {category: score(report, category, allowed) for category in CATEGORIES}
    problems = [line for category in CATEGORIES for line in failing(report, category, allowed)]
    assert scores == dict.fromkeys(CATEGORIES, 1.0), "\n".join([f"{base_url}{path}: {scores}", *problems])
    for audit in allowed:  # what is allowed still fails: else take it off the list
        assert report["audits"][audit]["score"] == 0, (
            f"{audit} is gehaald: haal het uit NOT_YET of DELIBERATE"
        )


def test_a_missing_page_is_the_404_page_with_status_404(base_url: str, built_site: Path) -> None:
    """As on GitHub Pages: any missing address under the site, also deep in a branch, gets the
    404 page of the root with status 404 (its links and styles are absolute for that)."""
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(base_url + "zwolle/themas/bestaat-niet/", timeout=10)
    assert missing.value.code == 404
    assert missing.value.read() == (built_site / "404.html").read_bytes()


def test_lighthouse_is_the_one_in_the_package_lock() -> None:
    lock = json.loads((LIGHTHOUSE.parents[2] / "package-lock.json").read_text("utf-8"))
    installed = json.loads((LIGHTHOUSE.parents[1] / "lighthouse" / "package.json").read_text("utf-8"))
    assert installed["version"] == lock["packages"]["node_modules/lighthouse"]["version"]
    assert lock["packages"]["node_modules/lighthouse"]["integrity"].startswith("sha512-")

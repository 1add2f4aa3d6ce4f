"""A real browser on the built site: Debian's Chromium driven by Playwright.

The site is served under a sub-path on 127.0.0.1, as GitHub Pages serves /<repo>/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page
from served import serve

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "telefoon": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


def _search(page: Page, word: str) -> None:
    """'/' opens the site's search page (tests/test_search.py has the rest); type, wait for hits."""
    on_search_page = page.locator("#zoekterm").count() > 0
    page.keyboard.press("/")  # on the search page itself, '/' goes to the field
    if not on_search_page:
        page.wait_for_url("**/zoeken/#zoekterm")
    page.keyboard.type(word, delay=30)
    page.locator("#zoek-resultaten > li").first.wait_for(timeout=20_000)


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_portal_branch_search_click(browser: Browser, base_url: str, viewport: str) -> None:
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    hosts: set[str] = set()
    errors: list[str] = []
    context.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    page.goto(base_url)
    assert page.locator("h1").first.inner_text().startswith("Gemeenteprogramma's van Samen Lokaal")
    page.locator("article").get_by_role("link", name="Samen Lokaal Zwolle", exact=True).click()
    page.wait_for_url(f"{base_url}zwolle/")
    assert page.locator("h1").first.inner_text().startswith("Gemeenteprogramma Zwolle")

    _search(page, "mantelzorg")
    first = page.locator("#zoek-resultaten .zoeken__titel").first
    assert "Mantelzorg" in first.inner_text()
    first.click()
    page.wait_for_url(f"{base_url}zwolle/themas/mantelzorg/**")
    assert page.locator("h1").first.inner_text().startswith("Mantelzorg")

    assert hosts == {"127.0.0.1"}
    assert errors == []
    context.close()


def test_handbook_downloads_are_served(browser: Browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{base_url}zwolle/")
    links = page.locator("a[download][href*='gemeenteprogramma']")
    assert links.count() == 4
    for index in range(4):
        href = links.nth(index).get_attribute("href") or ""
        response = page.request.get(f"{base_url}zwolle/{href}")
        assert response.status == 200, href
        assert len(response.body()) > 1000
    page.close()


def test_dutch_stemming_finds_other_word_forms(browser: Browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(f"{base_url}waadhoeke/")
    _search(page, "vrijwilliger")
    titles = page.locator("#zoek-resultaten .zoeken__titel").all_inner_texts()
    assert any("Vrijwilligers" in title for title in titles)
    page.close()


def test_portal_has_its_own_search(browser: Browser, base_url: str) -> None:
    page = browser.new_page()
    page.goto(base_url)
    _search(page, "beschermingsbewind")
    links = page.locator("#zoek-resultaten .zoeken__titel").evaluate_all("links => links.map(a => a.href)")
    assert any("bibliotheek/schulden/" in link for link in links), links
    page.close()


@pytest.mark.parametrize("slug", ["zwolle", "waadhoeke"])
def test_every_page_is_styled_after_asset_sharing(
    browser: Browser, base_url: str, built_site: Path, slug: str
) -> None:
    assert not (built_site / slug / "assets/javascripts").exists(), "theme assets are shared"
    assert not (built_site / slug / "assets/huisstijl.css").exists(), "and so are our stylesheets"
    assert not (built_site / slug / "404.html").exists(), "GitHub Pages shows the root's 404.html"
    failed: list[str] = []
    context = browser.new_context()
    context.on("response", lambda response: failed.append(response.url) if response.status >= 400 else None)
    # Leaving a page aborts what it was still loading (ERR_ABORTED); anything else is a failure.
    context.on(
        "requestfailed",
        lambda request: None if "ERR_ABORTED" in (request.failure or "") else failed.append(request.url),
    )
    page = context.new_page()
    pages = sorted((built_site / slug).rglob("index.html"))
    assert len(pages) >= 12
    for html in pages:
        path = html.parent.relative_to(built_site).as_posix()
        page.goto(f"{base_url}{path}/")
        header = page.locator("header.md-header")
        assert header.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(31, 93, 122)", path
        assert page.locator(".md-sidebar--primary").is_visible(), path
    _search(page, "schulden")
    assert page.locator("#zoek-resultaten > li").count() > 0
    assert failed == []
    context.close()

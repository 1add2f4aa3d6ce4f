"""A page prints well (issue 22, item 5): Chromium's print to PDF of a theme page gives its
address at the top, the text, every point and every source, each link's address after it, and
no menus, search or footer."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT
from playwright.sync_api import Browser, Page
from pypdf import PdfReader
from served import serve

from bouwstenen.build import site_url
from bouwstenen.compose import compose
from bouwstenen.load import load

THEME = "jeugd"
ADDRESS = f"{site_url('zwolle')}themas/{THEME}/"


@pytest.fixture(scope="module")
def base_url(built_site: Path) -> Iterator[str]:
    with serve(built_site) as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    context = browser.new_context()
    opened = context.new_page()
    opened.goto(f"{base_url}zwolle/themas/{THEME}/")
    yield opened
    context.close()


@pytest.fixture
def printed(page: Page, tmp_path: Path) -> list[str]:
    """The text of each page of the PDF that Chromium prints of the theme page."""
    pdf = tmp_path / f"{THEME}.pdf"
    page.pdf(path=str(pdf), format="A4")
    return [sheet.extract_text() for sheet in PdfReader(pdf).pages]


def _flat(text: str) -> str:
    """`text` without white space: a long address may break over lines on paper."""
    return re.sub(r"\s+", "", text)


def test_on_screen_the_address_is_hidden_and_the_print_style_waits_for_paper(page: Page) -> None:
    assert page.locator(".bouwstenen-adres").is_hidden()
    assert page.locator('link[href$="assets/druk.css"]').get_attribute("media") == "print"
    page.emulate_media(media="print")
    assert page.locator(".bouwstenen-adres").is_visible()
    for clutter in (".md-header", ".md-sidebar--primary", ".md-footer", ".md-top"):
        assert page.locator(clutter).first.is_hidden(), clutter


def test_the_printed_page_starts_with_its_own_address(printed: list[str]) -> None:
    first = " ".join(printed[0].split())
    assert f"Deze pagina staat op {ADDRESS}" in first
    assert first.index(ADDRESS) < first.index("Jeugd")
    assert first.startswith("Concept.")  # Zwolle's program is a concept, on paper too


def test_the_printed_page_has_the_text_every_point_and_every_source(printed: list[str]) -> None:
    text = " ".join(" ".join(printed).split())
    chapter = next(h for h in compose(load(ROOT), "zwolle").hoofdstukken if h.id == THEME)
    for point in chapter.standpunten:
        opening = " ".join(re.sub(r"[*_]", "", point.tekst).split()[:6])
        assert opening in text, opening
    for fact in (*chapter.feiten, *chapter.lokale_feiten):
        assert f"Bron: {fact.bron}" in text or _flat(fact.bron) in _flat(text), fact.bron
        if fact.url:
            assert f"({_flat(fact.url)})" in _flat(text), fact.url


def test_every_link_prints_its_full_address_after_it(page: Page, printed: list[str]) -> None:
    text = _flat(" ".join(printed))
    links = page.locator(".md-content a[href]").evaluate_all(
        """links => links
            .filter(a => !a.getAttribute("href").startsWith("#") && !a.closest(".headerlink"))
            .map(a => [a.textContent.trim(), a.getAttribute("href")])"""
    )
    assert len(links) > 5
    for label, href in links:
        if href.startswith("mailto:"):
            continue
        address = href if href.startswith("http") else _absolute(href)
        assert _flat(f"{label}({address})") in text, (label, address)


def _absolute(href: str) -> str:
    """Where a link within the site leads once published, from the theme page's address."""
    parts = ADDRESS.rstrip("/").split("/")
    for step in href.split("/"):
        if step == "..":
            parts.pop()
        elif step not in ("", "."):
            parts.append(step)
    return "/".join(parts) + ("/" if href.endswith("/") else "")


def test_no_menu_search_or_footer_on_paper(printed: list[str]) -> None:
    text = " ".join(" ".join(printed).split())
    for clutter in ("Ga naar inhoud", "Zoeken", "Vorige", "Volgende", "Home", "Over dit programma"):
        assert clutter not in text, clutter

"""Everything with the keyboard alone, on a phone too: the menu, the search, a point (WCAG 2.1.1,
2.4.3, 2.4.7, 2.4.11). In Chromium, on the examples served under a sub-path."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from served import serve

FOCUSED = """() => {
  const element = document.activeElement;
  const box = element.getBoundingClientRect();
  return {
    text: (element.getAttribute('aria-label') || element.textContent || '').trim().slice(0, 40),
    inside: box.right > 0 && box.left < window.innerWidth && box.width > 0,
  };
}"""


def _tab(page: Page) -> dict[str, object]:
    page.keyboard.press("Tab")
    page.wait_for_timeout(30)
    result: dict[str, object] = page.evaluate(FOCUSED)
    return result


def test_on_a_phone_the_keyboard_reaches_the_menu_and_never_an_unseen_link(
    built_site: Path, browser: Browser
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 700})
    with serve(built_site) as url:
        page.goto(f"{url}zwolle/themas/jeugd/")
        stops = [_tab(page) for _ in range(30)]
        assert [stop for stop in stops if not stop["inside"]] == []
        assert "Menu" in [stop["text"] for stop in stops]
        page.goto(f"{url}zwolle/themas/jeugd/")
        while _tab(page)["text"] != "Menu":
            pass
        button = page.locator("button.md-header__button[aria-controls='__drawer']")
        expect(button).to_have_attribute("aria-expanded", "false")
        page.keyboard.press("Enter")
        expect(button).to_have_attribute("aria-expanded", "true")
        page.wait_for_timeout(400)  # the menu slides in
        # The menu opens at the level of this page (Thema's): the focus on its back button,
        # then only what the panel shows.
        assert page.evaluate(FOCUSED) == {"text": "Thema's", "inside": True}
        menu = [_tab(page) for _ in range(5)]
        assert [stop["text"] for stop in menu] == [
            "Mantelzorg",
            "Jeugd",
            "Vrijwilligers",
            "Schulden en armoede",
            "Gezondheid, preventie en sociale basis",
        ]
        assert all(stop["inside"] for stop in menu)
        page.keyboard.press("Shift+Tab")
        while page.evaluate(FOCUSED)["text"] != "Thema's":
            page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")  # back up one level: the focus on the button that opens Thema's
        page.wait_for_timeout(400)
        assert page.evaluate(FOCUSED) == {"text": "Thema's", "inside": True}
        assert page.evaluate("document.activeElement.matches('label.md-nav__link')")
        page.keyboard.press("Escape")
        expect(button).to_be_focused()
        expect(button).to_have_attribute("aria-expanded", "false")
    page.close()


def test_from_the_portal_to_a_point_with_the_keyboard_alone(built_site: Path, browser: Browser) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    with serve(built_site) as url:
        page.goto(url)
        assert _tab(page)["text"] == "Ga naar inhoud"
        page.keyboard.press("/")
        page.wait_for_url(f"{url}zoeken/#zoekterm")
        expect(page.locator("#zoekterm")).to_be_focused()
        page.keyboard.type("noodfonds")
        expect(page.locator("#zoek-aantal")).to_contain_text("voor ‘noodfonds’")
        point = page.locator(".zoeken__punten a[href*='#']").first
        expect(point).to_be_visible()
        for _ in range(40):
            page.keyboard.press("Tab")
            if point.evaluate("element => element === document.activeElement"):
                break
        expect(point).to_be_focused()
        anchor = point.get_attribute("href").rsplit("#", 1)[1]  # type: ignore[union-attr]
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/themas/*/#{anchor}")
        top = page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top")
        assert 0 <= top < 400
    page.close()


FOCUS_SHOWN = """() => {
  const element = document.activeElement;
  if (element === document.body) return null;  // past the last stop: the browser's own bar
  const style = getComputedStyle(element);
  const ring = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const box = element.getBoundingClientRect();
  return {
    text: (element.getAttribute('aria-label') || element.textContent || element.name || '').trim().slice(0, 40),
    ring: ring || style.boxShadow !== 'none',
    inside: box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
  };
}"""


@pytest.mark.parametrize("path", ["", "samenstellen/", "zoeken/", "zwolle/", "zwolle/themas/jeugd/", "gids/"])
def test_the_focus_is_always_seen(built_site: Path, browser: Browser, path: str) -> None:
    """Forty presses of Tab on each page kind: every stop shows its focus and is on the screen."""
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    with serve(built_site) as url:
        page.goto(url + path)
        stops = []
        for _ in range(40):
            page.keyboard.press("Tab")
            page.wait_for_timeout(20)
            stops.append(page.evaluate(FOCUS_SHOWN))
        assert len([stop for stop in stops if stop]) >= 5
        assert [stop for stop in stops if stop and not (stop["ring"] and stop["inside"])] == []
    page.close()

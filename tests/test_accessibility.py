"""WCAG 2.2 AA on every kind of page, measured with axe-core (the rules for WCAG 2.0, 2.1 and
2.2, levels A and AA) in Chromium, at desktop and phone width.

axe-core is pinned in web/package-lock.json (with its integrity hash) and its one file is
vendored in tests/vendor/axe-core/ by `make vendor`; it is a test tool and never published.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run_cli
from playwright.sync_api import Browser
from served import serve

from bouwstenen import colours

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PAGES = {
    "portaal": "",
    "bibliotheek": "bibliotheek/schulden/",
    "home van een afdeling": "zwolle/",
    "themapagina": "zwolle/themas/mantelzorg/",
    "gids": "gids/valkuilen/",
    "over dit programma": "zwolle/over/",
    "in het kort": "zwolle/kort/",
    "begrippen": "zwolle/begrippen/",
    "zoeken op het portaal": "zoeken/?q=schuldhulp",
    "zoeken op een afdelingssite": "zwolle/zoeken/?q=mantelzorg",
    "samenstellen": "samenstellen/",
    "404": "404.html",
}
WIDTHS = {"desktop": 1280, "telefoon": 360}


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_wcag_violation(built_site: Path, browser: Browser, path: str, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    with serve(built_site) as url:
        page.goto(url + path)
        if "zoeken/" in path:  # the results, once they are there
            page.locator("#zoek-resultaten > li").first.wait_for()
        if path == "samenstellen/":  # the composer, once it has drawn itself
            page.locator("#samensteller select, #samensteller input").first.wait_for()
        page.add_script_tag(content=AXE.read_text("utf-8"))
        violations = page.evaluate(
            """async rules => (await axe.run(document, {runOnly: {type: 'tag', values: rules}}))
                .violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)""",
            RULES,
        )
    page.close()
    assert violations == []


def test_the_check_finds_a_link_told_apart_by_colour_alone(built_site: Path, browser: Browser) -> None:
    """The measure itself: without the underline the theme's links fail WCAG 1.4.1 again."""
    page = browser.new_page()
    with serve(built_site) as url:
        page.goto(url + "zwolle/over/")
        page.add_style_tag(content=".md-typeset a { text-decoration: none !important; }")
        page.add_script_tag(content=AXE.read_text("utf-8"))
        found = page.evaluate(
            "async rules => (await axe.run(document, {runOnly: {type: 'tag', values: rules}}))"
            ".violations.map(v => v.id)",
            RULES,
        )
    page.close()
    assert "link-in-text-block" in found


def test_the_vendored_axe_is_the_one_in_the_package_lock() -> None:
    lock = json.loads((Path(__file__).parent.parent / "web" / "package-lock.json").read_text("utf-8"))
    version = lock["packages"]["node_modules/axe-core"]["version"]
    assert f"axe v{version}" in AXE.read_text("utf-8")[:200]
    assert (AXE.parent / "LICENSE").is_file()


@pytest.mark.parametrize(
    ("name", "colour", "message"),
    [
        (
            "primair",
            "#7fb3d5",
            "content/partij.yml:7: de kleur '#7fb3d5' (primair: de kopbalk achter witte tekst en de links)"
            " heeft te weinig contrast met wit: 2,2 : 1, en nodig is 4,5 : 1 — kies een donkerdere kleur,"
            " bijvoorbeeld '#377ba8' (dezelfde tint, 4,6 : 1)",
        ),
        (
            "accent",
            "#ffd700",
            "content/partij.yml:8: de kleur '#ffd700' (accent: links onder de muis, de focusrand en de"
            " lijnen in het handboek) heeft te weinig contrast met wit: 1,4 : 1, en nodig is 3,0 : 1 — kies"
            " een donkerdere kleur, bijvoorbeeld '#ad9200' (dezelfde tint, 3,0 : 1)",
        ),
    ],
)
def test_a_party_colour_with_too_little_contrast_is_named_with_a_nearby_one(
    repo: Path, name: str, colour: str, message: str
) -> None:
    party = repo / "content/partij.yml"
    text = party.read_text("utf-8")
    old = {"primair": '"#1f5d7a"', "accent": '"#c2561a"'}[name]
    assert f"{name}: {old}" in text
    party.write_text(text.replace(f"{name}: {old}", f'{name}: "{colour}"'), "utf-8")
    run = run_cli("--map", str(repo), "controleer")
    assert run.status == 2
    assert message in run.lines


def test_the_proposed_colour_passes_and_the_partys_own_do() -> None:
    assert colours.shortfall("#1f5d7a", 4.5) is None and colours.shortfall("#c2561a", 3.0) is None
    proposal = colours.shortfall("#7fb3d5", 4.5)
    assert proposal is not None and colours.contrast(proposal.proposal, colours.WHITE) >= 4.5
    assert colours.contrast("#000000", "#ffffff") == pytest.approx(21)

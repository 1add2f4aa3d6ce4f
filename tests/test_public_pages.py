"""The public pages show the program: no instructions for volunteers, no dropped points
unless the party turns that on (`weggelaten_tonen` in content/partij.yml)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import ROOT

from bouwstenen.compose import Edition, compose
from bouwstenen.load import load
from bouwstenen.render import render

INSTRUCTION = "Controleer oude cijfers"
SLUGS = ("utrecht", "waadhoeke", "zwolle")


def _pages(folder: Path) -> list[Path]:
    """The HTML pages of a site, without the handbooks (for the committee) in downloads/."""
    return [path for path in sorted(folder.rglob("*.html")) if "downloads" not in path.parts]


def _text(path: Path) -> str:
    return " ".join(BeautifulSoup(path.read_text("utf-8"), "html.parser").get_text(" ").split())


def test_no_page_tells_voters_to_check_old_figures(built_site: Path) -> None:
    pages = _pages(built_site)
    assert len(pages) > 50
    assert [path for path in pages if INSTRUCTION in _text(path)] == []


def test_no_branch_page_shows_the_text_of_a_point_it_dropped(built_site: Path) -> None:
    library = load(ROOT)
    for slug in SLUGS:
        dropped = [p.tekst for h in compose(library, slug).hoofdstukken for p in h.weggelaten]
        assert dropped, slug  # every example branch drops at least one national point
        texts = {path: _text(path) for path in _pages(built_site / slug)}
        for text in dropped:
            start = " ".join(text.split())[:50]
            assert [path for path, page in texts.items() if start in page] == [], (slug, start)
        over = texts[built_site / slug / "over" / "index.html"]
        assert "Weggelaten" not in over
        assert "Dit programma is gemaakt met de landelijke bouwstenen van Samen Lokaal." in over


def _over(edition: Edition, shown: bool) -> str:
    """The page 'Over dit programma' as render makes it, with `weggelaten_tonen` set to `shown`."""
    party = dataclasses.replace(edition.partij, weggelaten_tonen=shown)
    site = render(dataclasses.replace(edition, partij=party))
    return next(page.text for page in site.pages if page.path == "over.md")


def test_the_party_can_list_the_dropped_points_on_over() -> None:
    edition = compose(load(ROOT), "zwolle")
    dropped = [p.tekst for h in edition.hoofdstukken for p in h.weggelaten]
    shown, hidden = _over(edition, True), _over(edition, False)
    assert "| Thema | Landelijke standpunten | Weggelaten | Eigen standpunten |" in shown
    assert "| Thema | Landelijke standpunten | Eigen standpunten |" in hidden
    for text in dropped:
        assert f"- Weggelaten: {text.split()[0]}" in shown
    assert "Weggelaten" not in hidden

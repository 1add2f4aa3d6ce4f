"""Every point findable: its own anchor `#<id>` on every site, its id shown in the library."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup, Tag
from conftest import ROOT, run_cli

from bouwstenen.compose import Point, compose, compose_library
from bouwstenen.load import load
from bouwstenen.names import stem

BRANCH = "content/afdelingen/dorp.yml"
CARD = "themes/armoede.yml"


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _point_items(page: BeautifulSoup) -> list[Tag]:
    """The list items of the points: the first list after the heading 'Standpunten'."""
    heading = page.select_one("article h2#standpunten")
    assert heading is not None
    points = heading.find_next("ol")
    assert isinstance(points, Tag)
    return points.find_all("li", recursive=False)


def _check_anchors(page: BeautifulSoup, points: tuple[Point, ...]) -> list[Tag]:
    """Each point has exactly one element with its id, inside its own list item, in order."""
    items = _point_items(page)
    assert len(items) == len(points)
    for item, point in zip(items, points, strict=True):
        found = page.find_all(id=point.id)
        assert len(found) == 1, point.id
        assert item in found[0].parents, point.id
    ids = [element["id"] for element in page.find_all(id=True)]
    assert len(ids) == len(set(ids)), "an id on the page twice"
    return items


def test_every_point_of_a_branch_page_has_its_own_anchor(built_site: Path) -> None:
    library = load(ROOT)
    own = 0
    for branch in library.branches:
        edition = compose(library, stem(branch.path))
        for chapter in edition.hoofdstukken:
            page = _soup(built_site / edition.slug / "themas" / chapter.id / "index.html")
            items = _check_anchors(page, chapter.standpunten)
            own += sum(point.lokaal for point in chapter.standpunten)
            assert not page.select(".standpunt-id"), "ids show only in the library"
            assert all("id:" not in item.get_text() for item in items)
    assert own >= 3, "the real branches have own points (eigen_standpunten)"


def test_the_library_shows_each_point_with_its_id(built_site: Path) -> None:
    library = compose_library(load(ROOT))
    for chapter in library.hoofdstukken:
        page = _soup(built_site / "bibliotheek" / chapter.id / "index.html")
        items = _check_anchors(page, chapter.standpunten)
        for item, point in zip(items, chapter.standpunten, strict=True):
            label = item.select_one("small.standpunt-id")
            assert label is not None, point.id
            assert " ".join(label.get_text(" ").split()) == f"id: {point.id}"
            code = label.select_one("code")
            assert code is not None
            assert code.get_text() == point.id


def test_a_link_to_a_point_opens_exactly_that_point(built_site: Path) -> None:
    base = "https://example.org/"
    point = "mantelzorgwaardering-zonder-aanvraag"  # an own point of zwolle
    for url in (
        f"{base}zwolle/themas/mantelzorg/#{point}",
        f"{base}bibliotheek/jeugd/#voorschool-voor-alle-peuters",
    ):
        parsed = urlparse(urljoin(base, url))
        page = _soup(built_site / parsed.path.strip("/") / "index.html")
        targets = page.find_all(id=parsed.fragment)
        assert len(targets) == 1, url
        item = targets[0].find_parent("li")
        assert item is not None
        assert item in _point_items(page)


def _problems(mini: Path) -> list[str]:
    run = run_cli("--map", str(mini), "controleer")
    assert run.status == 2
    return [line for line in run.lines if not line.startswith("fout:")]


def test_a_point_id_that_is_a_heading_anchor_is_refused(mini: Path) -> None:
    card = (mini / CARD).read_text("utf-8")
    (mini / CARD).write_text(
        card.replace("- id: kindpakket", "- id: standpunten").replace("- id: schuldhulp", "- id: armoede"),
        "utf-8",
    )
    branch = (mini / BRANCH).read_text("utf-8")
    branch = branch.replace("- kindpakket", "- standpunten").replace(
        "- id: eigen-punt", "- id: cijfers-uit-dorp"
    )
    (mini / BRANCH).write_text(branch, "utf-8")
    hint = "geef het standpunt een andere id, bijvoorbeeld"
    assert _problems(mini) == [
        f"{BRANCH}:11: de id 'cijfers-uit-dorp' is al het adres van een kopje op de themapagina — {hint}"
        " 'punt-cijfers-uit-dorp'",
        f"{CARD}:8: de id 'standpunten' is al het adres van een kopje op de themapagina — {hint} 'punt-standpunten'",
        f"{CARD}:10: de id 'armoede' is al het adres van een kopje op de themapagina — {hint} 'punt-armoede'",
    ]


def test_a_branch_title_that_is_the_anchor_of_a_point_is_refused(mini: Path) -> None:
    branch = (mini / BRANCH).read_text("utf-8")
    (mini / BRANCH).write_text(
        branch.replace("- kaart: armoede\n", "- kaart: armoede\n    titel: Schuldhulp\n"), "utf-8"
    )
    assert _problems(mini) == [
        f"{BRANCH}:8: de titel 'Schuldhulp' krijgt op de site het adres '#schuldhulp', en dat is al de id van een"
        " standpunt — maak de titel iets langer of anders, zodat hij niet gelijk is aan de id van een standpunt",
    ]

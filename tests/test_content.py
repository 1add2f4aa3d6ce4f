"""The real library: every card is complete and every figure has a source and a year."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from typing import Any

import pytest
from conftest import ROOT

from bouwstenen import warnings
from bouwstenen.compose import compose_library
from bouwstenen.load import load
from bouwstenen.render import render_portal
from bouwstenen.validate import validate

LIBRARY = load(ROOT)
CARDS = {card.data["id"]: card.data for card in LIBRARY.themes}
EXPECTED_CARDS = {
    "jeugd", "schulden", "vrijwilligers", "mantelzorg",
    "statushouders", "preventie", "toegang", "kwaliteit",
}  # fmt: skip


def test_library_is_valid() -> None:
    assert validate(LIBRARY) == []
    assert set(CARDS) == EXPECTED_CARDS
    assert len(LIBRARY.branches) == 3


@pytest.mark.parametrize("card_id", sorted(EXPECTED_CARDS))
def test_card_is_complete(card_id: str) -> None:
    card = CARDS[card_id]
    assert 4 <= len(card["standpunten"]) <= 8
    assert card["feiten"], "every card has facts"
    for fact in card["feiten"]:
        assert fact["bron"].strip() and isinstance(fact["jaar"], int), fact
    sentences = re.findall(r"[.!?](\s|$)", card["samenvatting"].strip())
    assert 2 <= len(sentences) <= 3, card["samenvatting"]
    assert card.get("gids"), "every card links to the guide"


def test_no_placeholder_text_anywhere() -> None:
    pattern = re.compile(r"lorem|ipsum|TODO|FIXME|xxx|\.\.\.", re.IGNORECASE)
    files = [*ROOT.glob("themes/*.yml"), *ROOT.glob("content/**/*.yml"), *ROOT.glob("content/gids/*.md")]
    for path in files:
        text = path.read_text("utf-8")
        body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
        assert not pattern.search(body), f"{path}: {pattern.search(body)}"


def test_every_example_branch_uses_the_features() -> None:
    for branch in LIBRARY.branches:
        data = branch.data
        choices = data["themas"]
        assert "{{ gemeente.naam }}" in data["voorwoord"]
        assert any("weglaten" in c or "standpunten" in c for c in choices), branch.path
        assert any(c.get("eigen_standpunten") for c in choices), branch.path
        assert data["gemeente"].get("feiten") or any(c.get("lokale_feiten") for c in choices)
    orders = {tuple(c["kaart"] for c in b.data["themas"]) for b in LIBRARY.branches}
    assert len(orders) == 3, "each example branch has its own selection and order"


# No pledge twice: the same point may not stand on two cards in other words. The measure
# is a weighted word overlap (TF-IDF cosine) of a point's tekst and toelichting: Dutch stop
# words left out, simple stems, rare words weighing more than common ones. Before issue 16
# the library had six such pairs (0.26-0.34, and one point id on two cards); since then no
# pair reaches 0.24.
NEAR_DUPLICATE = 0.25
_STOP = frozenset(
    {
        "de", "het", "een", "en", "van", "in", "op", "te", "voor", "met", "die", "dat", "is", "zijn",
        "er", "aan", "als", "ook", "of", "om", "niet", "bij", "door", "naar", "wat", "wie", "zo", "we",
        "ze", "zij", "hij", "hun", "haar", "dan", "maar", "nog", "al", "tot", "uit", "over", "wordt",
        "worden", "kan", "kunnen", "heeft", "hebben", "krijgen", "krijgt", "elk", "elke", "gemeente",
    }
)  # fmt: skip


def _stems(text: str) -> set[str]:
    words = re.findall(r"[^\W\d_]+", text.replace("{{ gemeente.naam }}", "").lower())
    return {_stem(w) for w in words if w not in _STOP and len(w) > 2}


def _stem(word: str) -> str:
    return next((word[: -len(end)] for end in ("en", "s", "e") if word.endswith(end) and len(word) > 4), word)


def _all_points(cards: dict[str, Any]) -> dict[str, str]:
    return {
        f"{card_id}/{point['id']}": f"{point['tekst']} {point.get('toelichting', '')}"
        for card_id, card in sorted(cards.items())
        for point in card["standpunten"]
    }


def near_duplicates(points: dict[str, str]) -> list[tuple[float, str, str]]:
    """Pairs of points at or above NEAR_DUPLICATE, or with the same id on two cards."""
    stems = {key: _stems(text) for key, text in points.items()}
    spread = Counter(word for words in stems.values() for word in words)
    vectors = {key: {w: math.log(len(stems) / spread[w]) for w in words} for key, words in stems.items()}
    found = []
    for first, second in itertools.combinations(sorted(vectors), 2):
        a, b = vectors[first], vectors[second]
        size = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
        score = sum(v * b.get(w, 0.0) for w, v in a.items()) / size if size else 0.0
        if score >= NEAR_DUPLICATE or first.split("/")[1] == second.split("/")[1]:
            found.append((round(score, 2), first, second))
    return found


def test_no_pledge_stands_on_two_cards() -> None:
    assert near_duplicates(_all_points(CARDS)) == []


OLD_DUPLICATE = {
    "tekst": "Jonge vluchtelingen die zonder ouders in Nederland zijn en 18 worden, houden een vaste"
    " jongerenwerker of begeleider. De hulp stopt niet op hun verjaardag.",
    "toelichting": "Als je 18 wordt, stopt veel hulp in één keer. Juist dan hebben deze jongeren iemand"
    " nodig die hen blijft opzoeken. Jongerenwerkers werken daarvoor samen met wijkteams, politie en zorg.",
}
"""statushouders/jongeren-niet-loslaten before issue 16: the same pledge as jeugd/jonge-vluchtelingen-na-18."""


def test_the_duplicate_measure_finds_a_pledge_on_two_cards() -> None:
    cards = {**CARDS, "statushouders": {**CARDS["statushouders"]}}
    cards["statushouders"]["standpunten"] = [
        *cards["statushouders"]["standpunten"],
        {"id": "jongeren-niet-loslaten", **OLD_DUPLICATE},
        {
            "id": "vrijwilligerswerk-voor-iedereen",
            "tekst": "Statushouders kunnen meteen vrijwilligerswerk doen.",
        },
    ]
    pairs = {(first, second) for _, first, second in near_duplicates(_all_points(cards))}
    assert pairs == {
        ("jeugd/jonge-vluchtelingen-na-18", "statushouders/jongeren-niet-loslaten"),
        ("statushouders/vrijwilligerswerk-voor-iedereen", "vrijwilligers/vrijwilligerswerk-voor-iedereen"),
    }


def test_every_guide_page_links_to_a_theme() -> None:
    listed = {slug for card in CARDS.values() for slug in card["gids"]}
    pages = {page.slug for page in LIBRARY.guide}
    assert pages - listed == {"index"}, "the index is the table of contents; every other page has a theme"
    site = render_portal([], compose_library(LIBRARY))
    for page in site.pages:
        if page.path.startswith("gids/") and page.path != "gids/index.md":
            assert re.search(r"\]\(\.\./bibliotheek/[a-z-]+\.md\)", page.text), page.path


def test_the_duplicate_warning_finds_no_pair_in_the_library_and_the_old_one_again() -> None:
    """The measure `controleer` warns with (bouwstenen.warnings) agrees with this file's."""
    assert warnings.library_duplicates(LIBRARY) == []
    jeugd = next(p for p in CARDS["jeugd"]["standpunten"] if p["id"] == "jonge-vluchtelingen-na-18")
    first = warnings.Taken("jeugd", jeugd["id"], jeugd["tekst"], 0)
    second = warnings.Taken("statushouders", "jongeren-niet-loslaten", OLD_DUPLICATE["tekst"], 1)
    assert warnings.similarity(first, second) >= warnings.SIMILAR

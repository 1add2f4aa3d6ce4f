"""The real library: every card is complete and every figure has a source and a year."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

from bouwstenen.load import load
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

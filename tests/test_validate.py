"""Validate: cross-references are checked even where the schema also finds a problem."""

from __future__ import annotations

import datetime
from pathlib import Path

from bouwstenen.load import load
from bouwstenen.validate import validate

BRANCH = "content/afdelingen/dorp.yml"
NEXT_YEAR = datetime.date.today().year + 1


def _messages(root: Path, file: str) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for problem in validate(load(root)):
        if problem.file == file:
            found.setdefault(problem.line, []).append(problem.message)
    return found


def test_odd_shapes_do_not_hide_the_parts_that_are_right(mini: Path) -> None:
    (mini / BRANCH).write_text(
        "afdeling: Testpartij Dorp\n"
        "gemeente:\n"
        "  naam: Dorp\n"
        f"  feiten: [{{tekst: Dorp telt 5.000 inwoners., bron: CBS, jaar: {NEXT_YEAR}}}, 7]\n"
        "voorwoord: Welkom in { gemeente.naam }, van ons allemaal.\n"
        "themas:\n"
        "  - 5\n"
        "  - kaart: 7\n"
        "  - kaart: jeugt\n"
        "    weglaten: kindpakket\n"
        "  - kaart: armoede\n"
        "    weglaten: [kindpakket, schuldhulp, 3]\n"
        "    eigen_standpunten: [zomaar]\n"
        "    lokale_feiten:\n"
        f"      - {{tekst: Een cijfer uit de toekomst., bron: CBS, jaar: {NEXT_YEAR}}}\n",
        "utf-8",
    )
    found = _messages(mini, BRANCH)
    assert f"het jaar {NEXT_YEAR} ligt in de toekomst" in found[4]
    assert "enkele accolades: { gemeente.naam } komt zo letterlijk op de website" in found[5]
    assert "onbekende themakaart 'jeugt' (in themes/)" in found[9]
    assert "'weglaten' moet een lijst zijn, maar is tekst" in found[10]
    assert f"het jaar {NEXT_YEAR} ligt in de toekomst" in found[15]
    assert not any("blijft geen enkel standpunt over" in m for m in found[12]), "eigen standpunten count"


def test_a_card_with_every_point_dropped_only_when_nothing_is_left(mini: Path) -> None:
    text = (
        (mini / BRANCH)
        .read_text("utf-8")
        .replace("      - kindpakket\n", "      - kindpakket\n      - schuldhulp\n")
    )
    (mini / BRANCH).write_text(text, "utf-8")
    assert _messages(mini, BRANCH) == {}, "an own point is left"
    own = "    eigen_standpunten:\n      - id: eigen-punt\n        tekst: Een eigen punt van {{ gemeente.naam }}.\n"
    assert own in text
    (mini / BRANCH).write_text(text.replace(own, "    eigen_standpunten: []\n"), "utf-8")
    assert _messages(mini, BRANCH) == {8: ["van de kaart 'armoede' blijft geen enkel standpunt over"]}

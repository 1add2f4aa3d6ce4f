"""Titles of examples fill in their variables; a year is a whole number; a card id is no page name."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from bouwstenen.compose import compose
from bouwstenen.load import load
from bouwstenen.render import render
from bouwstenen.validate import validate

CARD = "themes/armoede.yml"
EXAMPLE = """voorbeelden:
  - titel: Schuldhulp in {{ gemeente.naam }} van {{ partij.naam }}
    tekst: In {{ gemeente.naam }} werkt het al.
"""


def _change(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def test_the_title_of_an_example_fills_in_its_variables(mini: Path) -> None:
    before = validate(load(mini))
    card = mini / CARD
    card.write_text(card.read_text("utf-8") + EXAMPLE, "utf-8")
    assert validate(load(mini)) == before, "the example's variables are fine"
    edition = compose(load(mini), "dorp")
    (example,) = next(h for h in edition.hoofdstukken if h.id == "armoede").voorbeelden
    assert (example.titel, example.tekst) == ("Schuldhulp in Dorp van Testpartij", "In Dorp werkt het al.")
    page = next(page.text for page in render(edition).pages if page.path == "themas/armoede.md")
    assert "Schuldhulp in Dorp van Testpartij" in page and "{{" not in page


def test_a_year_with_a_decimal_point_is_refused(mini: Path) -> None:
    _change(mini, CARD, "jaar: 2017", "jaar: 2017.0")
    _change(mini, "content/afdelingen/dorp.yml", "jaar: 2023", "jaar: 2023.0")
    run = run_cli("--map", str(mini), "controleer")
    assert run.status == 2
    hint = "schrijf alleen het getal, zonder aanhalingstekens, bijvoorbeeld 2017"
    assert (
        f"content/afdelingen/dorp.yml:16: 'jaar' moet een geheel getal zijn, maar is een kommagetal — {hint}"
        in run.lines
    )
    assert (
        f"themes/armoede.yml:16: 'jaar' moet een geheel getal zijn, maar is een kommagetal — {hint}"
        in run.lines
    )


def test_a_card_cannot_be_called_index(mini: Path) -> None:
    card = (mini / CARD).read_text("utf-8").replace("id: armoede", "id: index")
    (mini / "themes/index.yml").write_text(card, "utf-8")
    run = run_cli("--map", str(mini), "controleer")
    assert run.status == 2
    assert (
        "themes/index.yml:2: de id 'index' is al in gebruik door de website zelf"
        " — geef de kaart een andere id en het bestand dezelfde naam, bijvoorbeeld 'thema-index'"
    ) in run.lines

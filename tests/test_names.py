"""Names: a web address from a Dutch name, as a reader expects it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bouwstenen.load import load
from bouwstenen.names import SLUG, same_name, slugify
from bouwstenen.scaffold import ScaffoldError, write_branch


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Súdwest-Fryslân", "sudwest-fryslan"),
        ("'s-Hertogenbosch", "s-hertogenbosch"),
        ("\u2019s-Gravenhage", "s-gravenhage"),
        ("Den Haag", "den-haag"),
        ("Bergen (NH)", "bergen-nh"),
        ("Noardeast-Fryslân", "noardeast-fryslan"),
        ("  Sint-Michielsgestel  ", "sint-michielsgestel"),
        ("Ĳsselstein", "ijsselstein"),
        ("Groß Gerau", "gross-gerau"),
        ("Nuenen, Gerwen en Nederwetten", "nuenen-gerwen-en-nederwetten"),
    ],
)
def test_slugify_makes_the_address_a_reader_expects(name: str, slug: str) -> None:
    assert slugify(name) == slug
    assert SLUG.match(slug)


@pytest.mark.parametrize(("name", "slug"), [("2e Exloërmond", "afdeling-2e-exloermond"), ("---", "afdeling")])
def test_slugify_always_gives_a_valid_slug(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_same_name_ignores_case_and_spaces() -> None:
    assert same_name("Samen  Lokaal zwolle ") == same_name("samen lokaal Zwolle")


def test_new_suggests_the_slug_of_the_municipality(mini: Path) -> None:
    with pytest.raises(ScaffoldError, match=r"bijvoorbeeld 'sudwest-fryslan'$"):
        write_branch(mini, load(mini), "Súdwest-Fryslân", "Súdwest-Fryslân")


def test_new_refuses_a_branch_name_that_is_taken(mini: Path) -> None:
    branch = mini / "content/afdelingen/dorp.yml"
    branch.write_text(branch.read_text("utf-8").replace("Testpartij Dorp", "Afdeling Dorp"), "utf-8")
    with pytest.raises(ScaffoldError) as refused:
        write_branch(mini, load(mini), "dorp-twee", "Dorp")
    assert str(refused.value) == (
        "de afdeling 'Afdeling Dorp' heeft al een bestand: content/afdelingen/dorp.yml — geef die afdeling"
        " eerst een andere naam (bij afdeling:), of kies een andere --gemeente"
    )
    assert not (mini / "content/afdelingen/dorp-twee.yml").exists()

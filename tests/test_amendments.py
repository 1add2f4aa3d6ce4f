"""Amendments for the members' meeting: checked on their line, adopted ones applied exactly,
and a document with the concept's text beside the proposed one."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run_cli
from pypdf import PdfReader

AMENDMENTS = "content/afdelingen/dorp.amendementen.yml"
HEADER = "# yaml-language-server: $schema=../../schemas/amendementen.schema.json\namendementen:\n"
ITEMS = {
    "wijzigen": """\
  - nummer: 1
    indieners: [Jan Jansen]
    over: "1.1"
    soort: wijzigen
    tekst: Schuldhulp binnen twee dagen in {{ gemeente.naam }}, ook in het weekend.
    toelichting: Twee dagen is haalbaar, dat laat het buurdorp zien.
    besluit: aangenomen
""",
    "toevoegen": """\
  - nummer: 2
    indieners: [Fatima el Amrani, Piet de Vries]
    over: nieuw na 1.2
    soort: toevoegen
    tekst: Elk kind in {{ gemeente.naam }} leert gratis zwemmen.
    toelichting: Zwemmen is een kwestie van veiligheid.
    besluit: aangenomen
""",
    "schrappen": """\
  - nummer: 3
    indieners: [Kees Bakker]
    over: eigen-punt
    soort: schrappen
    toelichting: Dit punt is te vaag voor een programma.
    besluit: aangenomen
""",
    "inleiding": """\
  - nummer: 4
    indieners: [Jan Jansen]
    over: inleiding 2
    soort: wijzigen
    tekst: Kinderen in {{ gemeente.naam }} groeien veilig en gezond op.
    toelichting: Veiligheid hoort in de inleiding.
    besluit: aangenomen
""",
    "verworpen": """\
  - nummer: 5
    indieners: [Anna de Wit]
    over: "2.1"
    soort: schrappen
    toelichting: De voorschool is al geregeld, vindt de indiener.
    besluit: verworpen
""",
}


def _write(root: Path, *kinds: str) -> None:
    (root / AMENDMENTS).write_text(HEADER + "".join(ITEMS[kind] for kind in kinds), "utf-8")


def _page(root: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((root / "site" / "dorp" / path / "index.html").read_text("utf-8"), "html.parser")


def _points(root: Path, card: str) -> list[str]:
    article = _page(root, f"themas/{card}").select_one("article")
    return [" ".join(item.get_text(" ", strip=True).split()) for item in article.select("ol > li")]


def test_each_kind_of_adopted_amendment_is_applied_exactly(mini: Path) -> None:
    before = run_cli("--map", str(mini))
    assert before.status == 0
    assert _points(mini, "armoede") == [
        "Schuldhulp binnen drie dagen in Dorp. Wie snel hulp krijgt, komt er sneller uit.",
        "Eigen standpunt van de afdeling: Een eigen punt van Dorp.",
    ]
    _write(mini, "wijzigen", "toevoegen", "schrappen", "inleiding", "verworpen")
    assert run_cli("--map", str(mini), "controleer").status == 0
    assert run_cli("--map", str(mini)).status == 0
    assert _points(mini, "armoede") == [
        "Schuldhulp binnen twee dagen in Dorp, ook in het weekend. Wie snel hulp krijgt, komt er sneller uit.",
        "Eigen standpunt van de afdeling: Elk kind in Dorp leert gratis zwemmen.",
    ]
    assert _points(mini, "jeugd") == ["Elke peuter kan naar de voorschool."]  # 5 was voted down
    jeugd = _page(mini, "themas/jeugd").get_text(" ", strip=True)
    assert "Kinderen in Dorp groeien veilig en gezond op." in jeugd
    handbook = (mini / "site/dorp/downloads/dorp-gemeenteprogramma.md").read_text("utf-8")
    assert "**1.1** Schuldhulp binnen twee dagen in Dorp, ook in het weekend." in handbook
    assert "**1.2** *(eigen standpunt)* Elk kind in Dorp leert gratis zwemmen." in handbook
    assert "Een eigen punt van Dorp" not in handbook


def test_over_and_the_handbook_list_the_adopted_amendments(mini: Path) -> None:
    _write(mini, "wijzigen", "verworpen")
    assert run_cli("--map", str(mini)).status == 0
    over = _page(mini, "over")
    heading = next(h2 for h2 in over.select("h2") if h2.get_text().startswith("Aangenomen amendementen"))
    listed = [" ".join(li.get_text(" ", strip=True).split()) for li in heading.find_next("ul").select("li")]
    assert listed == ["Amendement 1 (wijzigen, standpunt 1.1 van het concept), ingediend door Jan Jansen."]
    handbook = (mini / "site/dorp/downloads/dorp-gemeenteprogramma.md").read_text("utf-8")
    assert "# Aangenomen amendementen {.unnumbered}" in handbook
    assert "Amendement 5" not in handbook


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as opened:
        xml = opened.read("word/document.xml").decode("utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", xml).split())


def test_the_document_for_the_members_meeting(mini: Path) -> None:
    _write(mini, "wijzigen", "toevoegen", "verworpen")
    assert run_cli("--map", str(mini)).status == 0
    downloads = mini / "site/dorp/downloads"
    links = {a["href"] for a in _page(mini, "").select("a[download]")}
    assert {"downloads/dorp-amendementen.pdf#", "downloads/dorp-amendementen.docx#"} <= links
    pdf = " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(downloads / "dorp-amendementen.pdf").pages
    )
    docx = _docx_text(downloads / "dorp-amendementen.docx")
    for text in (pdf, docx):
        for expected in (
            "Amendement 1: wijzigen, standpunt 1.1",
            "Nu in het concept",
            "Voorgesteld",
            "Schuldhulp binnen drie dagen in Dorp.",
            "Schuldhulp binnen twee dagen in Dorp, ook in het weekend.",
            "Twee dagen is haalbaar, dat laat het buurdorp zien.",
            "Amendement 2: toevoegen, nieuw standpunt na 1.2",
            "(een nieuw standpunt)",
            "Elk kind in Dorp leert gratis zwemmen.",
            "Ingediend door Fatima el Amrani, Piet de Vries.",
            "Amendement 5: schrappen, standpunt 2.1",
            "(schrappen)",
            "Onthouding",
        ):
            assert expected in text, expected
    assert not (downloads / "dorp-amendementen.md").exists()


MISTAKES = [
    (
        ITEMS["wijzigen"].replace('"1.1"', '"1.9"'),
        f"{AMENDMENTS}:5: er is geen standpunt 1.9: hoofdstuk 1 heeft 2 standpunten",
    ),
    (
        ITEMS["wijzigen"].replace('"1.1"', "kindpakket"),
        f"{AMENDMENTS}:5: er is geen standpunt 'kindpakket' in dit programma",
    ),
    (
        ITEMS["inleiding"].replace("inleiding 2", "inleiding 7"),
        f"{AMENDMENTS}:5: er is geen hoofdstuk 7: het programma heeft er 2",
    ),
    (
        ITEMS["wijzigen"].replace('"1.1"', "waar het over gaat"),
        f"{AMENDMENTS}:5: 'over' is niet te lezen: 'waar het over gaat'",
    ),
    (
        ITEMS["wijzigen"].replace("besluit: aangenomen", "besluit: uitgesteld"),
        f"{AMENDMENTS}:9: 'besluit' kan niet 'uitgesteld' zijn — kies 'open' of 'aangenomen' of 'verworpen' of 'ingetrokken'",
    ),
    (
        ITEMS["toevoegen"].replace("nieuw na 1.2", '"1.2"'),
        f"{AMENDMENTS}:5: een amendement om te toevoegen kan niet over '1.2' gaan — schrijf bij 'over' waar het"
        " nieuwe standpunt komt: 'nieuw na 3.2'",
    ),
    (
        ITEMS["wijzigen"].replace(
            "    tekst: Schuldhulp binnen twee dagen in {{ gemeente.naam }}, ook in het weekend.\n", ""
        ),
        f"{AMENDMENTS}:3: bij wijzigen hoort een voorgestelde tekst — zet de nieuwe tekst onder 'tekst:'",
    ),
    (
        ITEMS["wijzigen"] + ITEMS["wijzigen"].replace("Jan Jansen", "Els Smit").replace('"1.1"', '"2.1"'),
        f"{AMENDMENTS}:10: amendement 1 staat er twee keer (eerder op regel 3) — geef elk amendement een eigen nummer",
    ),
    (
        ITEMS["wijzigen"] + ITEMS["wijzigen"].replace("nummer: 1", "nummer: 6"),
        f"{AMENDMENTS}:16: amendement 6 en amendement 1 zijn allebei aangenomen en gaan over dezelfde tekst"
        " — er kan er maar één worden aangenomen; verbeter het besluit",
    ),
]


@pytest.mark.parametrize(("items", "message"), MISTAKES)
def test_each_mistake_in_an_amendment_is_named_on_its_line(mini: Path, items: str, message: str) -> None:
    (mini / AMENDMENTS).write_text(HEADER + items, "utf-8")
    run = run_cli("--map", str(mini), "controleer")
    assert run.status == 2
    mistakes = [line for line in run.lines if not line.startswith("let op: ")]
    assert len(mistakes) == 2 and mistakes[0].startswith(message), mistakes  # the problem, the summary


def test_amendments_without_a_branch_are_named(mini: Path) -> None:
    (mini / "content/afdelingen/stad.amendementen.yml").write_text(HEADER + ITEMS["wijzigen"], "utf-8")
    run = run_cli("--map", str(mini), "controleer")
    assert next(line for line in run.lines if not line.startswith("let op: ")) == (
        "content/afdelingen/stad.amendementen.yml: bij deze amendementen hoort geen afdeling 'stad'"
        " — zet het bestand content/afdelingen/stad.yml terug, of haal dit bestand weg"
    )

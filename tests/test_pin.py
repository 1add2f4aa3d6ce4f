"""Pinned texts: `vastleggen` keeps a branch's program as it is, whatever the library does later."""

from __future__ import annotations

from pathlib import Path

import yaml
from conftest import run_cli, tree

CARD = "themes/armoede.yml"
BRANCH = "content/afdelingen/dorp.yml"
PINS = "content/afdelingen/dorp.vastgelegd.yml"
OLD = "Elk kind krijgt een kindpakket voor sport en cultuur."
NEW = "Elk kind krijgt elk jaar een pakket voor sport, muziek en cultuur."
POINT = "Schuldhulp binnen drie dagen in {{ gemeente.naam }}."


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), "utf-8")


def _mistakes(lines: list[str]) -> list[str]:
    """The lines that are mistakes, not notices ('let op:')."""
    return [line for line in lines if not line.startswith("let op: ")]


def test_vastleggen_writes_the_cards_the_branch_uses(mini: Path) -> None:
    run = run_cli("--map", str(mini), "vastleggen", "dorp")
    assert (run.status, run.stdout.splitlines()) == (
        0,
        [
            f"Vastgelegd: {PINS}",
            "  nieuw vastgelegd: armoede, jeugd",
            f"  dorp wordt voortaan uit deze teksten gebouwd. Zet dit bestand samen met {BRANCH} in git.",
        ],
    )
    text = (mini / PINS).read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/vastgelegd.schema.json\n")
    pinned = yaml.safe_load(text)["kaarten"]
    assert pinned == [
        yaml.safe_load((mini / f"themes/{card}.yml").read_text("utf-8")) for card in ("armoede", "jeugd")
    ]
    assert run_cli("--map", str(mini), "controleer").status == 0


def test_a_pinned_branch_does_not_change_when_a_card_does(mini: Path) -> None:
    assert run_cli("--map", str(mini), "vastleggen", "dorp").status == 0
    assert run_cli("--map", str(mini)).status == 0
    before = tree(mini / "site" / "dorp")
    _edit(mini, CARD, "Schuldhulp binnen drie dagen", "Schuldhulp binnen twee dagen")
    _edit(mini, CARD, "titel: Armoede\n", "titel: Armoede en schulden\n")
    assert run_cli("--map", str(mini), "--schoon").status == 0  # built again, not kept
    assert tree(mini / "site" / "dorp") == before  # the handbooks (PDF, DOCX, ODT, Markdown) too
    library = (mini / "site" / "bibliotheek" / "armoede" / "index.html").read_text("utf-8")
    assert "Schuldhulp binnen twee dagen" in library  # the library itself did change


def test_pinning_again_keeps_what_was_pinned_and_adds_new_cards(mini: Path) -> None:
    _edit(mini, BRANCH, "  - kaart: jeugd\n", "")
    assert run_cli("--map", str(mini), "vastleggen", "dorp").status == 0
    _edit(mini, CARD, "Schuldhulp binnen drie dagen", "Schuldhulp binnen twee dagen")
    (mini / BRANCH).write_text((mini / BRANCH).read_text("utf-8") + "  - kaart: jeugd\n", "utf-8")
    check = run_cli("--map", str(mini), "controleer")
    assert _mistakes(check.lines)[0] == (
        f"{BRANCH}:17: de kaart 'jeugd' staat niet bij de vastgelegde teksten ({PINS})"
        " — leg haar vast met: python build.py vastleggen dorp"
    )
    run = run_cli("--map", str(mini), "vastleggen", "dorp")
    assert run.stdout.splitlines()[1] == "  nieuw vastgelegd: jeugd"
    assert "Schuldhulp binnen drie dagen" in (mini / PINS).read_text("utf-8")


def test_an_adopted_program_needs_pinned_texts(mini: Path) -> None:
    _edit(
        mini,
        BRANCH,
        "afdeling: Testpartij Dorp\n",
        "afdeling: Testpartij Dorp\nstatus: vastgesteld\nvastgesteld_op: 2026-03-12\n",
    )
    check = run_cli("--map", str(mini), "controleer")
    assert (check.status, check.lines[0]) == (
        2,
        f"{BRANCH}:2: een vastgesteld programma heeft vastgelegde teksten nodig, zodat het niet meer"
        " verandert als het partijbureau een kaart aanpast — leg ze vast met: python build.py vastleggen dorp",
    )
    assert run_cli("--map", str(mini), "vastleggen", "dorp").status == 0
    assert run_cli("--map", str(mini), "controleer").status == 0


def test_mistakes_in_pinned_texts_are_named_and_block_only_that_branch(mini: Path) -> None:
    assert run_cli("--map", str(mini), "vastleggen", "dorp").status == 0
    _edit(mini, PINS, "{{ gemeente.naam }}.", "{{ gemeente.name }}.")
    check = run_cli("--map", str(mini), "controleer")
    assert check.status == 2
    mistake = _mistakes(check.lines)[0]
    assert mistake.startswith(f"{PINS}:") and "gemeente.name" in mistake
    (mini / BRANCH).unlink()
    check = run_cli("--map", str(mini), "controleer")
    assert f"{PINS}: bij deze vastgelegde teksten hoort geen afdeling 'dorp'" in check.stderr


KEEP = (
    " — je programma houdt de vastgelegde tekst; neem de nieuwe over met:"
    " python build.py bijwerken dorp --kaart armoede"
)


def test_controleer_shows_what_the_library_changed_since_pinning(mini: Path) -> None:
    assert run_cli("--map", str(mini), "vastleggen", "dorp").status == 0
    _edit(mini, CARD, "Schuldhulp binnen drie dagen", "Schuldhulp binnen twee werkdagen")
    _edit(mini, CARD, "  - id: kindpakket\n    tekst: " + OLD + "\n", "")
    _edit(
        mini,
        CARD,
        "standpunten:\n",
        "standpunten:\n  - id: zwemles\n    tekst: Elk kind leert gratis zwemmen.\n",
    )
    _edit(mini, CARD, "Bij 80% van de vragen", "Bij 75% van de vragen")
    check = run_cli("--map", str(mini), "controleer")
    assert check.status == 0
    assert check.lines == [
        f"let op: {PINS}:12: kaart 'armoede' heeft een nieuw standpunt 'zwemles': Elk kind leert gratis"
        f" zwemmen.{KEEP} --standpunt zwemles",
        f"let op: {PINS}:13: kaart 'armoede': het standpunt 'kindpakket' is uit de bibliotheek gehaald{KEEP}",
        f"let op: {PINS}:16: kaart 'armoede', standpunt 'schuldhulp': de tekst is veranderd: Schuldhulp"
        f" binnen [-drie dagen-] {{+twee werkdagen+}} in {{{{ gemeente.naam }}}}.{KEEP}",
        f"let op: {PINS}:18: kaart 'armoede': een cijfer is veranderd: Bij [-80%-] {{+75%+}} van de vragen"
        f" aan wijkteams gaat het ook over geld. (bron: swn-2017, 2017){KEEP}",
    ]


def test_bijwerken_takes_changes_in_and_only_offers_new_points(mini: Path) -> None:
    assert run_cli("--map", str(mini), "vastleggen", "dorp").status == 0
    _edit(mini, CARD, "Schuldhulp binnen drie dagen", "Schuldhulp binnen twee werkdagen")
    _edit(
        mini,
        CARD,
        "standpunten:\n",
        "standpunten:\n  - id: zwemles\n    tekst: Elk kind leert gratis zwemmen.\n",
    )
    run = run_cli("--map", str(mini), "bijwerken", "dorp")
    assert (run.status, run.stdout.splitlines()) == (
        0,
        [
            f"Bijgewerkt: {PINS}",
            "  overgenomen: kaart 'armoede', standpunt 'schuldhulp': de tekst is veranderd: Schuldhulp"
            " binnen [-drie dagen-] {+twee werkdagen+} in {{ gemeente.naam }}.",
            "  aangeboden: nieuw standpunt 'zwemles' op kaart 'armoede' — neem het op met:"
            " python build.py bijwerken dorp --kaart armoede --standpunt zwemles",
        ],
    )
    assert run_cli("--map", str(mini)).status == 0
    page = (mini / "site/dorp/themas/armoede/index.html").read_text("utf-8")
    assert "Schuldhulp binnen twee werkdagen in Dorp" in page
    assert "gratis zwemmen" not in page  # offered, not added to the program by itself
    check = run_cli("--map", str(mini), "controleer")
    assert check.lines == [
        f"let op: {PINS}:12: kaart 'armoede' heeft een nieuw standpunt 'zwemles': Elk kind leert gratis"
        f" zwemmen.{KEEP} --standpunt zwemles"
    ]
    run = run_cli("--map", str(mini), "bijwerken", "dorp", "--kaart", "armoede", "--standpunt", "zwemles")
    assert run.stdout.splitlines()[1:] == [
        "  overgenomen: kaart 'armoede' heeft een nieuw standpunt 'zwemles': Elk kind leert gratis zwemmen."
    ]
    assert run_cli("--map", str(mini)).status == 0
    assert "gratis zwemmen" in (mini / "site/dorp/themas/armoede/index.html").read_text("utf-8")
    assert run_cli("--map", str(mini), "controleer").lines == []
    again = run_cli("--map", str(mini), "bijwerken", "dorp")
    assert (
        again.stdout
        == "Niets bij te werken: de vastgelegde teksten van dorp zijn gelijk aan de bibliotheek.\n"
    )


def test_bijwerken_refuses_what_it_cannot_do(mini: Path) -> None:
    run = run_cli("--map", str(mini), "bijwerken", "dorp")
    assert (run.status, run.lines[0]) == (
        2,
        f"{BRANCH}: dorp heeft geen vastgelegde teksten — leg ze vast met: python build.py vastleggen dorp",
    )
    assert run_cli("--map", str(mini), "vastleggen", "dorp").status == 0
    run = run_cli("--map", str(mini), "bijwerken", "dorp", "--kaart", "wonen")
    assert (
        run.lines[0]
        == f"{BRANCH}: de kaart 'wonen' is niet vastgelegd — kies een vastgelegde kaart met --kaart"
    )
    run = run_cli("--map", str(mini), "bijwerken", "dorp", "--standpunt", "bestaat-niet")
    assert run.lines[0] == (
        f"{BRANCH}: er is geen nieuw standpunt 'bestaat-niet' op deze kaarten"
        " — kies een id uit de melding 'nieuw standpunt'"
    )
    _edit(mini, BRANCH, "      - kindpakket\n", "      - kindpakket\n    standpunten:\n      - kindpakket\n")
    _edit(mini, BRANCH, "    weglaten:\n      - kindpakket\n", "")
    _edit(mini, CARD, "  - id: kindpakket\n    tekst: " + OLD + "\n", "")
    run = run_cli("--map", str(mini), "bijwerken", "dorp")
    assert run.status == 2
    assert _mistakes(run.lines)[0].startswith(f"{BRANCH}:9: onbekend standpunt 'kindpakket'")
    assert "kindpakket" in (mini / PINS).read_text("utf-8")  # nothing written

"""Every mistake a volunteer can make gets exit 2 and an exact Dutch file:line message.

Each case changes one file of tests/fixtures/mini and runs `python build.py check` as
a subprocess, as a volunteer would.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_cli


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    change: Callable[[str], str] | None
    expected: list[str]


CASES = [
    Case(
        "tab",
        "themes/armoede.yml",
        lambda t: t.replace("  - id: schuldhulp", "\t- id: schuldhulp"),
        [
            "themes/armoede.yml:10: er staat een tab in plaats van spaties — spring in met spaties, niet met de Tab-toets"
        ],
    ),
    Case(
        "unclosed-quote",
        "themes/armoede.yml",
        lambda t: t.replace("titel: Armoede", 'titel: "Armoede'),
        [
            "themes/armoede.yml:3: een aanhalingsteken wordt niet gesloten — sluit de tekst af met hetzelfde aanhalingsteken als waarmee hij begint"
        ],
    ),
    Case(
        "duplicate-key",
        "themes/armoede.yml",
        lambda t: t.replace("titel: Armoede", "titel: Armoede\ntitel: Geld"),
        [
            "themes/armoede.yml:4: 'titel' staat twee keer in hetzelfde blok (eerder op regel 3) — haal een van de twee weg of voeg ze samen"
        ],
    ),
    Case(
        "misspelt-card",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("kaart: jeugd", "kaart: jeugt"),
        ["content/afdelingen/dorp.yml:17: onbekende themakaart 'jeugt' (in themes/) — bedoel je 'jeugd'?"],
    ),
    Case(
        "misspelt-point",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("- kindpakket", "- kindpaket"),
        [
            "content/afdelingen/dorp.yml:9: onbekend standpunt 'kindpaket' (in kaart 'armoede') — bedoel je 'kindpakket'?"
        ],
    ),
    Case(
        "list-as-text",
        "themes/armoede.yml",
        lambda t: t.replace("trefwoorden:\n  - armoede", "trefwoorden: armoede"),
        [
            "themes/armoede.yml:19: 'trefwoorden' moet een lijst zijn, maar is tekst — zet elk item op een eigen regel, ingesprongen en beginnend met '- '"
        ],
    ),
    Case(
        "fact-no-source",
        "themes/armoede.yml",
        lambda t: t.replace("    bron: Sociaal Werk Nederland\n", ""),
        [
            "themes/armoede.yml:14: bij dit feit ontbreekt 'bron' — elk cijfer heeft een bron en een jaar nodig; voeg 'bron:' toe (Wie dit cijfer publiceerde, bijvoorbeeld 'Sociaal Werk Nederland, brief aan landelijke partijen')"
        ],
    ),
    Case(
        "fact-no-year",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("        jaar: 2023\n", ""),
        [
            "content/afdelingen/dorp.yml:14: bij dit feit ontbreekt 'jaar' — elk cijfer heeft een bron en een jaar nodig; voeg 'jaar:' toe (Het jaar van de bron, bijvoorbeeld 2017)"
        ],
    ),
    Case(
        "empty-file",
        "themes/armoede.yml",
        lambda t: "",
        [
            "themes/armoede.yml:1: het bestand is leeg — vul het in; kijk naar een bestaand bestand als voorbeeld"
        ],
    ),
    Case(
        "not-utf8",
        "themes/armoede.yml",
        lambda t: t.replace("Armoede", "Armo\udce9de"),
        [
            "themes/armoede.yml:3: het bestand is niet in UTF-8 opgeslagen — sla het op met tekencodering UTF-8 (in je editor: 'Opslaan als' en kies UTF-8)"
        ],
    ),
    Case(
        "bad-file-name",
        "content/afdelingen/Den Haag.yml",
        None,
        [
            "content/afdelingen/Den Haag.yml: ongeldige bestandsnaam 'Den Haag.yml' — gebruik alleen kleine letters, cijfers en streepjes, bijvoorbeeld 'den-haag.yml'"
        ],
    ),
    Case(
        "reserved-name",
        "content/afdelingen/bibliotheek.yml",
        None,
        [
            "content/afdelingen/bibliotheek.yml: de naam 'bibliotheek' is al in gebruik door de website zelf — geef het bestand een andere naam, bijvoorbeeld 'afdeling-bibliotheek.yml'"
        ],
    ),
    Case(
        "python-tag",
        "themes/armoede.yml",
        lambda t: t.replace("titel: Armoede", "titel: !!python/object/apply:os.system [ls]"),
        [
            "themes/armoede.yml:3: YAML-label '!!python/object/apply:os.system' is niet toegestaan — haal het label met ! weg; gewone tekst, getallen en lijsten zijn genoeg"
        ],
    ),
    Case(
        "alias-bomb",
        "themes/armoede.yml",
        lambda t: t + 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n',
        [
            "themes/armoede.yml:21: verwijzingen met & of * (YAML-ankers) zijn niet toegestaan — schrijf de tekst gewoon helemaal uit"
        ],
    ),
    Case(
        "unknown-variable",
        "themes/armoede.yml",
        lambda t: t.replace("{{ gemeente.naam }} moet", "{{ gemeente.inwoners }} moet"),
        [
            "themes/armoede.yml:6: onbekende variabele {{ gemeente.inwoners }} — gebruik een van deze: {{ gemeente.naam }}, {{ afdeling }}, {{ partij.naam }}, {{ partij.afkorting }}"
        ],
    ),
    Case(
        "python-internals",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("{{ afdeling }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
        [
            "content/afdelingen/dorp.yml:5: deze tekst probeert de binnenkant van het programma te bereiken; dat mag niet — gebruik alleen {{ gemeente.naam }}, {{ afdeling }}, {{ partij.naam }}, {{ partij.afkorting }}"
        ],
    ),
    Case(
        "unknown-key",
        "themes/armoede.yml",
        lambda t: t.replace("titel: Armoede", "titl: Armoede"),
        [
            "themes/armoede.yml:1: 'titel' ontbreekt — voeg 'titel:' toe (Titel van het thema zoals lezers die zien, bijvoorbeeld 'Jeugd')",
            "themes/armoede.yml:3: onbekend veld 'titl' — bedoel je 'titel'?",
        ],
    ),
    Case(
        "duplicate-point-id",
        "themes/armoede.yml",
        lambda t: t.replace("id: schuldhulp", "id: kindpakket"),
        [
            "themes/armoede.yml:10: de id 'kindpakket' komt twee keer voor (eerder op regel 8) — geef elk standpunt een eigen id"
        ],
    ),
    Case(
        "logo-outside",
        "content/afdelingen/dorp.yml",
        lambda t: t + "logo: ../../etc/passwd\n",
        [
            "content/afdelingen/dorp.yml:18: het logo '../../etc/passwd' ligt buiten deze map — zet het logo in deze map (bijvoorbeeld content/logo/) en schrijf het pad vanaf hier"
        ],
    ),
    Case(
        "logo-missing",
        "content/afdelingen/dorp.yml",
        lambda t: t + "logo: content/logo/dorp.svg\n",
        [
            "content/afdelingen/dorp.yml:18: het logo 'content/logo/dorp.svg' bestaat niet — controleer het pad en de hoofdletters"
        ],
    ),
    Case(
        "year-as-text",
        "themes/armoede.yml",
        lambda t: t.replace("jaar: 2017", "jaar: twee duizend"),
        [
            "themes/armoede.yml:16: 'jaar' moet een geheel getal zijn, maar is tekst — schrijf alleen het getal, zonder aanhalingstekens, bijvoorbeeld 2017"
        ],
    ),
]


def _apply(root: Path, case: Case) -> None:
    target = root / case.file
    if case.change is None:
        shutil.copy(root / "content/afdelingen/dorp.yml", target)
        return
    text = target.read_text("utf-8")
    target.write_bytes(case.change(text).encode("utf-8", "surrogateescape"))


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_mistake_gets_exact_dutch_message(mini: Path, case: Case) -> None:
    _apply(mini, case)
    run = run_cli("--map", str(mini), "check")
    assert run.status == 2
    assert "Traceback" not in run.stderr + run.stdout
    assert run.lines[:-1] == case.expected
    assert run.lines[-1].startswith("fout: ")
    assert run.stdout == ""


def test_all_problems_are_reported_at_once(mini: Path) -> None:
    for name in ("unknown-variable", "misspelt-card", "year-as-text"):
        _apply(mini, next(case for case in CASES if case.name == name))
    run = run_cli("--map", str(mini), "check")
    assert run.status == 2
    assert len(run.lines) == 4
    assert run.lines[-1] == "fout: 3 problemen in 2 bestanden; los ze op en probeer het opnieuw"


def test_build_refuses_the_same_mistakes(mini: Path) -> None:
    _apply(mini, next(case for case in CASES if case.name == "misspelt-card"))
    run = run_cli("--map", str(mini))
    assert run.status == 2
    assert run.lines[0].startswith("content/afdelingen/dorp.yml:17: onbekende themakaart 'jeugt'")

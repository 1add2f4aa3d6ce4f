"""Every mistake a volunteer can make gets exit 2 and an exact Dutch file:line message.

Each case changes one file of tests/fixtures/mini and runs `python build.py controleer` as
a subprocess, as a volunteer would.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import run_cli

NEXT_YEAR = datetime.date.today().year + 1


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
        "misspelt-core-point",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("  - kaart: jeugd", "    kernpunten:\n      - schuldhlp\n  - kaart: jeugd"),
        [
            "content/afdelingen/dorp.yml:18: onbekend kernpunt 'schuldhlp' (in kaart 'armoede' en je eigen"
            " standpunten) — bedoel je 'schuldhulp'?"
        ],
    ),
    Case(
        "dropped-core-point",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("  - kaart: jeugd", "    kernpunten:\n      - kindpakket\n  - kaart: jeugd"),
        [
            "content/afdelingen/dorp.yml:18: het kernpunt 'kindpakket' laat je weg uit de kaart 'armoede'"
            " — kies een standpunt dat je houdt, of neem dit standpunt weer op"
        ],
    ),
    Case(
        "four-core-points",
        "themes/armoede.yml",
        lambda t: t.replace(
            "standpunten:\n  - id: kindpakket\n",
            "standpunten:\n"
            + "".join(
                f"  - id: punt-{n}\n    kern: true\n    tekst: Punt {n} van de kaart armoede.\n"
                for n in (1, 2, 3)
            )
            + "  - id: kindpakket\n    kern: true\n",
        ),
        [
            "themes/armoede.yml:18: deze kaart heeft 4 kernpunten (kern: true), en dat mogen er hoogstens drie"
            " zijn — haal 'kern: true' weg bij de standpunten die het minst belangrijk zijn"
        ],
    ),
    Case(
        "four-own-core-points",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace(
            "    eigen_standpunten:\n",
            "    eigen_standpunten:\n"
            + "".join(
                f"      - id: eigen-{n}\n        kern: ja\n        tekst: Eigen punt {n} van Dorp.\n"
                for n in range(4)
            ),
        ),
        [
            "content/afdelingen/dorp.yml:21: je eigen standpunten bij de kaart 'armoede' hebben 4 kernpunten"
            " (kern: true), en dat mogen er hoogstens drie zijn — haal 'kern: true' weg bij de standpunten die"
            " het minst belangrijk zijn"
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
        lambda t: t.replace("    bron: swn-2017\n", ""),
        [
            "themes/armoede.yml:14: bij dit feit ontbreekt 'bron' — elk cijfer heeft een bron en een jaar nodig; voeg 'bron:' toe (De id van de bron in content/bronnen.yml, bijvoorbeeld swn-2017)"
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
        lambda t: t + "logo: ../../etc/passwd\nlogo_beschrijving: Logo van Dorp\n",
        [
            "content/afdelingen/dorp.yml:18: het logo '../../etc/passwd' ligt buiten deze map — zet het logo in deze map (bijvoorbeeld content/logo/) en schrijf het pad vanaf hier"
        ],
    ),
    Case(
        "logo-missing",
        "content/afdelingen/dorp.yml",
        lambda t: t + "logo: content/logo/dorp.svg\nlogo_beschrijving: Logo van Dorp\n",
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
    Case(
        "schema-and-reference-in-branch",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("jaar: 2023", 'jaar: "2023"').replace("kaart: jeugd", "kaart: jeugt"),
        [
            "content/afdelingen/dorp.yml:16: 'jaar' moet een geheel getal zijn, maar is tekst — schrijf alleen het getal, zonder aanhalingstekens, bijvoorbeeld 2017",
            "content/afdelingen/dorp.yml:17: onbekende themakaart 'jeugt' (in themes/) — bedoel je 'jeugd'?",
        ],
    ),
    Case(
        "schema-and-reference-in-card",
        "themes/armoede.yml",
        lambda t: (
            t.replace("id: armoede", "id: armoed")
            .replace("jaar: 2017", 'jaar: "2017"')
            .replace("- waarom-nu", "- waarom-nou")
        ),
        [
            "themes/armoede.yml:2: de id 'armoed' is niet gelijk aan de bestandsnaam 'armoede.yml' — maak de id 'armoede' of geef het bestand de naam armoed.yml",
            "themes/armoede.yml:16: 'jaar' moet een geheel getal zijn, maar is tekst — schrijf alleen het getal, zonder aanhalingstekens, bijvoorbeeld 2017",
            "themes/armoede.yml:18: onbekende gidspagina 'waarom-nou' (in content/gids/) — bedoel je 'waarom-nu'?",
        ],
    ),
    Case(
        "apostrophe-alone",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("naam: Dorp", "naam: 's-Hertogenbosch"),
        [
            "content/afdelingen/dorp.yml:3: deze tekst begint met een apostrof ('s-Hertogenbosch), en dan denkt YAML dat er een aanhalingsteken begint — zet de hele tekst tussen dubbele aanhalingstekens: naam: \"'s-Hertogenbosch\""
        ],
    ),
    Case(
        "apostrophe-twice-on-a-line",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace(
            "tekst: Dorp heeft 5.000 inwoners.", "tekst: 's Avonds is het stil in zo'n dorp."
        ),
        [
            "content/afdelingen/dorp.yml:14: deze tekst begint met een apostrof ('s Avonds is het stil in zo'n dorp.), en dan denkt YAML dat er een aanhalingsteken begint — zet de hele tekst tussen dubbele aanhalingstekens: - tekst: \"'s Avonds is het stil in zo'n dorp.\""
        ],
    ),
    Case(
        "apostrophe-closed-lines-later",
        "themes/armoede.yml",
        lambda t: t.replace("tekst: Elk kind krijgt", "tekst: 't Kind krijgt").replace(
            "Wie snel", "Zo'n gezin dat snel"
        ),
        [
            "themes/armoede.yml:9: deze tekst begint met een apostrof ('t Kind krijgt een kindpakket voor sport en…), en dan denkt YAML dat er een aanhalingsteken begint — zet de hele tekst tussen dubbele aanhalingstekens: tekst: \"'t Kind krijgt een kindpakket voor sport en cultuur.\""
        ],
    ),
    Case(
        "apostrophe-list-item",
        "themes/armoede.yml",
        lambda t: t.replace("  - armoede", "  - 't Gooi"),
        [
            "themes/armoede.yml:20: deze tekst begint met een apostrof ('t Gooi), en dan denkt YAML dat er een aanhalingsteken begint — zet de hele tekst tussen dubbele aanhalingstekens: - \"'t Gooi\""
        ],
    ),
    Case(
        "apostrophe-lost-silently",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("naam: Dorp", "naam: 's-Hertogenbosch'"),
        [
            "content/afdelingen/dorp.yml:3: deze tekst begint met een apostrof ('s-Hertogenbosch), en dan denkt YAML dat er een aanhalingsteken begint — zet de hele tekst tussen dubbele aanhalingstekens: naam: \"'s-Hertogenbosch\""
        ],
    ),
    Case(
        "hash-in-a-sentence",
        "themes/armoede.yml",
        lambda t: t.replace("tekst: Elk kind krijgt", "tekst: Onze prioriteit #1: elk kind krijgt"),
        [
            "themes/armoede.yml:9: alles vanaf '#1' valt weg, want YAML leest ' #' als het begin van een opmerking — schrijf 'nummer 1' in plaats van '#1', of zet de hele tekst tussen dubbele aanhalingstekens: tekst: \"Onze prioriteit #1: elk kind krijgt een kindpakket voor sport en cultuur.\""
        ],
    ),
    Case(
        "hash-at-the-start",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("tekst: Een eigen punt", "tekst: #jeugd gaat voor: een eigen punt"),
        [
            "content/afdelingen/dorp.yml:12: alles vanaf '#jeugd' valt weg, want YAML leest ' #' als het begin van een opmerking — zet de hele tekst tussen dubbele aanhalingstekens: tekst: \"#jeugd gaat voor: een eigen punt van {{ gemeente.naam }}.\""
        ],
    ),
    Case(
        "single-braces-in-text",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("Welkom in {{ gemeente.naam }}", "Welkom in { gemeente.naam }"),
        [
            "content/afdelingen/dorp.yml:5: enkele accolades: { gemeente.naam } komt zo letterlijk op de website — schrijf twee accolades aan elke kant: {{ gemeente.naam }}"
        ],
    ),
    Case(
        "single-braces-as-value",
        "themes/armoede.yml",
        lambda t: t.replace("titel: Armoede", "titel: {gemeente.naam}"),
        [
            "themes/armoede.yml:3: enkele accolades: {gemeente.naam} komt zo letterlijk op de website — schrijf twee accolades aan elke kant: {{ gemeente.naam }}"
        ],
    ),
    Case(
        "dash-without-space",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("  - kaart: jeugd", "  -kaart: jeugd"),
        [
            "content/afdelingen/dorp.yml:17: na het streepje van dit lijstitem ontbreekt een spatie — zet een spatie na het streepje: - kaart: jeugd"
        ],
    ),
    *(
        Case(
            f"text-starts-with-{sign}",
            "themes/armoede.yml",
            lambda t, value=value: t.replace("tekst: Elk kind krijgt", f"tekst: {value} krijgt"),
            [
                f"themes/armoede.yml:9: deze tekst begint met het teken '{sign}', en dat heeft in YAML een eigen betekenis — zet de hele tekst tussen dubbele aanhalingstekens: tekst: \"{value} krijgt een kindpakket voor sport en cultuur.\""
            ],
        )
        for sign, value in (
            ("*", "*elk* kind"),
            ("@", "@elk kind"),
            ("%", "%100 kind"),
            ("!", "!elk kind"),
            ("&", "&elk kind"),
        )
    ),
    Case(
        "unclosed-list",
        "themes/armoede.yml",
        lambda t: t.replace("titel: Armoede", "titel: [Armoede"),
        [
            "themes/armoede.yml:3: een lijst tussen [ ] of een blok tussen { } wordt niet gesloten — sluit af met ] of }, of zet een tekst die met [ of { begint tussen dubbele aanhalingstekens"
        ],
    ),
    Case(
        "year-in-the-future",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("jaar: 2023", f"jaar: {NEXT_YEAR}"),
        [
            f"content/afdelingen/dorp.yml:16: het jaar {NEXT_YEAR} ligt in de toekomst — schrijf het jaar waarin de bron het cijfer publiceerde: {NEXT_YEAR - 1} of eerder"
        ],
    ),
    Case(
        "card-year-in-the-future",
        "themes/armoede.yml",
        lambda t: t.replace("jaar: 2017", f"jaar: {NEXT_YEAR}"),
        [
            f"themes/armoede.yml:16: het jaar {NEXT_YEAR} ligt in de toekomst — schrijf het jaar waarin de bron het cijfer publiceerde: {NEXT_YEAR - 1} of eerder"
        ],
    ),
    Case(
        "unknown-source-id",
        "themes/armoede.yml",
        lambda t: t.replace("bron: swn-2017", "bron: swn-2071"),
        ["themes/armoede.yml:15: onbekende bron 'swn-2071' (in content/bronnen.yml) — bedoel je 'swn-2017'?"],
    ),
    Case(
        "source-written-out-on-a-card",
        "themes/armoede.yml",
        lambda t: t.replace("bron: swn-2017", "bron: Sociaal Werk Nederland"),
        [
            "themes/armoede.yml:15: de bron 'Sociaal Werk Nederland' is geen id uit content/bronnen.yml — een landelijk cijfer noemt zijn bron met de id uit content/bronnen.yml: bedoel je 'swn-2017'?"
        ],
    ),
    Case(
        "source-year-differs",
        "themes/armoede.yml",
        lambda t: t.replace("jaar: 2017", "jaar: 2016"),
        [
            "themes/armoede.yml:16: het jaar 2016 past niet bij de bron 'swn-2017' (uit 2017) — schrijf 'jaar: 2017', of kies de bron waar dit cijfer uit komt"
        ],
    ),
    Case(
        "unknown-source-id-in-branch",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("bron: CBS", "bron: cbs-stateline"),
        [
            "content/afdelingen/dorp.yml:15: onbekende bron 'cbs-stateline' (in content/bronnen.yml) — bedoel je 'cbs-statline'?"
        ],
    ),
    Case(
        "source-id-shaped-in-branch",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("bron: CBS", "bron: gemeente"),
        [
            "content/afdelingen/dorp.yml:15: onbekende bron 'gemeente' (in content/bronnen.yml) — kies uit: cbs-statline, swn-2017, of schrijf de bron voluit"
        ],
    ),
    Case(
        "duplicate-source-id",
        "content/bronnen.yml",
        lambda t: t.replace("  - id: cbs-statline", "  - id: swn-2017"),
        [
            "content/bronnen.yml:6: de id 'swn-2017' komt twee keer voor (eerder op regel 3) — geef elke bron een eigen id"
        ],
    ),
    Case(
        "every-point-dropped",
        "content/afdelingen/dorp.yml",
        lambda t: t.replace("      - kindpakket\n", "      - kindpakket\n      - schuldhulp\n").replace(
            "    eigen_standpunten:\n      - id: eigen-punt\n        tekst: Een eigen punt van {{ gemeente.naam }}.\n",
            "",
        ),
        [
            "content/afdelingen/dorp.yml:8: van de kaart 'armoede' blijft geen enkel standpunt over — haal de kaart weg uit themas, of laat minstens één standpunt staan"
        ],
    ),
]


def _apply(root: Path, case: Case) -> None:
    target = root / case.file
    if case.change is None:
        copy = (root / "content/afdelingen/dorp.yml").read_text("utf-8")
        target.write_text(copy.replace("Testpartij Dorp", f"Testpartij {target.stem}"), "utf-8")
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


def test_two_branches_with_one_name(mini: Path) -> None:
    branch = (mini / "content/afdelingen/dorp.yml").read_text("utf-8")
    for name in ("a-dorp", "zz-dorp"):
        (mini / f"content/afdelingen/{name}.yml").write_text(branch.replace("Dorp\n", "dorp \n", 1), "utf-8")
    run = run_cli("--map", str(mini), "check")
    assert run.status == 2
    assert run.lines[:-1] == [
        f"content/afdelingen/{name}.yml:1: de afdeling '{shown}' heeft al een bestand:"
        " content/afdelingen/a-dorp.yml — geef elke afdeling een eigen naam"
        for name, shown in (("dorp", "Testpartij Dorp"), ("zz-dorp", "Testpartij dorp"))
    ]


def test_files_that_are_not_read_are_reported(mini: Path) -> None:
    for name in ("content/afdelingen/apeldoorn.yml.txt", "content/afdelingen/x.yaml", "themes/notities.txt"):
        (mini / name).write_text("afdeling: x\n", "utf-8")
    (mini / "content/afdelingen/.verborgen.txt").write_text("x", "utf-8")
    (mini / "content/afdelingen/oud").mkdir()
    run = run_cli("--map", str(mini), "check")
    assert run.status == 2
    assert run.lines[:-1] == [
        f"{name}: dit bestand wordt niet gelezen, want de naam eindigt niet op .yml"
        f" — hernoem het naar {suggestion}, of zet het in een andere map"
        for name, suggestion in (
            ("content/afdelingen/apeldoorn.yml.txt", "apeldoorn.yml"),
            ("content/afdelingen/x.yaml", "x.yml"),
            ("themes/notities.txt", "notities.yml"),
        )
    ]


def test_comments_after_a_value_are_fine(mini: Path) -> None:
    branch = mini / "content/afdelingen/dorp.yml"
    text = branch.read_text("utf-8")
    text = text.replace("afdeling: Testpartij Dorp", "afdeling: Testpartij Dorp       # naam van de afdeling")
    text = text.replace("  - kaart: jeugd", "  - kaart: jeugd  # Jeugd")
    branch.write_text(text, "utf-8")
    run = run_cli("--map", str(mini), "check")
    assert (run.status, run.stderr) == (0, "")


def test_a_schema_problem_does_not_hide_a_wrong_card_in_the_same_file(mini: Path) -> None:
    branch = mini / "content/afdelingen/dorp.yml"
    text = (
        branch.read_text("utf-8")
        .replace("jaar: 2023", 'jaar: "2023"')
        .replace("kaart: jeugd", "kaart: jeugt")
    )
    branch.write_text(text, "utf-8")
    run = run_cli("--map", str(mini), "controleer")
    assert run.status == 2
    assert run.lines == [
        "content/afdelingen/dorp.yml:16: 'jaar' moet een geheel getal zijn, maar is tekst — schrijf alleen het"
        " getal, zonder aanhalingstekens, bijvoorbeeld 2017",
        "content/afdelingen/dorp.yml:17: onbekende themakaart 'jeugt' (in themes/) — bedoel je 'jeugd'?",
        "fout: 2 problemen in 1 bestand; los ze op en probeer het opnieuw",
    ]

"""The plain-Dutch (B1) check in `controleer`: long sentences, long words, sentences that do not
say who acts, hard words and abbreviations from content/jargon.yml, each a warning with its
file and line; and the readability score per card in the office's report."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT, run_cli

from bouwstenen import plain
from bouwstenen.load import load

JARGON = """\
woorden:
  participatie: meedoen
  integrale intake: één gesprek over alle vragen tegelijk
afkortingen:
  VNG: Vereniging van Nederlandse Gemeenten
namen:
  - Wet gemeentelijke schuldhulpverlening
bekende_woorden:
  - vrijwilligerswerk
"""
CARD = """\
id: armoede
titel: Armoede
samenvatting: Een kleine kaart om de controle mee te testen.
inleiding: |
  In {{ gemeente.naam }} moet iedereen mee kunnen doen.
standpunten:
  - id: kindpakket
    tekst: >-
      Elk kind in {{ gemeente.naam }} krijgt een kindpakket.
      Het pakket wordt elk jaar in de zomer door de gemeente naar alle gezinnen
      met een laag inkomen gestuurd, samen met een brief, een folder en een lijst
      met clubs.
    toelichting: >-
      De participatie van kinderen groeit. Er komt schuldhulpverleningsoverleg.
      De VNG helpt mee.
  - id: schuldhulp
    tekst: Schuldhulp binnen drie dagen in {{ gemeente.naam }}.
    toelichting: Wie snel hulp krijgt, komt er sneller uit.
feiten:
  - tekst: Bij 80% van de vragen aan wijkteams gaat het ook over geld.
    bron: swn-2017
    jaar: 2017
gids:
  - waarom-nu
trefwoorden:
  - armoede
"""
LONG = (
    "let op: themes/armoede.yml:10: deze zin heeft 30 woorden ('Het pakket wordt elk jaar …')"
    " — maak er twee of meer zinnen van (B1: hooguit 20 woorden per zin)"
)
PASSIVE = (
    "let op: themes/armoede.yml:10: deze zin zegt niet wie het doet ('wordt … gestuurd') — schrijf wie"
    " het doet, bijvoorbeeld 'de gemeente betaalt' in plaats van 'er wordt betaald'"
)
HARD = "let op: themes/armoede.yml:14: 'participatie' is een moeilijk woord — schrijf liever: meedoen"
LONG_WORD = (
    "let op: themes/armoede.yml:14: 'schuldhulpverleningsoverleg' is een lang woord (7 lettergrepen)"
    " — zeg het met kortere woorden, of zet een streepje tussen de delen (zoals 'jeugdhulp-aanbieders')"
)
ABBREVIATION = (
    "let op: themes/armoede.yml:15: 'VNG' is een afkorting zonder uitleg — schrijf de eerste keer"
    " voluit: Vereniging van Nederlandse Gemeenten (VNG)"
)


def _library(mini: Path, card: str | None = CARD) -> Path:
    """The small library with a jargon list, and `card` as its card 'armoede' (None: as it is)."""
    (mini / "content" / "jargon.yml").write_text(JARGON, "utf-8")
    if card is not None:
        (mini / "themes" / "armoede.yml").write_text(card, "utf-8")
    return mini


def test_each_rule_warns_on_its_line(mini: Path) -> None:
    run = run_cli("--map", str(_library(mini)), "controleer")
    assert (run.status, run.stdout) == (0, "OK: 2 thema's, 1 afdeling\n")
    assert run.lines == [
        "let op: afdeling dorp: 5 waarschuwingen:",
        LONG,
        PASSIVE,
        HARD,
        LONG_WORD,
        ABBREVIATION,
    ]


def test_streng_makes_them_errors(mini: Path) -> None:
    run = run_cli("--map", str(_library(mini)), "controleer", "--streng")
    assert run.status == 2
    assert run.lines[0] == "fout: afdeling dorp: 5 waarschuwingen:"
    assert run.lines[1] == LONG.replace("let op: ", "", 1)
    assert run.lines[-1] == "fout: 5 problemen in 1 bestand; los ze op en probeer het opnieuw"


def test_a_hard_word_and_an_abbreviation_are_said_once_per_file(mini: Path) -> None:
    card = CARD.replace("De VNG helpt mee.", "De VNG en participatie. Weer de VNG en participatie.")
    run = run_cli("--map", str(_library(mini, card)), "controleer")
    assert run.lines[0] == "let op: afdeling dorp: 5 waarschuwingen:"


def test_what_the_check_leaves_alone(mini: Path) -> None:
    """Names of laws, web addresses, quotes, an abbreviation written out first, a hyphen in a
    long compound, a known long word, the perfect tense with 'zijn', and sources in the guide."""
    card = CARD.replace(
        """      Het pakket wordt elk jaar in de zomer door de gemeente naar alle gezinnen
      met een laag inkomen gestuurd, samen met een brief, een folder en een lijst
      met clubs.""",
        """      De Wet gemeentelijke schuldhulpverlening geldt (zie https://wetten.overheid.nl/participatie).
      Het aantal kinderen is gegroeid. Zij noemen het "integrale intake".""",
    ).replace(
        "De participatie van kinderen groeit. Er komt schuldhulpverleningsoverleg.",
        "Kinderen doen mee. Er komt schuldhulp-verleningsoverleg over vrijwilligerswerk.",
    )
    card = card.replace(
        "De VNG helpt mee.", "De Vereniging van Nederlandse Gemeenten (VNG) helpt. De VNG ook."
    )
    root = _library(mini, card)
    (root / "content" / "gids" / "waarom-nu.md").write_text(
        "# Waarom nu?\n\nEen korte gidspagina.\n\n## Bronnen\n\n- "
        + "Een heel lang rapport over participatie en de VNG " * 3
        + "(2021).\n",
        "utf-8",
    )
    run = run_cli("--map", str(root), "controleer")
    assert (run.status, run.lines) == (0, [])


def test_the_guide_is_checked_line_by_line(mini: Path) -> None:
    root = _library(mini, None)
    (root / "content" / "gids" / "waarom-nu.md").write_text(
        "# Waarom nu?\n\nEen korte gidspagina.\n\n- Dit wordt niet gedaan.\n- Wie de Wmo kent.\n", "utf-8"
    )
    run = run_cli("--map", str(root), "controleer")
    assert run.lines == [
        "let op: afdeling dorp: 1 waarschuwing:",
        "let op: content/gids/waarom-nu.md:5: deze zin zegt niet wie het doet ('wordt … gedaan') — schrijf"
        " wie het doet, bijvoorbeeld 'de gemeente betaalt' in plaats van 'er wordt betaald'",
    ]


def test_passive_on_real_sentences() -> None:
    sentences = {
        "De toegang tot jeugdhulp wordt per gemeente anders geregeld.": True,
        "Welk deel van dat geld aan mantelzorg besteed wordt, verschilt per gemeente.": True,
        "Het plan is gemaakt door de raad.": True,
        "Het aantal mensen onder bewind is snel gegroeid.": False,
        "Wie 18 wordt, krijgt een brief van de gemeente.": False,
        "Kinderen worden later vaak zelf mantelzorger.": False,
        "Er werd veel over beschermingsbewind gesproken.": True,
        "Klachten van inwoners worden regelmatig besproken door de wethouder.": True,
        "Het fonds wordt alleen ingezet samen met schuldhulp.": True,
        "De kosten van jeugdhulp zijn sinds de decentralisaties fors gestegen.": False,
        "Daardoor wordt de rol van mantelzorgers alleen maar groter.": False,
        "Onder de mensen in bewind zijn steeds meer jongeren.": False,
    }
    found = {
        s: any("wie het doet" in f.message for f in plain.findings_in(s, plain.EMPTY)) for s in sentences
    }
    assert found == sentences


def test_the_report_shows_a_readability_score_per_card(mini: Path) -> None:
    root = _library(mini)
    run = run_cli("--map", str(root), "rapport")
    assert run.status == 0, run.stderr
    page = (root / "rapport" / "index.html").read_text("utf-8")
    score = plain.score(plain.card_texts(load(root).theme("armoede").data))  # type: ignore[union-attr]
    assert score == 88
    assert '<td class="getal">88</td><td>makkelijk</td></tr>' in page
    assert "<th" in page and ">Leesbaarheid<" in page


def test_a_mistake_in_the_jargon_list_names_its_line(mini: Path) -> None:
    (mini / "content" / "jargon.yml").write_text(
        "woorden:\n  participatie: meedoen\nafkorting:\n  VNG: x\n", "utf-8"
    )
    run = run_cli("--map", str(mini), "controleer")
    assert run.status == 2
    assert run.lines == [
        "content/jargon.yml:3: onbekend veld 'afkorting' — bedoel je 'afkortingen'?",
        "fout: 1 probleem in 1 bestand; los het op en probeer het opnieuw",
    ]


def test_the_librarys_texts_are_plain_dutch() -> None:
    """The office's own cards, guide and example branches pass the check (issue 15)."""
    library = load(ROOT)
    jargon = plain.jargon_of(library)
    found = plain.library_warnings(library)
    found += [w for branch in library.branches for w in plain.document_warnings(library.root, branch, jargon)]
    assert [str(warning) for warning in found] == []


def test_controleer_streng_passes_on_the_library_and_the_examples() -> None:
    """No warning at all on the office's own files: no B1 warning, no figure older than
    `cijfers_verouderd_na`, no point said twice (issue 15: 'rewrite until --streng passes')."""
    run = run_cli("--map", str(ROOT), "controleer", "--streng")
    assert (run.status, run.lines, run.stdout.strip()) == (0, [], "OK: 8 thema's, 3 afdelingen")


PASSIVE_LINE = (
    "deze zin zegt niet wie het doet ('{}') — schrijf wie het doet, bijvoorbeeld 'de gemeente"
    " betaalt' in plaats van 'er wordt betaald'"
)


def test_cards_are_said_once_for_all_branches_also_the_cards_no_branch_takes(mini: Path) -> None:
    card = (mini / "themes" / "armoede.yml").read_text("utf-8")
    summary = "Een kleine kaart om fouten mee te testen, met genoeg tekst."
    (mini / "themes" / "armoede.yml").write_text(
        card.replace(summary, "Een kleine kaart die door de gemeente wordt gemaakt."), "utf-8"
    )
    (mini / "themes" / "extra.yml").write_text(
        card.replace("id: armoede", "id: extra").replace(
            "Elk kind krijgt een kindpakket voor sport en cultuur.",
            "Elk kind krijgt een pakket dat door de gemeente wordt betaald.",
        ),
        "utf-8",
    )
    branch = (mini / "content" / "afdelingen" / "dorp.yml").read_text("utf-8")
    (mini / "content" / "afdelingen" / "stad.yml").write_text(
        branch.replace("Testpartij Dorp", "Testpartij Stad").replace("naam: Dorp", "naam: Stad"), "utf-8"
    )
    everything = run_cli("--map", str(mini), "controleer")
    assert everything.lines == [
        "let op: landelijke kaarten: 2 waarschuwingen:",
        "let op: themes/armoede.yml:4: " + PASSIVE_LINE.format("wordt gemaakt"),
        "let op: themes/extra.yml:9: " + PASSIVE_LINE.format("wordt betaald"),
    ]
    one = run_cli("--map", str(mini), "controleer", "--afdeling", "stad")
    assert one.lines == [
        "let op: afdeling stad: 1 waarschuwing:",
        "let op: themes/armoede.yml:4: " + PASSIVE_LINE.format("wordt gemaakt"),
    ]

"""Warnings that block nothing: figures older than the party's limit, a point taken twice."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from conftest import ROOT, copy_library, run_cli

from bouwstenen import warnings
from bouwstenen.load import load

IN_2026 = {"SOURCE_DATE_EPOCH": "1790000000"}  # 2026-09-21: the year the figures are measured in


@pytest.fixture
def mini(mini: Path) -> Path:
    """The small library with the party's usual limit of 4 years (the fixture itself allows 50,
    so that the other tests see no warnings about its figures from 2017)."""
    party = mini / "content" / "partij.yml"
    party.write_text(party.read_text("utf-8").replace("cijfers_verouderd_na: 50", "cijfers_verouderd_na: 4"))
    return mini


BRANCH = "content/afdelingen/dorp.yml"
HEADER = "let op: afdeling dorp: 3 waarschuwingen:"
ARMOEDE = (
    "let op: themes/armoede.yml:16: kaart 'armoede' heeft 1 landelijk cijfer ouder dan 4 jaar"
    " (uit 2017; regel 16) — vraag het partijbureau om nieuwere cijfers, en zet zolang een recent"
    " cijfer onder lokale_feiten"
)
JEUGD = (
    ARMOEDE.replace("armoede.yml:16", "jeugd.yml:12")
    .replace("'armoede'", "'jeugd'")
    .replace("regel 16", "regel 12")
)
OWN = (
    "let op: content/afdelingen/dorp.yml:16: dit cijfer is van 2020, ouder dan 4 jaar: Dorp heeft"
    " 5.000 inwoners. — zoek een nieuwer cijfer en zet het jaar erbij, of haal het cijfer weg"
)


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text("utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), "utf-8")


def test_an_old_figure_warns_with_file_and_line_and_blocks_nothing(mini: Path) -> None:
    _edit(mini, BRANCH, "jaar: 2023", "jaar: 2020")
    run = run_cli("--map", str(mini), "controleer", env=IN_2026)
    assert (run.status, run.stdout) == (0, "OK: 2 thema's, 1 afdeling\n")
    assert run.lines == [HEADER, OWN, ARMOEDE, JEUGD]


def test_streng_turns_the_warnings_into_errors(mini: Path) -> None:
    _edit(mini, BRANCH, "jaar: 2023", "jaar: 2020")
    run = run_cli("--map", str(mini), "controleer", "--streng", env=IN_2026)
    assert run.status == 2
    strict = [line.replace("let op: ", "", 1) for line in (OWN, ARMOEDE, JEUGD)]
    assert run.lines == [
        "fout: afdeling dorp: 3 waarschuwingen:",
        *strict,
        "fout: 3 problemen in 3 bestanden; los ze op en probeer het opnieuw",
    ]


def test_streng_on_bouw_builds_nothing(mini: Path) -> None:
    run = run_cli("--map", str(mini), "bouw", "--streng", env=IN_2026)
    assert run.status == 2
    assert run.lines[-1] == "fout: de website is niet bijgewerkt; site/ is nog precies zoals hij was"
    assert not (mini / "site").exists()


def test_the_limit_comes_from_the_party_file(mini: Path) -> None:
    party = mini / "content/partij.yml"
    party.write_text(party.read_text("utf-8").replace("cijfers_verouderd_na: 4", "cijfers_verouderd_na: 10"))
    run = run_cli("--map", str(mini), "controleer", "--streng", env=IN_2026)
    assert (run.status, run.stderr) == (0, "")


def test_warnings_are_github_warnings_in_a_workflow(mini: Path) -> None:
    run = run_cli("--map", str(mini), "controleer", env=IN_2026 | {"GITHUB_ACTIONS": "true"})
    assert run.status == 0
    assert run.lines[1].startswith("::warning file=themes/armoede.yml,line=16::themes/armoede.yml:16: kaart")


# The pairs the issue names, with the texts the library had before issue 16 took the second
# point of each pair off its card (git show 3758ad9^:themes/<card>.yml). Put back beside
# today's jeugd, kwaliteit and vrijwilligers, they must be found again.
REWORDED = {
    "statushouders": [
        (
            "jongeren-niet-loslaten",
            "Jonge vluchtelingen die zonder ouders in Nederland zijn en 18 worden, houden een vaste"
            " jongerenwerker of begeleider. De hulp stopt niet op hun verjaardag.",
        ),
        (
            "vrijwilligerswerk-voor-iedereen",
            "Statushouders kunnen in {{ gemeente.naam }} meteen vrijwilligerswerk doen. De gemeente"
            " haalt regels weg die dat in de weg zitten.",
        ),
    ],
    "toegang": [
        (
            "ruimte-voor-professionals",
            "Professionals in het wijkteam krijgen ruimte en vertrouwen om te doen wat nodig is. Ze"
            " mogen leren en fouten maken. De gemeente zorgt voor een werkdruk die dat mogelijk maakt.",
        )
    ],
}


def _with_rewordings(root: Path) -> Path:
    copy_library(root)
    for card, points in REWORDED.items():
        extra = "".join(f"  - id: {point}\n    tekst: >-\n      {text}\n" for point, text in points)
        _edit(root, f"themes/{card}.yml", "standpunten:\n", "standpunten:\n" + extra)
    return root


def test_the_threshold_finds_the_named_pairs_and_nothing_else(tmp_path: Path) -> None:
    assert warnings.library_duplicates(load(ROOT)) == []  # the library's own points are all distinct
    found = warnings.library_duplicates(load(_with_rewordings(tmp_path / "repo")))
    assert [(pair.first, pair.second) for pair in found] == [
        (
            ("statushouders", "vrijwilligerswerk-voor-iedereen"),
            ("vrijwilligers", "vrijwilligerswerk-voor-iedereen"),
        ),
        (("jeugd", "jonge-vluchtelingen-na-18"), ("statushouders", "jongeren-niet-loslaten")),
        (("kwaliteit", "ruimte-en-vertrouwen"), ("toegang", "ruimte-voor-professionals")),
    ]
    assert [pair.score for pair in found] == [1.0, 0.59, 0.55]


def test_the_most_alike_distinct_points_of_the_library_stay_under_the_threshold() -> None:
    library = load(ROOT)
    points = [
        warnings.Taken(str(card.data["id"]), p["id"], p["tekst"], 0)
        for card in library.themes
        for p in card.data["standpunten"]
    ]
    highest = max(warnings.similarity(a, b) for a, b in combinations(points, 2) if a.card != b.card)
    assert highest < warnings.SIMILAR - 0.1


DUPLICATE = (
    "let op: content/afdelingen/utrecht.yml:48: het standpunt 'jongeren-niet-loslaten' van kaart"
    " 'statushouders' zegt (bijna) hetzelfde als 'jonge-vluchtelingen-na-18' van kaart 'jeugd'"
    " — laat er één weg, bijvoorbeeld: zet 'jongeren-niet-loslaten' onder weglaten bij kaart"
    " 'statushouders'"
)


@pytest.mark.parametrize("slug", ["utrecht", "waadhoeke", "zwolle"])
def test_a_branch_taking_both_points_gets_the_warning(tmp_path: Path, slug: str) -> None:
    root = _with_rewordings(tmp_path / "repo")
    run = run_cli("--map", str(root), "controleer", "--afdeling", slug, env=IN_2026)
    assert run.status == 0
    duplicates = [line for line in run.lines if "(bijna) hetzelfde" in line]
    expected = {
        # utrecht takes jeugd (but drops one point), statushouders, toegang and kwaliteit
        "utrecht": [
            DUPLICATE,
            "let op: content/afdelingen/utrecht.yml:55: het standpunt 'ruimte-en-vertrouwen' van kaart"
            " 'kwaliteit' zegt (bijna) hetzelfde als 'ruimte-voor-professionals' van kaart 'toegang'"
            " — laat er één weg, bijvoorbeeld: zet 'ruimte-en-vertrouwen' onder weglaten bij kaart"
            " 'kwaliteit'",
        ],
        "waadhoeke": [],  # no two cards of hers carry the same point
        "zwolle": [],  # takes jeugd and vrijwilligers, not statushouders
    }[slug]
    assert duplicates == expected


def test_dropping_one_of_the_pair_ends_the_warning(tmp_path: Path) -> None:
    root = _with_rewordings(tmp_path / "repo")
    _edit(
        root,
        "content/afdelingen/utrecht.yml",
        "  - kaart: statushouders\n",
        "  - kaart: statushouders\n    weglaten:\n      - jongeren-niet-loslaten\n",
    )
    run = run_cli("--map", str(root), "controleer", "--afdeling", "utrecht", env=IN_2026)
    assert run.status == 0
    assert "jongeren-niet-loslaten" not in run.stderr


def test_bouw_shows_the_warnings_after_building_and_builds(mini: Path) -> None:
    run = run_cli("--map", str(mini), "bouw", "--werkers", "1", env=IN_2026)
    assert run.status == 0
    assert run.lines == ["let op: afdeling dorp: 2 waarschuwingen:", ARMOEDE, JEUGD]
    assert (mini / "site" / "dorp" / "index.html").is_file()


def test_with_several_branches_a_card_is_warned_about_once(mini: Path) -> None:
    branches = mini / "content" / "afdelingen"
    town = (branches / "dorp.yml").read_text("utf-8").replace("Dorp", "Stad")
    (branches / "stad.yml").write_text(town.replace("jaar: 2023", "jaar: 2020"), "utf-8")
    run = run_cli("--map", str(mini), "controleer", env=IN_2026)
    assert run.status == 0
    assert run.lines[:4] == [
        "let op: landelijke kaarten: 2 waarschuwingen:",
        ARMOEDE,
        JEUGD,
        "let op: afdeling stad: 1 waarschuwing:",
    ]
    assert run.lines[4].startswith("let op: content/afdelingen/stad.yml:16: dit cijfer is van 2020")
    assert len(run.lines) == 5

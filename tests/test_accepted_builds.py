"""What `controleer` accepts, the build builds (issue 20, item 4).

Each case changes a copy of tests/fixtures/mini, runs `controleer` and then builds the
branch `dorp`. Either both succeed and the text is in the built page and handbook, or
`controleer` refuses with the exact Dutch line and exit 2.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import yaml
from bs4 import BeautifulSoup
from conftest import Run, run_cli
from pypdf import PdfReader

BRANCH = "content/afdelingen/dorp.yml"
OWN_POINT = "Een eigen punt van {{ gemeente.naam }}."


def _own_point(mini: Path, text: str) -> None:
    """Replace the branch's own point with `text` (YAML, so quote as needed)."""
    path = mini / BRANCH
    path.write_text(path.read_text(encoding="utf-8").replace(OWN_POINT, text, 1), encoding="utf-8")


def _check_then_build(mini: Path) -> tuple[Run, Run]:
    check = run_cli("--map", str(mini), "controleer")
    assert check.status == 0, check.stderr
    build = run_cli("--map", str(mini), "--afdeling", "dorp")
    assert build.status == 0, build.stderr
    return check, build


def _page(mini: Path, card: str = "armoede") -> str:
    """The text a reader sees on the card's page."""
    html = (mini / "site" / "dorp" / "themas" / card / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").get_text()


def _handbook(mini: Path) -> str:
    """The text of the handbook as pandoc read it: the words in the DOCX."""
    docx = mini / "site" / "dorp" / "downloads" / "dorp-gemeenteprogramma.docx"
    with zipfile.ZipFile(docx) as archive:
        xml = archive.read("word/document.xml")
    return "".join(ElementTree.fromstring(xml).itertext())


def _refused(mini: Path, line: str) -> None:
    check = run_cli("--map", str(mini), "controleer")
    assert check.status == 2, check.stderr
    assert line in check.lines, check.stderr


def test_citations_and_math_stay_text(mini: Path) -> None:
    _own_point(mini, "'Zie @bron en [@x], en $x$ of $$y$$ met \\(z\\)'")
    _check_then_build(mini)
    assert "Zie @bron en [@x], en $x$ of $$y$$ met (z)" in _page(mini)
    assert "Zie @bron en [@x], en $x$ of $$y$$ met (z)" in _handbook(mini)


def test_party_and_branch_names_with_at_sign(mini: Path) -> None:
    partij = mini / "content" / "partij.yml"
    partij.write_text(
        partij.read_text(encoding="utf-8").replace("naam: Testpartij", "naam: 'Partij @team [@x] $5$'"),
        "utf-8",
    )
    branch = mini / BRANCH
    branch.write_text(
        branch.read_text(encoding="utf-8").replace("afdeling: Testpartij Dorp", "afdeling: '@dorp $1$'"),
        "utf-8",
    )
    _check_then_build(mini)
    assert "Partij @team [@x] $5$" in _handbook(mini)
    assert "@dorp $1$" in _handbook(mini)


def test_missing_abbreviation_is_refused_on_the_line(mini: Path) -> None:
    _own_point(mini, "Een punt van {{ partij.afkorting }}.")
    _refused(
        mini,
        f"{BRANCH}:12: de variabele {{{{ partij.afkorting }}}} heeft hier geen waarde"
        " — vul die waarde in (bijvoorbeeld afkorting in content/partij.yml) of haal de variabele weg",
    )


def test_missing_abbreviation_in_a_card_is_refused_on_the_line(mini: Path) -> None:
    card = mini / "themes" / "armoede.yml"
    card.write_text(
        card.read_text(encoding="utf-8").replace("uit.", "uit, zegt {{ partij.afkorting }}."), "utf-8"
    )
    _refused(
        mini,
        "themes/armoede.yml:12: de variabele {{ partij.afkorting }} heeft hier geen waarde"
        " — vul die waarde in (bijvoorbeeld afkorting in content/partij.yml) of haal de variabele weg",
    )


def test_abbreviation_in_a_card_builds_when_the_party_has_one(mini: Path) -> None:
    partij = mini / "content" / "partij.yml"
    partij.write_text(partij.read_text(encoding="utf-8") + "afkorting: TP\n", "utf-8")
    card = mini / "themes" / "armoede.yml"
    card.write_text(
        card.read_text(encoding="utf-8").replace("uit.", "uit, zegt {{ partij.afkorting }}."), "utf-8"
    )
    _check_then_build(mini)
    assert "komt er sneller uit, zegt TP." in _page(mini)


def test_a_5000_digit_year_is_refused(mini: Path) -> None:
    branch = mini / BRANCH
    branch.write_text(
        branch.read_text(encoding="utf-8").replace("jaar: 2023", "jaar: " + "9" * 5000), "utf-8"
    )
    _refused(
        mini,
        f"{BRANCH}:16: dit getal is te lang (meer dan 40 tekens)"
        " — schrijf een gewoon getal, bijvoorbeeld een jaar als 2023",
    )


def test_a_200_kb_word_is_refused_on_its_line(mini: Path) -> None:
    branch = mini / BRANCH
    branch.write_text(
        branch.read_text(encoding="utf-8").replace("{{ afdeling }}.", "{{ afdeling }}.\n  " + "a" * 200_000),
        "utf-8",
    )
    _refused(
        mini,
        f"{BRANCH}:6: er staat een woord van 200000 tekens in deze tekst (meer dan 1000)"
        " — zet spaties tussen de woorden, of maak de link korter",
    )


def test_a_long_link_builds(mini: Path) -> None:
    branch = mini / BRANCH
    long = "https://a.nl/" + "b" * 950
    branch.write_text(
        branch.read_text(encoding="utf-8").replace(
            "{{ afdeling }}.", f"{{{{ afdeling }}}}. Zie [de bron]({long})."
        ),
        "utf-8",
    )
    _check_then_build(mini)
    assert "Zie de bron." in _handbook(mini)


def test_a_control_character_is_refused_on_its_line(mini: Path) -> None:
    _own_point(mini, '"Een punt\\x01 van ons."')
    _refused(
        mini,
        f"{BRANCH}:12: er staat een onzichtbaar stuurteken (U+0001) in deze tekst"
        " — haal het weg; alleen gewone tekens, tabs en nieuwe regels kunnen in een tekst",
    )


def test_a_lone_surrogate_is_refused_on_its_line(mini: Path) -> None:
    _own_point(mini, '"Een punt \\ud800 van ons."')
    _refused(
        mini,
        f"{BRANCH}:12: er staat een half teken (U+D800) in deze tekst"
        " — haal het weg; schrijf tekens zelf, niet als code met \\u",
    )


def test_tabs_and_new_lines_still_build(mini: Path) -> None:
    _own_point(mini, '"Een punt\\tvan ons,\\nover twee regels."')
    _check_then_build(mini)
    assert "van ons," in _page(mini)


def test_folders_named_like_files_are_reported(mini: Path) -> None:
    for folder in ("content/afdelingen/x.yml", "themes/y.yml", "content/gids/z.md"):
        (mini / folder).mkdir()
    check = run_cli("--map", str(mini), "controleer")
    assert check.status == 2, check.stderr
    assert check.lines[:3] == [
        f"{folder}: dit is een map, geen bestand — geef de map een naam zonder {suffix} aan het eind,"
        " of zet hier een bestand"
        for folder, suffix in (
            ("content/afdelingen/x.yml", ".yml"),
            ("content/gids/z.md", ".md"),
            ("themes/y.yml", ".yml"),
        )
    ]
    build = run_cli("--map", str(mini), "--afdeling", "dorp")
    assert build.status == 2, build.stderr
    assert "interne fout" not in build.stderr


def test_a_folder_in_place_of_the_party_file_is_reported(mini: Path) -> None:
    (mini / "content" / "partij.yml").unlink()
    (mini / "content" / "partij.yml").mkdir()
    _refused(
        mini,
        "content/partij.yml: dit is een map, geen bestand — geef de map een naam zonder .yml aan het eind,"
        " of zet hier een bestand",
    )


def test_a_link_in_a_title_set_by_a_branch_stays_text(mini: Path) -> None:
    branch = mini / BRANCH
    title = "[x](https://a.nl) *nadruk* @y $z$"
    branch.write_text(
        branch.read_text(encoding="utf-8").replace(
            "  - kaart: jeugd", f"  - kaart: jeugd\n    titel: '{title}'"
        ),
        "utf-8",
    )
    _check_then_build(mini)
    assert title in _page(mini, "jeugd")
    assert f"2 {title}" in _handbook(mini)


def _pdf_text(mini: Path) -> str:
    pdf = mini / "site" / "dorp" / "downloads" / "dorp-gemeenteprogramma.pdf"
    return "".join(page.extract_text() for page in PdfReader(pdf).pages)


def test_emoji_and_chinese_reach_every_format(mini: Path) -> None:
    _own_point(mini, "'Samen 👍🏽 sterk ❤️, ook in 中文 en ꙮ 🧑‍🤝‍🧑'")
    _check_then_build(mini)
    assert "Samen 👍🏽 sterk ❤️, ook in 中文 en ꙮ 🧑‍🤝‍🧑" in _page(mini)
    assert "Samen 👍🏽 sterk ❤️, ook in 中文 en ꙮ 🧑‍🤝‍🧑" in _handbook(mini)
    pdf = _pdf_text(mini)
    for word in ("👍", "❤", "中文", "ꙮ", "🧑"):
        assert word in pdf, word


def test_a_character_no_font_draws_is_refused_on_its_line(mini: Path) -> None:
    _own_point(mini, "'Een oud teken 𠀀 en een eigen \ue000'")
    _refused(
        mini,
        f"{BRANCH}:12: het teken '𠀀' (U+20000) kan niet in de PDF: geen van de lettertypen heeft het"
        " — haal het weg of schrijf het anders; emoji en Chinese tekens kunnen wel",
    )


def test_a_guide_page_is_checked_like_a_file_of_cards(mini: Path) -> None:
    page = mini / "content" / "gids" / "waarom-nu.md"
    page.write_bytes(page.read_bytes().replace(b"\n", b"\r\n") + b"Nog een regel\x07 met een bel.\r\n")
    lines = page.read_bytes().count(b"\n")
    _refused(
        mini,
        f"content/gids/waarom-nu.md:{lines}: er staat een onzichtbaar stuurteken (U+0007) in deze tekst"
        " — haal het weg; alleen gewone tekens, tabs en nieuwe regels kunnen in een tekst",
    )


def test_a_guide_page_written_on_windows_builds(mini: Path) -> None:
    page = mini / "content" / "gids" / "waarom-nu.md"
    page.write_bytes(page.read_bytes().replace(b"\n", b"\r\n"))
    _check_then_build(mini)


def _voorwoord(mini: Path, text: str) -> None:
    """Set the voorwoord, which has no length limit, to `text`."""
    branch = mini / BRANCH
    data = yaml.safe_load(branch.read_text(encoding="utf-8"))
    branch.write_text(yaml.safe_dump({**data, "voorwoord": text}, allow_unicode=True), "utf-8")


def test_markdown_nested_as_deep_as_allowed_builds(mini: Path) -> None:
    """Quotes 29 deep, a list 14 deep, brackets 20 deep, emphasis 40 stars: each 30 levels or less."""
    _voorwoord(
        mini,
        "> " * 29 + "citaat\n\n" + "".join("    " * i + "- punt\n" for i in range(14)) + "\n"
        "[ " * 20 + "haken" + " ]" * 20 + "\n\n" + "*" * 40 + "nadruk" + "*" * 40,
    )
    _check_then_build(mini)
    home = (mini / "site" / "dorp" / "index.html").read_text(encoding="utf-8")
    assert "citaat" in BeautifulSoup(home, "html.parser").get_text()
    assert "haken" in _handbook(mini)


def test_markdown_nested_hundreds_deep_is_refused(mini: Path) -> None:
    _voorwoord(mini, "Welkom.\n\n" + "> " * 300 + "citaat")
    lines = (mini / BRANCH).read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.startswith("voorwoord:"))
    _refused(
        mini,
        f"{BRANCH}:{line}: de opmaak van deze tekst is te diep genest (meer dan 30 niveaus in elkaar)"
        " — schrijf minder citaten (>) en lijsten in elkaar; een gewone lijst of alinea is genoeg",
    )


def test_a_list_nested_too_deep_on_one_line_is_refused(mini: Path) -> None:
    """Each list level is two elements (ul, li): 16 dashes are 32 levels."""
    _voorwoord(mini, "Welkom.\n\n" + "- " * 16 + "punt")
    lines = (mini / BRANCH).read_text(encoding="utf-8").splitlines()
    line = next(number for number, text in enumerate(lines, 1) if text.startswith("voorwoord:"))
    _refused(
        mini,
        f"{BRANCH}:{line}: de opmaak van deze tekst is te diep genest (meer dan 30 niveaus in elkaar)"
        " — schrijf minder citaten (>) en lijsten in elkaar; een gewone lijst of alinea is genoeg",
    )


def test_brackets_nested_deeper_than_pandoc_can_read_are_refused(mini: Path) -> None:
    _own_point(mini, "'" + "[" * 21 + "a" + "]" * 21 + "'")
    _refused(
        mini,
        f"{BRANCH}:12: er staan meer dan 20 vierkante haken [ in elkaar in deze tekst"
        " — haal haken weg; een link is [tekst](https://...), zonder haken eromheen",
    )

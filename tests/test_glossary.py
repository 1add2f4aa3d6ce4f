"""The glossary (content/begrippen.yml): the first use of a word on a page links to its
explanation on the page Begrippen, and the handbook has an appendix with the words it uses."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import markdown
from bs4 import BeautifulSoup
from conftest import ROOT, run_cli
from playwright.sync_api import Browser
from pypdf import PdfReader
from served import serve

from bouwstenen.compose import compose
from bouwstenen.glossary import Glossary, Term, finish, problems, terms_of
from bouwstenen.handbook import render_handbook
from bouwstenen.load import GLOSSARY_FILE, load
from bouwstenen.sanitize import plain, site_markdown
from bouwstenen.yamlfile import read_yaml

TERMS = (
    Term("wmo", "Wmo", "De wet over hulp thuis.", "Wet maatschappelijke ondersteuning"),
    Term("maatwerk", "maatwerk", "Hulp die bij jou past."),
    Term("integrale-intake", "integrale intake", "Eén gesprek over alles.", vormen=("integrale intakes",)),
    Term("ser", "SER", "De raad van werkgevers en werknemers.", "Sociaal-Economische Raad"),
)


def _page(text: str) -> BeautifulSoup:
    """`text` as it ends up on a site page: cleaned, marked, finished and rendered."""
    written = finish(site_markdown(text, Glossary(TERMS).mark), TERMS, "begrippen.md")
    return BeautifulSoup(markdown.markdown(written, extensions=["admonition", "def_list"]), "html.parser")


def _explained(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [(link.get_text(), str(link["href"])) for link in soup.select("span.begrip > a")]


def test_the_first_use_on_a_page_links_to_its_explanation() -> None:
    soup = _page("De Wmo helpt mensen thuis. Ook de tweede Wmo blijft gewoon tekst.\n\nNog een Wmo.")
    assert _explained(soup) == [("Wmo", "begrippen.md#wmo")]
    link = soup.select_one("span.begrip > a")
    assert link is not None
    assert link["title"] == "Wmo (Wet maatschappelijke ondersteuning): De wet over hulp thuis."
    assert soup.get_text(" ", strip=True) == (
        "De Wmo helpt mensen thuis. Ook de tweede Wmo blijft gewoon tekst. Nog een Wmo."
    )


def test_never_in_a_heading_a_link_code_or_a_bold_name() -> None:
    soup = _page(
        "# Over de Wmo\n\n[de Wmo](https://example.org) en `Wmo` en **SER**, rapport\n\n    Wmo in code\n\n"
        "Hier telt de Wmo wel."
    )
    assert _explained(soup) == [("Wmo", "begrippen.md#wmo")]
    link = soup.select_one("span.begrip > a")
    assert link is not None and link.find_parent("p") is not None
    assert link.find_parent("p").get_text() == "Hier telt de Wmo wel."


def test_whole_words_and_capitals_as_written() -> None:
    assert _explained(_page("wmo, Wmoloket, WMO, SERVICE, Serieus en ser.")) == []
    found = _explained(
        _page("Maatwerk eerst. Een Wmo-loket, twee integrale intakes en een integrale\nintake. De SER.")
    )
    assert found == [
        ("Maatwerk", "begrippen.md#maatwerk"),
        ("Wmo", "begrippen.md#wmo"),
        ("integrale intakes", "begrippen.md#integrale-intake"),
        ("SER", "begrippen.md#ser"),
    ]


def test_a_volunteers_html_and_marks_stay_text() -> None:
    soup = _page('<b onclick="x()">Wmo</b> <script>alert(1)</script> \ue0000\ue001nep\ue002 *maatwerk*')
    assert soup.find("script") is None and soup.find("b") is None
    assert "<script>alert(1)</script>" in soup.get_text()
    assert _explained(soup) == [("Wmo", "begrippen.md#wmo"), ("maatwerk", "begrippen.md#maatwerk")]
    assert "nep" in soup.get_text() and "\ue000" not in str(soup)


def test_the_real_glossary_explains_the_words_from_the_issue() -> None:
    library = load(ROOT)
    assert library.glossary is not None and problems(library.glossary) == []
    terms = {term.term: term for term in terms_of(library.glossary)}
    for word in ("decentralisatie", "Wmo", "beschermingsbewind", "integrale intake", "maatwerk", "hulpbron"):
        assert word in terms
    for organisation, full in {
        "SER": "Sociaal-Economische Raad",
        "VNG": "Vereniging van Nederlandse Gemeenten",
        "Nibud": "Nationaal Instituut voor Budgetvoorlichting",
        "SCP": "Sociaal en Cultureel Planbureau",
    }.items():
        assert terms[organisation].voluit == full
    assert terms["Divosa"].uitleg


def test_a_word_explained_twice_and_a_missing_explanation() -> None:
    text = (
        "begrippen:\n"
        "  - term: Wmo\n"
        "    uitleg: De wet over hulp thuis.\n"
        "  - term: wijkteam\n"
        "  - term: Wmo\n"
        "    uitleg: Nog een keer.\n"
    )
    document, found = read_yaml(text.encode(), GLOSSARY_FILE)
    assert document is not None and not found
    assert [(p.line, p.message, p.hint) for p in problems(document)] == [
        (
            4,
            "'uitleg' ontbreekt",
            "voeg 'uitleg:' toe (Wat het woord betekent, in één of twee korte zinnen in gewone taal)",
        ),
        (
            5,
            "het woord 'Wmo' staat twee keer in de begrippen (eerder op regel 2)",
            "houd één uitleg over; een andere vorm van een woord zet je onder 'vormen'",
        ),
    ]


def test_the_handbook_has_an_appendix_with_only_the_words_it_uses() -> None:
    edition = compose(load(ROOT), "zwolle")
    unused = Term("xyzzy", "xyzzywoord", "Een woord dat nergens staat.")
    edition = replace(edition, begrippen=(*edition.begrippen, unused))
    text = render_handbook(edition, date(2026, 3, 1), "https://example.org/zwolle/").markdown
    appendix = text.split("# Begrippen {.unnumbered}", 1)[1].split("\n# ", 1)[0]
    assert "xyzzywoord" not in appendix
    before = text.split("# Begrippen {.unnumbered}", 1)[0]
    listed = re.findall(r"^(\S[^\n]*)\n+:   ", appendix, flags=re.MULTILINE)
    assert len(listed) > 3 and listed == sorted(listed, key=str.casefold)
    for entry in listed:
        assert entry.split(" (")[0] in before
    wmo = next(term for term in edition.begrippen if term.term == "Wmo")
    if "Wmo" in before:
        assert f"Wmo (Wet maatschappelijke ondersteuning)\n:   {plain(wmo.uitleg)}" in appendix


def test_the_handbook_pdf_explains_its_words(built_site: Path) -> None:
    reader = PdfReader(built_site / "zwolle" / "downloads" / "zwolle-gemeenteprogramma.pdf")
    text = "\n".join(page.extract_text() for page in reader.pages)
    appendix = " ".join(text.split("\nBegrippen\nWat de moeilijkere woorden", 1)[1].split())
    source = (built_site / "zwolle" / "downloads" / "zwolle-gemeenteprogramma.md").read_text("utf-8")
    listed = re.findall(r"^(\S[^\n]*)\n+:   ", source.split("# Begrippen", 1)[1], flags=re.MULTILINE)
    assert listed
    for entry in listed:
        assert entry.replace("\\", "") in appendix


def test_each_site_page_marks_a_word_once_and_begrippen_explains_it(built_site: Path) -> None:
    site = built_site / "zwolle"
    words = BeautifulSoup((site / "begrippen" / "index.html").read_text("utf-8"), "html.parser")
    explained = {str(dt["id"]): dt.get_text(" ", strip=True) for dt in words.select("dl.begrippen dt")}
    assert explained["wmo"] == "Wmo (Wet maatschappelijke ondersteuning)"
    linked: set[str] = set()
    for page in site.rglob("*.html"):
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        targets = [str(a["href"]) for a in soup.select("article span.begrip > a")]
        ids = [target.rsplit("#", 1)[1] for target in targets]
        assert len(ids) == len(set(ids)), f"{page}: a word is linked more than once"
        for a in soup.select("article span.begrip > a"):
            assert not a.find_parents(["h1", "h2", "h3", "h4", "h5", "h6", "a", "code"])
            assert str(a["title"]).casefold().startswith(a.get_text()[:3].casefold())
        linked |= set(ids)
        assert all(target.endswith("begrippen/#" + i) for target, i in zip(targets, ids, strict=True))
    assert linked and linked == set(explained), "Begrippen lists exactly the words the site links"
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    assert "Begrippen" in [a.get_text(strip=True) for a in home.select("nav a")]


def test_the_explanation_opens_by_keyboard_and_by_tap(built_site: Path, browser: Browser) -> None:
    with serve(built_site) as url:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(url + "zwolle/themas/jeugd/")
        word = page.locator("article span.begrip > a").first
        name = word.inner_text()
        word.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/zwolle/begrippen/#"))
        target = page.locator("dl.begrippen dt:target")
        assert target.inner_text().startswith(name[:5])
        assert target.locator("xpath=following-sibling::dd[1]").is_visible()
        page.close()
        context = browser.new_context(viewport={"width": 360, "height": 740}, has_touch=True)
        phone = context.new_page()
        phone.goto(url + "zwolle/themas/mantelzorg/")
        phone.locator("article span.begrip > a").first.tap()
        phone.wait_for_url(re.compile(r"/zwolle/begrippen/#"))
        assert phone.locator("dl.begrippen dt:target").is_visible()
        context.close()


def test_controleer_names_a_word_explained_twice(repo: Path) -> None:
    glossary = repo / GLOSSARY_FILE
    text = glossary.read_text("utf-8")
    glossary.write_text(text + "  - term: Wmo\n    uitleg: Nog een keer dezelfde afkorting.\n", "utf-8")
    first = next(n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "- term: Wmo")
    last = len(text.splitlines()) + 1
    run = run_cli("--map", str(repo), "controleer")
    assert run.status == 2
    assert (
        f"{GLOSSARY_FILE}:{last}: het woord 'Wmo' staat twee keer in de begrippen (eerder op regel {first})"
        " — houd één uitleg over; een andere vorm van een woord zet je onder 'vormen'"
    ) in run.lines

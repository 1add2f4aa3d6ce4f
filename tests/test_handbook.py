"""The handbook as a reader gets it: the text inside the PDF, DOCX, ODT and Markdown."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import docx
import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import ROOT
from odf import teletype
from odf.opendocument import load as load_odt
from odf.text import H, P
from pypdf import PdfReader

from bouwstenen.compose import compose, compose_library
from bouwstenen.handbook import render_handbook
from bouwstenen.load import load
from bouwstenen.render import render
from bouwstenen.sanitize import plain
from bouwstenen.sources import catalogue
from bouwstenen.validate import validate

CHAPTERS = [
    "Mantelzorg",
    "Jeugd",
    "Vrijwilligers",
    "Schulden en armoede",
    "Gezondheid, preventie en sociale basis",
]
OWN_POINT = "geeft de jaarlijkse mantelzorgwaardering zonder ingewikkelde aanvraag"
FIGURE = "Zwolle telt ruim 130.000 inwoners"
FIGURE_SOURCE = "(bron: CBS StatLine, bevolking per gemeente, 2023)"


def _flat(text: str) -> str:
    """Text as a reader sees it: no hyphenation at line ends, single spaces."""
    text = text.replace("\u00ad", "").replace("\u2019", "'")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    return " ".join(text.split())


def _dropped_point() -> str:
    card = yaml.safe_load((ROOT / "themes/jeugd.yml").read_text("utf-8"))
    point = next(p for p in card["standpunten"] if p["id"] == "jonge-vluchtelingen-na-18")
    return " ".join(point["tekst"].replace("{{ gemeente.naam }}", "Zwolle").split()[:8])


def _downloads(site: Path) -> Path:
    return site / "zwolle" / "downloads"


def _assert_content(text: str) -> None:
    assert "Samen Lokaal Zwolle" in text
    assert "Gemeenteprogramma Zwolle" in text
    positions = [text.index(f"{n} {title}", text.index("Voorwoord")) for n, title in enumerate(CHAPTERS, 1)]
    assert positions == sorted(positions), "chapters in the branch's order"
    assert OWN_POINT in text
    assert "1.7 (eigen standpunt)" in text
    assert FIGURE in text and FIGURE_SOURCE in text
    assert _dropped_point() not in text


def test_pdf_text_outline_language_metadata(built_site: Path) -> None:
    reader = PdfReader(_downloads(built_site) / "zwolle-gemeenteprogramma.pdf")
    text = _flat("\n".join(page.extract_text() for page in reader.pages))
    _assert_content(text)
    assert reader.metadata.title == "Gemeenteprogramma Zwolle"
    assert reader.metadata.author == "Samen Lokaal Zwolle"
    assert reader.trailer["/Root"]["/Lang"] == "nl-NL" or reader.trailer["/Root"]["/Lang"].startswith("nl")
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:2] == ["Voorwoord", "1 Mantelzorg"]
    assert "Bronnen" in outline
    assert "Inhoud" in text  # the table of contents page


def test_pdf_has_page_numbers_and_running_header(built_site: Path) -> None:
    reader = PdfReader(_downloads(built_site) / "zwolle-gemeenteprogramma.pdf")
    page = reader.pages[4].extract_text()
    lines = [line.strip() for line in page.splitlines() if line.strip() not in ("", "CONCEPT")]
    assert "Gemeenteprogramma Zwolle" in lines[0]  # Zwolle is a concept: CONCEPT is the background
    assert re.fullmatch(r"\d+", lines[-1]), lines[-1]


def test_docx_text_and_real_heading_styles(built_site: Path) -> None:
    document = docx.Document(_downloads(built_site) / "zwolle-gemeenteprogramma.docx")
    text = _flat("\n".join(p.text for p in document.paragraphs))
    _assert_content(text)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:6] == ["Voorwoord", *(f"{n} {t}" for n, t in enumerate(CHAPTERS, 1))]
    assert document.paragraphs[1].style.name == "Title", "the party's logo above the title"
    assert 'w:val="nl-NL"' in document.styles.element.xml
    body = document.element.xml
    assert "TOC \\o" in body, "a table of contents field Word can update"
    assert "updateFields" not in document.settings.element.xml, "the entries are there: Word need not ask"
    assert 'w:dirty="true"' not in body
    section = document.sections[-1]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), "A4"


def test_odt_text_headings_and_language(built_site: Path) -> None:
    document = load_odt(str(_downloads(built_site) / "zwolle-gemeenteprogramma.odt"))
    headings = [teletype.extractText(h) for h in document.getElementsByType(H)]
    chapters = [
        teletype.extractText(h)
        for h in document.getElementsByType(H)
        if h.getAttribute("outlinelevel") == "1"
    ]
    assert chapters[:6] == ["Voorwoord", *(f"{n} {t}" for n, t in enumerate(CHAPTERS, 1))]
    paragraphs = [teletype.extractText(p) for p in document.getElementsByType(P)]
    _assert_content(_flat("\n".join(headings + paragraphs)))
    assert 'fo:language="nl"' in document.stylesxml()
    assert "text:table-of-content" in document.contentxml().decode("utf-8")
    styles = document.stylesxml()
    assert 'fo:page-width="21cm"' in styles and 'fo:page-height="29.7cm"' in styles, "A4"


def test_markdown_is_the_rendered_handbook(built_site: Path) -> None:
    text = (_downloads(built_site) / "zwolle-gemeenteprogramma.md").read_text("utf-8")
    assert text.startswith("---\ntitle: Gemeenteprogramma Zwolle\n")
    assert "!!!" not in text and "<" not in text.split("# Bronnen")[0]
    _assert_content(_flat(text.replace("**", "").replace("*", "")))


@pytest.mark.parametrize("suffix", ["pdf", "docx", "odt", "md"])
def test_home_page_links_every_format_with_its_size(built_site: Path, suffix: str) -> None:
    home = BeautifulSoup((built_site / "zwolle/index.html").read_text("utf-8"), "html.parser")
    link = home.select_one(f"a[href='downloads/zwolle-gemeenteprogramma.{suffix}#']")
    assert link is not None and link.has_attr("download")
    size = link.next_sibling.strip()
    assert re.fullmatch(r"\(\d+ kB\)|\(\d+,\d MB\)", size), size
    assert (_downloads(built_site) / f"zwolle-gemeenteprogramma.{suffix}").stat().st_size > 1000


SOURCE_TITLES = (
    "De kracht en macht ligt bij de gemeenten",
    "Verbetertraject Toegang",
    "Juist nu kun je het verschil maken",
    "bloeiend sociaal domein",
    "levensbreed vanuit behoeften",
)
"""A phrase from the title of each source text: one entry each in the source list."""


def _source_lines(markdown: str) -> list[str]:
    section = markdown.split("\n# Bronnen", 1)[1].split("\n# Bijlage", 1)[0]
    return [line[2:] for line in section.splitlines() if line.startswith("- ")]


@pytest.mark.parametrize("slug", [None, "utrecht", "waadhoeke", "zwolle"])
def test_the_source_list_names_each_source_once(slug: str | None) -> None:
    library = load(ROOT)
    edition = compose_library(library) if slug is None else compose(library, slug)
    lines = _source_lines(render_handbook(edition, date(2024, 1, 1), "https://example.org/").markdown)
    names = [re.sub(r", (\d{4})(: <.*>)?$", "", line) for line in lines]
    assert len(names) == len(set(names)), lines
    cited = {plain(f.bron) for h in edition.hoofdstukken for f in (*h.feiten, *h.lokale_feiten)}
    assert set(names) == cited | {plain(f.bron) for f in edition.gemeente_feiten}
    for title in SOURCE_TITLES:
        assert sum(title in name for name in names) <= 1, f"{title!r} under more than one name: {names}"
    assert not any(name in catalogue(library) for name in names), "ids become full references"


def test_meetbaar_is_in_the_handbook_and_on_the_site_page(mini: Path) -> None:
    branch = mini / "content/afdelingen/dorp.yml"
    branch.write_text(
        branch.read_text("utf-8").replace(
            "        tekst: Een eigen punt van {{ gemeente.naam }}.\n",
            "        tekst: Een eigen punt van {{ gemeente.naam }}.\n"
            "        meetbaar: Na vier jaar telt {{ gemeente.naam }} hoeveel kinderen meededen.\n",
        ),
        "utf-8",
    )
    library = load(mini)
    assert validate(library) == []
    edition = compose(library, "dorp")
    expected = "Zo meten we het:* Na vier jaar telt Dorp hoeveel kinderen meededen."
    assert expected in render_handbook(edition, date(2024, 1, 1), "https://example.org/dorp/").markdown
    page = next(p for p in render(edition).pages if p.path == "themas/armoede.md")
    assert "    *Zo meten we het:* Na vier jaar telt Dorp hoeveel kinderen meededen" in page.text

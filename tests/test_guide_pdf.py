"""The guide for aspiring aldermen as one PDF: made once per build, published by the portal in
gids/, linked from every guide page of every site, and never stale."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_ok, tree
from pypdf import PdfReader

from bouwstenen import pipeline
from bouwstenen.cache import MANIFEST
from bouwstenen.cli import main
from bouwstenen.compose import GuidePage, compose_library
from bouwstenen.handbook import GUIDE_TITLE
from bouwstenen.load import load
from bouwstenen.problem import Problem

PDF = "gids-voor-aspirant-wethouders.pdf"
LINK_TEXT = "De gids als PDF"


def _words(text: str) -> str:
    """Only letters and digits, lower case: hyphenation, line breaks and typographic quotes
    in a PDF's text do not get in the way of finding a sentence in it."""
    return re.sub(r"[\W_]+", "", text.replace("\u00ad", "")).lower()


def _pdf_text(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def _sentence(page: GuidePage) -> str:
    """The first sentence of the page's first paragraph, without Markdown's link targets."""
    lines = [line for line in page.tekst.splitlines() if line.strip()]
    paragraph = next(line for line in lines if not re.match(r"\s*(#|-|\*|>|\||\d+\.)", line))
    text = re.sub(r"\]\([^)]*\)", "]", paragraph)
    return re.split(r"(?<=[.?!])\s", text)[0]


def _chapter_title(page: GuidePage) -> str:
    return "Inleiding" if page.slug == "index" else page.titel


def _pdf_link(html: Path) -> tuple[Path, str]:
    """Where the PDF link on the page `html` points, resolved on disk, and the size it shows."""
    soup = BeautifulSoup(html.read_text("utf-8"), "html.parser")
    link = soup.find("a", string=LINK_TEXT)
    assert link is not None, f"no link to the guide's PDF on {html}"
    size = re.match(r"\s*\((\d+ kB|\d+,\d MB)\)", str(link.next_sibling))
    assert size, link.parent
    return (html.parent / str(link["href"])).resolve(), size[1]


def _size(path: Path) -> str:
    return f"{max(1, round(path.stat().st_size / 1000))} kB"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- the real library ---------------------------------------------------------------------------


def test_the_pdf_has_a_title_page_contents_and_every_page_in_the_guides_order(built_site: Path) -> None:
    guide = compose_library(load(built_site.parent)).gids
    pages = _pdf_text(built_site / "gids" / PDF)
    assert GUIDE_TITLE in pages[0] and "Samen Lokaal" in pages[0], "title page with the party's name"
    contents = _words(pages[1])
    assert contents.startswith("inhoud")
    assert all(_words(_chapter_title(page)) in contents for page in guide)
    body = _words("\n".join(pages[2:]))
    positions = []
    for page in guide:
        title, sentence = _words(_chapter_title(page)), _words(_sentence(page))
        assert title in body, page.slug
        assert sentence in body, (page.slug, _sentence(page))
        positions.append(body.index(title + sentence))
    assert positions == sorted(positions), "the pages in the guide's order, each under its title"


def test_the_pdf_is_readable_a4_in_the_house_style(built_site: Path) -> None:
    reader = PdfReader(built_site / "gids" / PDF)
    assert reader.metadata.title == GUIDE_TITLE
    assert reader.metadata.author == "Samen Lokaal"
    assert reader.trailer["/Root"]["/Lang"].startswith("nl")
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    fonts = {
        str(font["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"].get("/Font", {}).values()
    }
    assert any(name.startswith("LibertinusSerif") for name in fonts), fonts
    assert "Inleiding" in _pdf_text(built_site / "gids" / PDF)[2].splitlines()[0], "running header"


def test_links_between_guide_pages_stay_inside_the_pdf(built_site: Path) -> None:
    reader = PdfReader(built_site / "gids" / PDF)
    inside, outside = 0, []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A", {})
            if "/URI" in action:
                outside.append(str(action["/URI"]))
            elif action.get("/S") == "/GoTo" or "/Dest" in annotation.get_object():
                inside += 1
    assert inside >= 11, "the index links to every other page"
    assert not [uri for uri in outside if not uri.startswith(("https://", "http://", "mailto:"))]


@pytest.mark.parametrize("page", ["zwolle/gids/index.html", "zwolle/gids/waarom-nu/index.html"])
def test_a_branch_guide_page_links_to_the_one_pdf(built_site: Path, page: str) -> None:
    target, size = _pdf_link(built_site / page)
    assert target == (built_site / "gids" / PDF).resolve() and target.is_file()
    assert size == _size(target)
    assert not (built_site / "zwolle" / "gids" / PDF).exists(), "one copy, at the root"


@pytest.mark.parametrize("page", ["index.html", "gids/index.html", "gids/drie-wetten/index.html"])
def test_the_portal_links_to_the_pdf(built_site: Path, page: str) -> None:
    target, size = _pdf_link(built_site / page)
    assert target == (built_site / "gids" / PDF).resolve() and target.is_file()
    assert size == _size(target)


# --- changes and failures, on the small library -------------------------------------------------


def test_a_changed_guide_page_changes_the_pdf_and_the_size_each_site_shows(mini: Path) -> None:
    build_ok(mini)
    pdf = mini / "site" / "gids" / PDF
    before = _digest(pdf)
    page = mini / "content" / "gids" / "waarom-nu.md"
    added = "Een wethouder leest deze nieuwe zin ook op papier, met alle andere pagina's erbij."
    page.write_text(page.read_text("utf-8") + "\n" + added * 40 + "\n", "utf-8")
    build_ok(mini, "--afdeling", "dorp")  # also rebuilds the portal, which publishes the PDF
    assert _digest(pdf) != before
    assert _words(added) in _words("".join(_pdf_text(pdf)))
    for html in ("dorp/gids/waarom-nu/index.html", "gids/waarom-nu/index.html"):
        target, size = _pdf_link(mini / "site" / html)
        assert target == pdf.resolve() and size == _size(pdf)


def test_a_build_that_does_not_touch_the_guide_keeps_its_pdf(mini: Path) -> None:
    build_ok(mini)
    made = mini / ".build" / "_gids" / PDF
    first = (made.stat().st_ino, made.stat().st_mtime_ns, _digest(mini / "site" / "gids" / PDF))
    card = mini / "themes" / "jeugd.yml"
    card.write_text(card.read_text("utf-8") + "\n# een opmerking\n", "utf-8")
    assert build_ok(mini)[0].startswith("dorp:"), "the branch is built again"
    assert (made.stat().st_ino, made.stat().st_mtime_ns, _digest(mini / "site" / "gids" / PDF)) == first
    build_ok(mini, "--schoon")
    assert made.stat().st_mtime_ns != first[1], "--schoon makes it anew"
    assert _digest(mini / "site" / "gids" / PDF) == first[2], "the same input gives the same bytes"


def test_a_failing_guide_pdf_leaves_the_site_as_it_was(
    mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    build_ok(mini)
    before = tree(mini / "site", skip=(MANIFEST,))
    page = mini / "content" / "gids" / "waarom-nu.md"
    page.write_text(page.read_text("utf-8") + "\nNog een zin.\n", "utf-8")

    def broken(*_args: object, **_kwargs: object) -> tuple[None, list[Problem]]:
        where = f"site/gids/{PDF.removesuffix('.pdf')}"
        return None, [Problem(where, 0, "Typst kon de PDF niet maken: stuk", "meld het", severity="intern")]

    monkeypatch.setattr(pipeline, "build_pdf", broken)
    assert main(["--map", str(mini), "--werkers", "1"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "interne fout: site/gids/gids-voor-aspirant-wethouders: Typst kon de PDF niet maken: stuk — meld het"
    )
    assert tree(mini / "site", skip=(MANIFEST,)) == before

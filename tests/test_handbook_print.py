"""The handbook as a committee prints it: Dutch names, title page, appendix, white space, the
ODT's title and the table of contents in DOCX and ODT (issue 17)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest
from conftest import build_ok, copy_library, run_cli
from odf import teletype
from odf.opendocument import load as load_odt
from odf.text import H, P
from pypdf import PdfReader

from bouwstenen.compose import compose
from bouwstenen.documents import build_documents
from bouwstenen.handbook import render_handbook
from bouwstenen.load import load

SLUG = "den-bosch"
NAME = "'s-Hertogenbosch"
COLOUR = "#8a1538"
"""The party colour in the copy: not the colour the reference documents are drawn in."""
CHAPTERS = [
    "Voorwoord",
    "1 Mantelzorg",
    "2 Jeugd",
    "3 Vrijwilligers",
    "4 Schulden en armoede",
    "5 Gezondheid, preventie en sociale basis",
    "Bronnen",
    "Begrippen",
    "Bijlage: gids voor aspirant-wethouders",
]
ELISIONS = ("’s avonds", "’s nachts", "Zo’n", "d’r", "‘even helpen’")
"""As the foreword must read: pandoc paired the first straight quote with the closing one of
'even helpen' into a quotation."""
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
XLINK = "{http://www.w3.org/1999/xlink}"


def _branch(root: Path) -> None:
    """Zwolle's branch file as a branch in 's-Hertogenbosch, the only branch in `root`, with
    Dutch elisions in its foreword and the party in another colour."""
    branches = root / "content/afdelingen"
    text = (branches / "zwolle.yml").read_text("utf-8")
    text = text.replace("afdeling: Samen Lokaal Zwolle", f'afdeling: "Samen Lokaal {NAME}"')
    text = text.replace("  naam: Zwolle", f'  naam: "{NAME}"')
    text = text.replace("- tekst: Zwolle telt", f'- tekst: "{NAME} telt').replace(
        "inwoners.\n", 'inwoners."\n', 1
    )
    text = text.replace(
        "Zonder hen loopt de stad vast.",
        "Zonder hen loopt de stad vast, ook 's avonds en 's nachts. Zo'n buur is d'r altijd, en"
        " 'even helpen' heet dat.",
    )
    for path in branches.glob("*.yml"):
        path.unlink()
    (branches / f"{SLUG}.yml").write_text(text.replace("Zwolle", NAME), "utf-8")
    party = root / "content/partij.yml"
    party.write_text(party.read_text("utf-8").replace('primair: "#1f5d7a"', f'primair: "{COLOUR}"'), "utf-8")


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real library whose one branch is in 's-Hertogenbosch, built once."""
    root = copy_library(tmp_path_factory.mktemp("den-bosch"))
    _branch(root)
    build_ok(root)
    return root


@pytest.fixture(scope="module")
def downloads(library: Path) -> Path:
    return library / "site" / SLUG / "downloads"


def _pages(pdf: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(pdf).pages]


def test_pdf_writes_the_apostrophe_of_dutch_names(downloads: Path) -> None:
    text = "\n".join(_pages(downloads / f"{SLUG}-gemeenteprogramma.pdf"))
    flat = " ".join(text.split())
    assert flat.count("’s-Hertogenbosch") > 30
    assert not re.search("\u2018s[- ]", text), "an opening quote before s"
    assert "'" not in text, "a straight quote left (the title page, from sys.inputs)"
    for elision in ELISIONS:
        assert elision in flat, elision


def _docx_text(path: Path) -> str:
    return "\n".join(paragraph.text for paragraph in docx.Document(str(path)).paragraphs)


def _odt_text(path: Path) -> str:
    document = load_odt(str(path))
    return "\n".join(
        teletype.extractText(p) for p in document.getElementsByType(P) + document.getElementsByType(H)
    )


def test_docx_and_odt_keep_the_apostrophe(downloads: Path) -> None:
    stem = downloads / f"{SLUG}-gemeenteprogramma"
    for text in (
        _docx_text(stem.with_suffix(".docx")),
        _odt_text(stem.with_suffix(".odt")).replace("\u2011", "-"),
    ):
        flat = " ".join(text.split())
        assert "’s-Hertogenbosch" in flat and "\u2018s" not in flat
        assert all(elision in flat for elision in ELISIONS), flat[:600]


def test_docx_and_odt_hyphen_after_s_does_not_break(downloads: Path) -> None:
    stem = downloads / f"{SLUG}-gemeenteprogramma"
    with zipfile.ZipFile(stem.with_suffix(".docx")) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
    with zipfile.ZipFile(stem.with_suffix(".odt")) as archive:
        content = archive.read("content.xml").decode("utf-8")
    # The logo's alt text is read aloud, never broken into lines: it keeps its plain hyphen.
    alt = re.compile(r'descr="[^"]*"|<svg:title>[^<]*</svg:title>')
    assert not re.search(r"’s-\w", alt.sub("", document + content)), "a hyphen a line may end on"
    assert document.count("’s</w:t><w:noBreakHyphen/>") > 30
    assert content.count("’s\u2011Hertogenbosch") > 30


def test_a_name_never_breaks_after_its_s(downloads: Path) -> None:
    pages = _pages(downloads / f"{SLUG}-gemeenteprogramma.pdf")
    title = [line.strip() for line in pages[0].splitlines() if line.strip() not in ("", "CONCEPT")]
    assert "Gemeenteprogramma ’s-Hertogenbosch" in " ".join(title)
    assert any(line.endswith("’s-Hertogenbosch") for line in title), title
    broken = [line for page in pages for line in page.splitlines() if re.search(r"’s-\s*$", line)]
    assert broken == []


def test_appendix_links_have_no_stray_colon(downloads: Path) -> None:
    markdown = (downloads / f"{SLUG}-gemeenteprogramma.md").read_text("utf-8")
    appendix = markdown.split("# Bijlage", 1)[1]
    assert re.search(r"[?!.]:", appendix) is None
    pdf = "\n".join(_pages(downloads / f"{SLUG}-gemeenteprogramma.pdf"))
    assert "worden?\n" in pdf and "worden?:" not in pdf, "each link on a line of its own"


def _first_pages(pdf: Path) -> dict[str | None, int | None]:
    """The page each chapter starts on, from the PDF's bookmarks."""
    reader = PdfReader(pdf)
    return {
        item.title: reader.get_destination_page_number(item)
        for item in reader.outline
        if not isinstance(item, list)  # a list holds the sub-headings of the item before it
    }


def test_chapters_follow_each_other_unless_the_party_wants_new_pages(library: Path, tmp_path: Path) -> None:
    handbook = render_handbook(compose(load(library), SLUG), date(2026, 3, 1), "https://example.org/")
    counts = {}
    for new_page in (False, True):
        out = tmp_path / str(new_page)
        made, problems = build_documents(
            replace(handbook, chapter_on_new_page=new_page), library, out, 0, {}, kinds=()
        )
        assert problems == [] and made
        pdf = out / f"{handbook.filename}.pdf"
        starts = _first_pages(pdf)
        assert list(starts) == CHAPTERS
        pages = list(starts.values())
        if new_page:
            assert len(set(pages)) == len(pages), "every chapter on a page of its own"
        else:
            assert starts["1 Mantelzorg"] == starts["Voorwoord"], "the short foreword shares its page"
        counts[new_page] = len(PdfReader(pdf).pages)
    assert counts[False] < counts[True]


def test_odt_title_is_in_the_party_colour(downloads: Path) -> None:
    with zipfile.ZipFile(downloads / f"{SLUG}-gemeenteprogramma.odt") as archive:
        styles = ElementTree.fromstring(archive.read("styles.xml"))
    colours = {
        style.get(f"{STYLE}name"): properties.get(f"{FO}color")
        for style in styles.iter(f"{STYLE}style")
        for properties in style.iter(f"{STYLE}text-properties")
    }
    assert colours["Title"] == COLOUR
    assert colours["Subtitle"] == COLOUR
    assert colours["Heading_20_1"] == COLOUR


def test_docx_table_of_contents_has_its_entries(downloads: Path) -> None:
    with zipfile.ZipFile(downloads / f"{SLUG}-gemeenteprogramma.docx") as archive:
        body = ElementTree.fromstring(archive.read("word/document.xml"))
    bookmarks = {mark.get(f"{W}name") for mark in body.iter(f"{W}bookmarkStart")}
    table = next(body.iter(f"{W}sdtContent"))
    entries = [
        (link.get(f"{W}anchor"), "".join(t.text or "" for t in link.iter(f"{W}t")))
        for link in table.iter(f"{W}hyperlink")
    ]
    assert [text for _, text in entries] == CHAPTERS
    assert all(anchor in bookmarks for anchor, _ in entries), "each entry links to its heading"
    assert "TOC \\o" in "".join(t.text or "" for t in table.iter(f"{W}instrText")), "Word can still update it"


def test_odt_table_of_contents_has_its_entries(downloads: Path) -> None:
    with zipfile.ZipFile(downloads / f"{SLUG}-gemeenteprogramma.odt") as archive:
        content = ElementTree.fromstring(archive.read("content.xml"))
    table = next(content.iter(f"{TEXT}table-of-content"))
    body = table.find(f"{TEXT}index-body")
    assert body is not None
    title = body.find(f"{TEXT}index-title")
    assert title is not None and "".join(title.itertext()) == "Inhoud"
    links = list(body.iter(f"{TEXT}a"))
    assert ["".join(link.itertext()) for link in links] == CHAPTERS
    bookmarks = {mark.get(f"{TEXT}name") for mark in content.iter(f"{TEXT}bookmark-start")}
    assert all(link.get(f"{XLINK}href", "").removeprefix("#") in bookmarks for link in links)


SOFFICE = shutil.which("soffice")


@pytest.mark.parametrize("suffix", ["docx", "odt"])
def test_libreoffice_shows_the_table_of_contents(downloads: Path, tmp_path: Path, suffix: str) -> None:
    # Never skipped: .ci/run installs LibreOffice (libreoffice-writer-nogui), a skip would hide a failure.
    assert SOFFICE is not None, (
        "LibreOffice ontbreekt: apt-get install libreoffice-writer-nogui (zie .ci/run)"
    )
    source = downloads / f"{SLUG}-gemeenteprogramma.{suffix}"
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={(tmp_path / 'profiel').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    text = "\n".join(_pages(tmp_path / source.with_suffix(".pdf").name))
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    contents = lines.index("Inhoud")
    assert lines[contents + 1 : contents + 1 + len(CHAPTERS)] == CHAPTERS
    title = lines[: lines.index("Sociaal domein: handboek voor de programmacommissie")]
    assert re.sub(r"\s+", " ", " ".join(title)).endswith("Gemeenteprogramma ’s-Hertogenbosch"), title
    assert not any(re.search("’s[-\u2011]$", line) for line in lines), "a line ends on 's-"


def test_a_wrong_value_for_new_pages_is_named_in_dutch(repo: Path) -> None:
    party = repo / "content/partij.yml"
    text = party.read_text("utf-8").replace(
        "hoofdstuk_op_nieuwe_pagina: nee", "hoofdstuk_op_nieuwe_pagina: soms"
    )
    party.write_text(text, "utf-8")
    line = text.splitlines().index("hoofdstuk_op_nieuwe_pagina: soms") + 1
    run = run_cli("--map", str(repo), "controleer")
    assert run.status == 2
    expected = (
        f"content/partij.yml:{line}: 'hoofdstuk_op_nieuwe_pagina' kan niet 'soms' zijn — kies 'ja' of 'nee'"
    )
    assert expected in run.lines


@pytest.mark.parametrize(("setting", "new_page"), [("", False), ("nee", False), ("ja", True)])
def test_the_party_chooses_whether_chapters_start_a_page(repo: Path, setting: str, new_page: bool) -> None:
    party = repo / "content/partij.yml"
    text = re.sub(r"\nhoofdstuk_op_nieuwe_pagina: .*\n", "\n", party.read_text("utf-8"))
    party.write_text(text + (f"hoofdstuk_op_nieuwe_pagina: {setting}\n" if setting else ""), "utf-8")
    edition = compose(load(repo), "zwolle")
    assert render_handbook(edition, date(2026, 3, 1), "https://example.org/").chapter_on_new_page is new_page

"""Accessible documents (issue 15, items 2 and 3).

Every PDF (handbook, amendments, guide, kernpunten, debate cards) goes through a PDF/UA-1 checker from
the package registry (pdfua, with pikepdf) and through our own checks of its structure
tree, language, title and alt texts. The DOCX and ODT are read back for heading styles,
language, title, the logo's alt text and header rows; LibreOffice opens them as a reader
would and exports them as PDF/UA, which shows what it understood: headings, a filled table of
contents, the logo's alt text, table headers.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import docx
import pdfua
import pikepdf
import pytest
from conftest import build_ok, copy_library, run_cli
from PIL import Image
from pypdf import PdfReader

from bouwstenen.compose import compose
from bouwstenen.documents import build_documents
from bouwstenen.handbook import render_amendments, render_handbook
from bouwstenen.load import load

BRANCH = "Samen Lokaal Zwolle"
PARTY = "Samen Lokaal"
LOGO = "Logo van Samen Lokaal: twee mensen naast elkaar, een blauwe en een oranje"
"""What content/partij.yml says is on the logo (logo_beschrijving): every document's alt text."""
HANDBOOK = "site/zwolle/downloads/zwolle-gemeenteprogramma"
AMENDMENTS = "site/zwolle/downloads/zwolle-amendementen"
PDFS = {
    f"{HANDBOOK}.pdf": ("Gemeenteprogramma Zwolle", [LOGO]),
    "site/gids/gids-voor-aspirant-wethouders.pdf": ("Gids voor aspirant-wethouders", [LOGO]),
    "site/zwolle/downloads/zwolle-kernpunten.pdf": (
        f"Kernpunten {BRANCH}",
        [LOGO, "QR-code naar het hele programma: "],  # + the site's address
    ),
    "stemhulp/zwolle/debatkaarten.pdf": (f"Debatkaarten {BRANCH}", []),
    f"{AMENDMENTS}.pdf": ("Amendementen Zwolle", [LOGO]),
}
"""Each PDF a user gets, with its title and the alt texts of its figures (or how they begin)."""
AMENDMENT = """\
# yaml-language-server: $schema=../../schemas/amendementen.schema.json
amendementen:
  - nummer: 1
    indieners: [Jan Jansen]
    over: "1.1"
    soort: wijzigen
    tekst: Mantelzorgers in {{ gemeente.naam }} krijgen elk jaar een week respijtzorg.
    toelichting: Een week per jaar is haalbaar.
    besluit: open
"""
KNOWN_CHECKER_BUG = {"UA-14-001"}
"""pdfua 0.1.3 cannot run its empty-heading rule on a heading whose /K is an array (it asks a
pikepdf Array for an attribute, which raises ValueError): _pdf_problems checks that instead."""

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
FO = "{urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
SVG = "{urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real library, Zwolle with an amendment, built with its debate cards."""
    root = copy_library(tmp_path_factory.mktemp("toegankelijk"))
    (root / "content/afdelingen/zwolle.amendementen.yml").write_text(AMENDMENT, "utf-8")
    build_ok(root)
    assert run_cli("--map", str(root), "stemhulp").status == 0
    return root


# --- PDF -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Tag:
    """One element of a PDF's structure tree, in reading order."""

    role: str
    alt: str | None
    marks_content: bool
    """Whether it or an element under it holds page content (a marked-content id)."""


def _tags(root: pikepdf.Dictionary) -> list[Tag]:
    """Every element of the structure tree under `root`, in reading order."""
    return [
        Tag(str(element.S), None if "/Alt" not in element else str(element.Alt), _marks_content(element))
        for element in _elements(root)
    ]


def _elements(node: object) -> list[pikepdf.Dictionary]:
    """`node` (when it is an element) and every element under it, in reading order."""
    if not isinstance(node, pikepdf.Dictionary):
        return []
    kids = node.get("/K")
    below = [e for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]) for e in _elements(kid)]
    return [node, *below] if "/S" in node else below


def _marks_content(node: object) -> bool:
    if isinstance(node, int):
        return True
    if isinstance(node, pikepdf.Array):
        return any(_marks_content(kid) for kid in node)
    if isinstance(node, pikepdf.Dictionary):
        return node.get("/Type") == pikepdf.Name.MCR or _marks_content(node.get("/K"))
    return False


_HEADING = re.compile(r"/H([1-6])")


def _heading_problems(tags: list[Tag]) -> list[str]:
    """Headings start at H1, never skip a level going down, and each holds text."""
    problems = []
    previous = 0
    for tag in tags:
        level = _HEADING.fullmatch(tag.role)
        if level is None:
            continue
        if int(level[1]) > previous + 1:
            problems.append(f"{tag.role} follows H{previous}" if previous else f"first heading is {tag.role}")
        if not tag.marks_content:
            problems.append(f"empty {tag.role}")
        previous = int(level[1])
    return problems if previous else ["no headings"]


def _pdf_problems(path: Path, title: str) -> list[str]:
    """What keeps `path` from being an accessible PDF with `title`, in our own checks."""
    with pikepdf.open(path) as pdf:
        catalog = pdf.Root
        problems = []
        if "/StructTreeRoot" not in catalog:
            return ["no structure tree"]
        if catalog.get("/MarkInfo", {}).get("/Marked") is not True:
            problems.append("not marked as tagged")
        if not str(catalog.get("/Lang", "")).startswith("nl"):
            problems.append(f"language {catalog.get('/Lang')}")
        if str(pdf.docinfo.get("/Title", "")) != title:
            problems.append(f"title {pdf.docinfo.get('/Title')}")
        if catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
            problems.append("the window shows the file name, not the title")
        with pdf.open_metadata() as xmp:
            if xmp.get("dc:title") != title:
                problems.append(f"XMP title {xmp.get('dc:title')}")
            if xmp.get("pdfuaid:part") != "1":
                problems.append("no PDF/UA-1 identification in XMP")
        tags = _tags(catalog.StructTreeRoot)
        problems += _heading_problems(tags)
        problems += [f"{tag.role} without alt text" for tag in tags if tag.role == "/Figure" and not tag.alt]
        return problems


def _figures(path: Path) -> list[str | None]:
    with pikepdf.open(path) as pdf:
        return [tag.alt for tag in _tags(pdf.Root.StructTreeRoot) if tag.role == "/Figure"]


def _checker(path: Path) -> tuple[list[str], set[str]]:
    """The findings of the PDF/UA checker, and the rules it could not run."""
    report = pdfua.validate(str(path))
    findings = [f"{finding.rule_id}: {finding.message}" for finding in report.findings]
    return findings, {outcome.rule_id for outcome in report.skipped}


@pytest.mark.parametrize("name", list(PDFS))
def test_every_pdf_passes_the_pdfua_checker(library: Path, name: str) -> None:
    findings, skipped = _checker(library / name)
    assert findings == []
    assert skipped <= KNOWN_CHECKER_BUG, "a rule the checker could not run"


@pytest.mark.parametrize("name", list(PDFS))
def test_every_pdf_has_structure_language_title_and_alt_texts(library: Path, name: str) -> None:
    title, figures = PDFS[name]
    assert _pdf_problems(library / name, title) == []
    found = _figures(library / name)
    assert len(found) == len(figures) and all(
        alt is not None and alt.startswith(start) for alt, start in zip(found, figures, strict=True)
    ), found


def _spoiled(source: Path, target: Path) -> Path:
    """`source` without its language, title and the logo's alt text, its window showing the
    file name, and its first H2 made an H3."""
    with pikepdf.open(source) as pdf:
        del pdf.Root["/Lang"]
        del pdf.docinfo["/Title"]
        pdf.Root.ViewerPreferences.DisplayDocTitle = False
        for element in _elements(pdf.Root.StructTreeRoot):
            if element.get("/S") == pikepdf.Name.Figure:
                del element["/Alt"]
        next(
            e for e in _elements(pdf.Root.StructTreeRoot) if e.get("/S") == pikepdf.Name.H2
        ).S = pikepdf.Name.H3
        pdf.save(target)
    return target


def test_the_checks_catch_a_pdf_that_is_not_accessible(library: Path, tmp_path: Path) -> None:
    spoiled = _spoiled(library / f"{HANDBOOK}.pdf", tmp_path / "slecht.pdf")
    findings, _ = _checker(spoiled)
    assert {finding.split(":")[0] for finding in findings} >= {
        "UA-06-001",
        "UA-07-001",
        "UA-07-002",
        "UA-13-004",
    }
    assert _pdf_problems(spoiled, "Gemeenteprogramma Zwolle") == [
        "language None",
        "title None",
        "the window shows the file name, not the title",
        "/H3 follows H1",
        "/Figure without alt text",
    ]


# --- DOCX and ODT, as written ---------------------------------------------------------------


def _part(path: Path, name: str) -> ElementTree.Element:
    with zipfile.ZipFile(path) as archive:
        return ElementTree.fromstring(archive.read(name))


@pytest.mark.parametrize("stem", [HANDBOOK, AMENDMENTS])
def test_docx_has_heading_styles_language_title_and_alt_texts(library: Path, stem: str) -> None:
    path = library / f"{stem}.docx"
    document = docx.Document(str(path))
    assert document.core_properties.title == PDFS[f"{stem}.pdf"][0]
    assert document.core_properties.language == "nl-NL"
    defaults = _part(path, "word/styles.xml").find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert defaults is not None and defaults.get(f"{W}val") == "nl-NL", "Word's spelling language"
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"]
        outline = style.element.find(f"{W}pPr/{W}outlineLvl")
        assert outline is not None and outline.get(f"{W}val") == str(level - 1), style.name
    used = {paragraph.style.name for paragraph in document.paragraphs}
    assert {"Title", "Heading 1"} <= used
    body = _part(path, "word/document.xml")
    assert [picture.get("descr") for picture in body.iter(f"{WP}docPr")] == [LOGO]
    assert document.inline_shapes[0].width.cm == pytest.approx(2.8, abs=0.01)


def test_every_docx_table_has_a_header_row(library: Path) -> None:
    path = library / f"{AMENDMENTS}.docx"
    styles = _part(path, "word/styles.xml")
    table_style = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "Table")
    header_row = next(p for p in table_style.iter(f"{W}tblStylePr") if p.get(f"{W}type") == "firstRow")
    assert header_row.find(f"{W}rPr/{W}b") is not None, "a sighted reader sees the header row too"
    tables = list(_part(path, "word/document.xml").iter(f"{W}tbl"))
    assert len(tables) == 2, "the texts side by side and the vote"
    for table in tables:
        rows = table.findall(f"{W}tr")
        header = rows[0].find(f"{W}trPr/{W}tblHeader")
        assert header is not None, "the first row is a header row, repeated on every page"
        assert all(row.find(f"{W}trPr/{W}tblHeader") is None for row in rows[1:])


def test_odt_has_heading_styles_language_title_and_alt_texts(library: Path) -> None:
    path = library / f"{HANDBOOK}.odt"
    meta = _part(path, "meta.xml")
    assert meta.findtext(f"{OFFICE}meta/{DC}title") == "Gemeenteprogramma Zwolle"
    assert meta.findtext(f"{OFFICE}meta/{DC}language") == "nl-NL"
    styles = _part(path, "styles.xml")
    paragraph = next(
        style for style in styles.iter(f"{STYLE}default-style") if style.get(f"{STYLE}family") == "paragraph"
    )
    text = paragraph.find(f"{STYLE}text-properties")
    assert text is not None and (text.get(f"{FO}language"), text.get(f"{FO}country")) == ("nl", "NL")
    levels = {
        style.get(f"{STYLE}name"): style.get(f"{STYLE}default-outline-level")
        for style in styles.iter(f"{STYLE}style")
    }
    assert [levels[f"Heading_20_{level}"] for level in (1, 2, 3)] == ["1", "2", "3"]
    content = _part(path, "content.xml")
    headings = [(h.get(f"{TEXT}style-name"), h.get(f"{TEXT}outline-level")) for h in content.iter(f"{TEXT}h")]
    assert all(style == f"Heading_20_{level}" for style, level in headings), "each heading in its own style"
    assert {level for _, level in headings} >= {"1", "2"}
    frames = list(content.iter(f"{DRAW}frame"))
    assert [frame.findtext(f"{SVG}title") for frame in frames] == [LOGO]
    with zipfile.ZipFile(path) as archive:
        manifest = archive.read("META-INF/manifest.xml").decode("utf-8")
        assert archive.read("Pictures/logo.png").startswith(b"\x89PNG")
    assert 'manifest:full-path="Pictures/logo.png"' in manifest


@pytest.fixture(scope="module")
def amendments_odt(library: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The amendments as an ODT too: the build offers them as DOCX only, but pandoc and the
    house style must give an ODT table its header row as well."""
    document = render_amendments(compose(load(library), "zwolle"), date(2026, 3, 1))
    assert document is not None
    out = tmp_path_factory.mktemp("amendementen")
    made, problems = build_documents(document, library, out, 0, {}, kinds=("odt",))
    assert problems == [] and made
    return out / f"{document.filename}.odt"


def test_every_odt_table_has_a_header_row(amendments_odt: Path) -> None:
    tables = list(_part(amendments_odt, "content.xml").iter(f"{TABLE}table"))
    assert len(tables) == 2
    for table in tables:
        header = table.find(f"{TABLE}table-header-rows")
        assert header is not None and len(header.findall(f"{TABLE}table-row")) == 1


def test_documents_stay_the_same_for_the_same_input(library: Path, tmp_path: Path) -> None:
    """The logo goes in the same way every time: same input, same bytes."""
    document = render_amendments(compose(load(library), "zwolle"), date(2026, 3, 1))
    assert document is not None
    made = []
    for attempt in ("een", "twee"):
        build_documents(document, library, tmp_path / attempt, 0, {}, kinds=("docx", "odt"))
        made.append(
            [(tmp_path / attempt / f"{document.filename}.{kind}").read_bytes() for kind in ("docx", "odt")]
        )
    assert made[0] == made[1]


def test_a_png_logo_goes_in_as_it_is(mini: Path) -> None:
    """A branch's own logo may be a PNG: it goes into the DOCX and ODT unchanged, 2.8 cm wide
    and as high as its shape asks."""
    logo = mini / "content/logo.png"
    Image.new("RGB", (400, 200), "#123456").save(logo)
    handbook = render_handbook(compose(load(mini), "dorp"), date(2026, 3, 1), "https://example.org/")
    handbook = replace(handbook, logo="content/logo.png", logo_alt="Een blauw vlak")
    made, problems = build_documents(handbook, mini, mini / "uit", 0, {}, kinds=("docx", "odt"))
    assert problems == [] and made
    stem = mini / "uit" / handbook.filename
    with zipfile.ZipFile(stem.with_suffix(".docx")) as archive:
        assert archive.read("word/media/logo.png") == logo.read_bytes()
    shape = docx.Document(str(stem.with_suffix(".docx"))).inline_shapes[0]
    assert (round(shape.width.cm, 2), round(shape.height.cm, 2)) == (2.8, 1.4)
    frame = next(_part(stem.with_suffix(".odt"), "content.xml").iter(f"{DRAW}frame"))
    assert (frame.get(f"{SVG}width"), frame.get(f"{SVG}height")) == ("2.8cm", "1.4cm")
    assert frame.findtext(f"{SVG}title") == "Een blauw vlak"


# --- DOCX and ODT, as LibreOffice reads them ---------------------------------------------------

SOFFICE = shutil.which("soffice")
PDF_UA = 'pdf:writer_pdf_Export:{"PDFUACompliance":{"type":"boolean","value":"true"}}'
"""LibreOffice's own export as PDF/UA: tagged, with title and language from the document."""


@pytest.fixture(scope="module")
def exported(library: Path, amendments_odt: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DOCX and ODT files exported by LibreOffice as PDF/UA, in one run."""
    # Never skipped: .ci/run installs LibreOffice (libreoffice-writer-nogui), a skip would hide a failure.
    assert SOFFICE is not None, (
        "LibreOffice ontbreekt: apt-get install libreoffice-writer-nogui (zie .ci/run)"
    )
    folder = tmp_path_factory.mktemp("libreoffice")
    sources = {
        "handboek-docx.docx": library / f"{HANDBOOK}.docx",
        "handboek-odt.odt": library / f"{HANDBOOK}.odt",
        "amendementen-docx.docx": library / f"{AMENDMENTS}.docx",
        "amendementen-odt.odt": amendments_odt,
    }
    for name, source in sources.items():
        shutil.copyfile(source, folder / name)
    profile = (folder / "profiel").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", PDF_UA]
    subprocess.run(
        [*command, "--outdir", str(folder / "pdf"), *(str(folder / name) for name in sources)],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return folder / "pdf"


def _chapters(markdown: Path) -> list[str]:
    """The chapter headings of the handbook as pandoc read them."""
    text = markdown.read_text("utf-8")
    return [line[2:].removesuffix(" {.unnumbered}") for line in text.splitlines() if line.startswith("# ")]


def _lines(pdf: Path) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    return [line.strip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_libreoffice_reads_the_handbook_as_accessible(library: Path, exported: Path, kind: str) -> None:
    pdf = exported / f"handboek-{kind}.pdf"
    chapters = _chapters(library / f"{HANDBOOK}.md")
    assert chapters[:2] == ["Voorwoord", "1 Mantelzorg"] and len(chapters) >= 8
    assert _pdf_problems(pdf, "Gemeenteprogramma Zwolle") == []
    assert _figures(pdf) == [LOGO]
    with pikepdf.open(pdf) as opened:
        tags = [tag.role for tag in _tags(opened.Root.StructTreeRoot)]
    assert tags.count("/TOCI") == len(chapters), "a table of contents with an entry per chapter"
    assert tags.count("/H1") == len(chapters) and "/H2" in tags
    lines = _lines(pdf)
    contents = lines.index("Inhoud")
    assert lines[contents + 1 : contents + 1 + len(chapters)] == chapters
    findings, skipped = _checker(pdf)
    assert findings == [] and skipped <= KNOWN_CHECKER_BUG


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_libreoffice_reads_table_headers_and_contents_of_the_amendments(exported: Path, kind: str) -> None:
    pdf = exported / f"amendementen-{kind}.pdf"
    assert _pdf_problems(pdf, "Amendementen Zwolle") == []
    with pikepdf.open(pdf) as opened:
        rows = [e for e in _elements(opened.Root.StructTreeRoot) if e.get("/S") == pikepdf.Name.TR]
        tables = [e for e in _elements(opened.Root.StructTreeRoot) if e.get("/S") == pikepdf.Name.Table]
        first_cells = {str(_elements(table)[2].S) for table in tables}  # table, its first row, cell
    assert len(tables) == 2 and len(rows) == 7
    assert first_cells == {"/TH"}, "each table starts with a header cell"
    lines = _lines(pdf)
    contents = lines.index("Inhoud")
    assert lines[contents + 1] == "Over deze amendementen"
    assert lines[contents + 2].startswith("Amendement 1: wijzigen"), lines[contents + 2]

"""From concept to adopted program: `status`, `vastgesteld_op` and `publiceren` in a branch file."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run_cli
from pypdf import PdfReader

BRANCH = "content/afdelingen/dorp.yml"
BANNER = "Concept. Dit programma is nog niet vastgesteld door de ledenvergadering en kan nog veranderen."


def _set(root: Path, lines: str) -> None:
    """Put `lines` right under the branch's first line (afdeling:)."""
    path = root / BRANCH
    first, rest = path.read_text("utf-8").split("\n", 1)
    path.write_text(f"{first}\n{lines}\n{rest}", "utf-8")


def _banner(page: Path) -> str | None:
    aside = BeautifulSoup(page.read_text("utf-8"), "html.parser").select_one("aside.md-banner")
    return " ".join(aside.get_text().split()) if aside else None


def test_a_concept_has_a_banner_on_every_page_and_a_label_on_the_portal(mini: Path) -> None:
    _set(mini, "status: concept")
    assert run_cli("--map", str(mini)).status == 0
    pages = sorted((mini / "site" / "dorp").rglob("*.html"))
    assert len(pages) >= 5
    assert {page.relative_to(mini / "site").as_posix(): _banner(page) for page in pages} == {
        page.relative_to(mini / "site").as_posix(): BANNER for page in pages
    }
    portal = BeautifulSoup((mini / "site" / "index.html").read_text("utf-8"), "html.parser")
    entry = portal.find("a", href="dorp/").find_parent("h3").find_next_sibling("p")
    assert entry.get_text().startswith("Gemeente Dorp · concept · 2 thema's")
    assert _banner(mini / "site" / "index.html") is None
    assert _banner(mini / "site" / "bibliotheek" / "index.html") is None


def test_without_a_status_the_site_is_as_before(mini: Path) -> None:
    assert run_cli("--map", str(mini)).status == 0
    assert _banner(mini / "site" / "dorp" / "index.html") is None
    assert "concept" not in (mini / "site" / "index.html").read_text("utf-8")


def test_an_adopted_program_says_when_on_its_home_page(mini: Path) -> None:
    _set(mini, "status: vastgesteld\nvastgesteld_op: 2026-03-12")
    assert run_cli("--map", str(mini), "vastleggen", "dorp").status == 0  # an adopted program is pinned
    assert run_cli("--map", str(mini)).status == 0
    home = BeautifulSoup((mini / "site" / "dorp" / "index.html").read_text("utf-8"), "html.parser")
    assert home.find("strong", string="Vastgesteld door de ledenvergadering op 12 maart 2026.")
    assert _banner(mini / "site" / "dorp" / "index.html") is None
    assert "concept" not in (mini / "site" / "index.html").read_text("utf-8")


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            "status: vastgesteld",
            "content/afdelingen/dorp.yml:2: bij status: vastgesteld ontbreekt 'vastgesteld_op' — zet eronder"
            " de datum van de ledenvergadering, bijvoorbeeld 'vastgesteld_op: 2026-03-12'",
        ),
        (
            "status: vastgesteld\nvastgesteld_op: 2026-02-30",
            "content/afdelingen/dorp.yml:3: '2026-02-30' is geen bestaande datum — schrijf de datum als"
            " jaar-maand-dag, bijvoorbeeld 2026-03-12",
        ),
        (
            "status: vastgesteld\nvastgesteld_op: 12 maart 2026",
            "content/afdelingen/dorp.yml:3: 'vastgesteld_op' heeft geen geldige vorm: '12 maart 2026' — de"
            " datum van de ledenvergadering die het programma vaststelde (nodig bij status: vastgesteld), als"
            " jaar-maand-dag, bijvoorbeeld 2026-03-12",
        ),
        (
            "status: klaar",
            "content/afdelingen/dorp.yml:2: 'status' kan niet 'klaar' zijn — kies 'concept' of 'vastgesteld'",
        ),
        (
            "publiceren: misschien",
            "content/afdelingen/dorp.yml:2: 'publiceren' kan niet 'misschien' zijn — kies 'ja' of 'nee'",
        ),
    ],
)
def test_mistakes_in_the_status_are_named_on_their_line(mini: Path, lines: str, message: str) -> None:
    assert run_cli("--map", str(mini), "vastleggen", "dorp").status == 0
    _set(mini, lines)
    run = run_cli("--map", str(mini), "controleer")
    assert (run.status, run.lines[:-1]) == (2, [message])


def test_publiceren_nee_keeps_a_branch_off_the_site_and_the_portal(mini: Path) -> None:
    assert run_cli("--map", str(mini)).status == 0
    assert (mini / "site" / "dorp" / "index.html").is_file()
    _set(mini, "publiceren: nee")
    assert run_cli("--map", str(mini), "controleer").status == 0
    run = run_cli("--map", str(mini))
    assert run.status == 0, run.stderr
    assert run.lines == [
        "let op: dorp komt niet op de site, want content/afdelingen/dorp.yml zegt 'publiceren: nee'"
        " — zet 'publiceren: ja' als het programma klaar is"
    ]
    assert not (mini / "site" / "dorp").exists()
    portal = (mini / "site" / "index.html").read_text("utf-8")
    assert "Testpartij Dorp" not in portal and "Er staan nog geen afdelingen op deze site." in portal
    assert "dorp" not in (mini / "site" / "samenstellen" / "gegevens.json").read_text("utf-8")
    shown = run_cli("--map", str(mini), "bekijk", "--afdeling", "dorp", "--poort", "0")
    assert (shown.status, shown.lines) == (
        2,
        [
            "fout: dorp staat op 'publiceren: nee' en komt dus niet in site/ — bekijk het programma op"
            " de pagina Samenstellen, of zet 'publiceren: ja' in het bestand"
        ],
    )
    _set(mini, "publiceren: ja")
    (mini / BRANCH).write_text((mini / BRANCH).read_text("utf-8").replace("publiceren: nee\n", ""), "utf-8")
    assert run_cli("--map", str(mini)).status == 0
    assert (mini / "site" / "dorp" / "index.html").is_file()


def test_a_new_branch_starts_as_a_concept(mini: Path) -> None:
    assert run_cli("--map", str(mini), "nieuw", "--gemeente", "Stad").status == 0
    text = (mini / "content" / "afdelingen" / "stad.yml").read_text("utf-8")
    assert "\nstatus: concept\n" in text


def _pdf(root: Path) -> PdfReader:
    return PdfReader(root / "site" / "dorp" / "downloads" / "dorp-gemeenteprogramma.pdf")


def _texts(archive: Path, member: str) -> list[str]:
    """The text of each paragraph of a DOCX or ODT member, in order."""
    with zipfile.ZipFile(archive) as opened:
        xml = opened.read(member).decode("utf-8")
    paragraphs = re.findall(r"<(?:w|text):(?:p|h)\b.*?</(?:w|text):(?:p|h)>", xml, flags=re.S)
    return [re.sub(r"<[^>]+>", "", paragraph).strip() for paragraph in paragraphs]


def _numbered(page: str) -> list[int]:
    """The numbers in the margin of a page read back in layout mode: the line numbers."""
    found = [re.match(r"\s*(\d+)\s{2,}\S", line) for line in page.splitlines() if line.strip()]
    return [int(match[1]) for match in found if match]


def test_a_concepts_handbooks_say_concept_and_number_the_lines(mini: Path) -> None:
    _set(mini, "status: concept")
    assert run_cli("--map", str(mini)).status == 0
    pages = _pdf(mini).pages
    assert all("CONCEPT" in page.extract_text() for page in pages)
    numbers = [_numbered(page.extract_text(extraction_mode="layout")) for page in pages]
    assert all(found == list(range(1, len(found) + 1)) for found in numbers)  # from 1 on each page
    assert sum(len(found) >= 3 for found in numbers) >= len(pages) - 1  # all but the contents
    assert "Concept, " in pages[0].extract_text()
    downloads = mini / "site" / "dorp" / "downloads"
    docx, odt = downloads / "dorp-gemeenteprogramma.docx", downloads / "dorp-gemeenteprogramma.odt"
    assert _texts(docx, "word/header1.xml") == ["Concept"]
    assert any(text.startswith("Concept, ") for text in _texts(docx, "word/document.xml")[:5])
    assert "Concept" in _texts(odt, "styles.xml")
    assert any(text.startswith("Concept, ") for text in _texts(odt, "content.xml")[:5])


def test_an_adopted_programs_handbooks_have_neither_watermark_nor_line_numbers(mini: Path) -> None:
    _set(mini, "status: vastgesteld\nvastgesteld_op: 2026-03-12")
    assert run_cli("--map", str(mini), "vastleggen", "dorp").status == 0
    assert run_cli("--map", str(mini)).status == 0
    pages = _pdf(mini).pages
    assert not any("CONCEPT" in page.extract_text() for page in pages)
    assert _numbered(pages[-1].extract_text(extraction_mode="layout")) == []
    adopted = "Vastgesteld door de ledenvergadering op 12 maart 2026"
    assert adopted in pages[0].extract_text()
    downloads = mini / "site" / "dorp" / "downloads"
    docx, odt = downloads / "dorp-gemeenteprogramma.docx", downloads / "dorp-gemeenteprogramma.odt"
    assert adopted in _texts(docx, "word/document.xml")
    assert adopted in _texts(odt, "content.xml")
    with zipfile.ZipFile(docx) as opened:
        assert "word/header1.xml" not in opened.namelist()
    assert "Concept" not in _texts(odt, "styles.xml")

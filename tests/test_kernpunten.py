"""The short version (kernpunten.py): the A4 fits one page, the images are square and say
whose they are, the QR code leads to the site, and 'In het kort' and the links to it work."""

from __future__ import annotations

import io
import re
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import typst
import yaml
import zxingcpp
from bs4 import BeautifulSoup
from conftest import ROOT, build_ok, copy_library, run_cli
from playwright.sync_api import Browser
from pypdf import PdfReader
from served import serve

from bouwstenen.build import site_url
from bouwstenen.characters import FONTS
from bouwstenen.compose import compose
from bouwstenen.kernpunten import IMAGE, PAGE, _prepare, alt_text, image_name, template_data
from bouwstenen.load import load
from bouwstenen.stemhulp_files import cards as debate_cards

EXAMPLES = ("utrecht", "waadhoeke", "zwolle")
ALL = "alles"
"""A branch with every card and three core points on each: the most the A4 must hold."""
CHOSEN = ["even-vrij-van-de-zorg", "mantelzorgwaardering-zonder-aanvraag"]
"""Zwolle's own choice of core points for mantelzorg (in the test's copy)."""


def _longest_three(card: Path) -> list[str]:
    points = yaml.safe_load(card.read_text("utf-8"))["standpunten"]
    return [p["id"] for p in sorted(points, key=lambda p: -len(p["tekst"]))[:3]]


def _with_choice(root: Path) -> None:
    """Zwolle lists its own core points for mantelzorg; a branch 'alles' takes every card."""
    zwolle = root / "content" / "afdelingen" / "zwolle.yml"
    text = zwolle.read_text("utf-8")
    choice = "    kernpunten:\n" + "".join(f"      - {i}\n" for i in CHOSEN)
    zwolle.write_text(text.replace("  - kaart: mantelzorg\n", "  - kaart: mantelzorg\n" + choice, 1), "utf-8")
    themes = "".join(
        f"  - kaart: {card.stem}\n    kernpunten: [{', '.join(_longest_three(card))}]\n"
        for card in sorted((root / "themes").glob("*.yml"))
    )
    (root / "content" / "afdelingen" / f"{ALL}.yml").write_text(
        "afdeling: Samen Lokaal Súdwest-Fryslân en omstreken\n"
        "gemeente:\n  naam: Súdwest-Fryslân\n"
        "voorwoord: Een afdeling met alle thema's en op elk thema drie kernpunten.\n"
        f"themas:\n{themes}",
        "utf-8",
    )


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = copy_library(tmp_path_factory.mktemp("kernpunten"))
    _with_choice(folder)
    build_ok(folder)
    return folder


def _downloads(root: Path, slug: str) -> Path:
    return root / "site" / slug / "downloads"


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _gray(png: bytes) -> tuple[bytes, int, int]:
    """The pixels of an 8-bit RGB(A) PNG, as one grey byte each (the green channel)."""
    width, height = _png_size(png)
    depth, colour = png[24], png[25]
    assert depth == 8 and colour in (2, 6), (depth, colour)
    size = 3 if colour == 2 else 4
    chunks, at = b"", 8
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        if png[at + 4 : at + 8] == b"IDAT":
            chunks += png[at + 8 : at + 8 + length]
        at += 12 + length
    raw, stride = zlib.decompress(chunks), width * size
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - size] if x >= size else 0
            up, corner = previous[x], previous[x - size] if x >= size else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                guess = left + up - corner
                near = min((abs(guess - left), 0), (abs(guess - up), 1), (abs(guess - corner), 2))[1]
                line[x] = (line[x] + (left, up, corner)[near]) & 255
        rows.append(line)
        previous = line
    return b"".join(bytes(row[1::size]) for row in rows), width, height


@pytest.mark.parametrize("slug", [*EXAMPLES, ALL])
def test_the_a4_is_one_page(root: Path, slug: str) -> None:
    pdf = PdfReader(_downloads(root, slug) / f"{slug}-kernpunten.pdf")
    assert len(pdf.pages) == 1
    edition = compose(load(root), slug)
    text = " ".join(pdf.pages[0].extract_text().split())
    assert edition.gemeente in text
    assert short_address(slug) in text
    for chapter in edition.hoofdstukken:
        assert " ".join(chapter.titel.split()) in text
        assert len(chapter.kern) == (3 if slug == ALL else len(chapter.kern))


def short_address(slug: str) -> str:
    return site_url(slug).split("://", 1)[1].rstrip("/")


def test_the_branch_chooses_its_core_points(root: Path) -> None:
    zwolle = compose(load(root), "zwolle")
    mantelzorg = zwolle.hoofdstukken[0]
    assert [p.id for p in mantelzorg.kern] == CHOSEN
    assert [p.id for p in compose(load(ROOT), "zwolle").hoofdstukken[0].kern] == [
        "mantelzorgers-in-beeld",
        "steun-thuis-als-het-nodig-is",
        "even-vrij-van-de-zorg",
    ]
    debate = debate_cards(load(root), zwolle)[0]["kernpunten"]
    assert len(debate) == 2 and debate[1].startswith("Zwolle geeft de jaarlijkse mantelzorgwaardering")


def test_own_marks_and_then_the_first_three(mini: Path) -> None:
    branch = mini / "content" / "afdelingen" / "dorp.yml"
    assert compose(load(mini), "dorp").hoofdstukken[1].kernpunten[:3] == tuple(
        p["id"] for p in yaml.safe_load((mini / "themes" / "jeugd.yml").read_text("utf-8"))["standpunten"][:3]
    )
    assert compose(load(mini), "dorp").hoofdstukken[0].kernpunten == ("schuldhulp", "eigen-punt")
    text = branch.read_text("utf-8").replace(
        "        tekst: Een eigen punt", "        kern: true\n        tekst: Een eigen punt"
    )
    branch.write_text(text, "utf-8")
    assert compose(load(mini), "dorp").hoofdstukken[0].kernpunten == ("eigen-punt",)


def test_a_branch_that_does_not_fit_keeps_its_last_site(repo: Path) -> None:
    build_ok(repo, "--afdeling", "zwolle")
    before = (repo / "site" / "zwolle" / "downloads" / "zwolle-kernpunten.pdf").read_bytes()
    cards = sorted((repo / "themes").glob("*.yml"))
    for copy in range(1, 4):  # 8 cards three times over: 24 themes, 72 core points
        for card in cards:
            text = card.read_text("utf-8").replace(f"id: {card.stem}\n", f"id: {card.stem}-{copy}\n", 1)
            text = re.sub(r"^titel: (.*)$", rf"titel: \1, deel {copy}", text, count=1, flags=re.M)
            (repo / "themes" / f"{card.stem}-{copy}.yml").write_text(text, "utf-8")
    zwolle = repo / "content" / "afdelingen" / "zwolle.yml"
    extra = "".join(f"  - kaart: {card.stem}\n" for card in sorted((repo / "themes").glob("*-[123].yml")))
    zwolle.write_text(
        zwolle.read_text("utf-8").replace("  - kaart: preventie\n", "  - kaart: preventie\n" + extra), "utf-8"
    )
    run = run_cli("--map", str(repo), "--afdeling", "zwolle")
    assert run.status == 2
    assert (
        f"content/afdelingen/zwolle.yml:{_line_of(zwolle, 'themas:')}: de kernpunten passen niet op één A4 (ze nemen 3 pagina's):"
        " 29 thema's met samen 87 kernpunten — kies per thema minder kernpunten met"
        " 'kernpunten: [...]' bij de kaart, of minder thema's"
    ) in run.lines
    assert (repo / "site" / "zwolle" / "downloads" / "zwolle-kernpunten.pdf").read_bytes() == before


@pytest.mark.parametrize("slug", [*EXAMPLES, ALL])
def test_images_are_square_with_their_alt_text(root: Path, slug: str) -> None:
    library = load(root)
    edition = compose(library, slug)
    data = template_data(edition, site_url(slug))
    assert data["afdeling"] == edition.afdeling
    for index, chapter in enumerate(edition.hoofdstukken):
        image = _downloads(root, slug) / image_name(slug, chapter)
        assert _png_size(image.read_bytes()) == (1080, 1080)
        alt = image.with_suffix(".txt").read_text("utf-8")
        assert alt == alt_text(data, index)
        assert chapter.titel in alt and edition.afdeling in alt
        assert data["themas"][index]["beeld"] in alt
        assert data["themas"][index]["beeld"].removesuffix("…")[:60] in " ".join(
            chapter.kern[0].tekst.split()
        )


def test_the_image_shows_the_branch_name(root: Path, tmp_path: Path) -> None:
    """The image template reads the name from the data, and the name is in the image's text."""
    edition = compose(load(root), ALL)
    _prepare(edition, root, tmp_path, template_data(edition, site_url(ALL)))
    assert "data.afdeling" in (tmp_path / IMAGE).read_text("utf-8")
    for index, chapter in enumerate(edition.hoofdstukken):
        pdf = typst.compile(
            str(tmp_path / IMAGE),
            root=str(tmp_path),
            sys_inputs={"thema": str(index)},
            font_paths=[str(FONTS)],
            ignore_system_fonts=True,
        )
        text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
        assert edition.afdeling in text and " ".join(chapter.titel.split()) in text


@pytest.mark.parametrize("slug", ["zwolle", ALL])
def test_the_qr_code_leads_to_the_site(root: Path, tmp_path: Path, slug: str) -> None:
    edition = compose(load(root), slug)
    _prepare(edition, root, tmp_path, template_data(edition, site_url(slug)))
    png = typst.compile(
        str(tmp_path / PAGE),
        root=str(tmp_path),
        format="png",
        ppi=100,
        font_paths=[str(FONTS)],
        ignore_system_fonts=True,
    )
    assert isinstance(png, bytes)
    pixels, width, height = _gray(png)
    found = zxingcpp.read_barcodes(memoryview(pixels).cast("B", (height, width)))
    assert [code.text for code in found] == [site_url(slug)]


def test_in_het_kort_shows_the_core_points(root: Path) -> None:
    edition = compose(load(root), "zwolle")
    page = BeautifulSoup((root / "site" / "zwolle" / "kort" / "index.html").read_text("utf-8"), "html.parser")
    text = " ".join(page.select_one("article").get_text().split())
    for chapter in edition.hoofdstukken:
        for point in chapter.kern:
            assert " ".join(point.tekst.split()) in text
        for point in chapter.standpunten:
            if point not in chapter.kern:
                assert " ".join(point.tekst.split()) not in text
    nav = [" ".join(a.get_text().split()) for a in page.select(".md-nav--primary > .md-nav__list > li > a")]
    assert nav[:2] == ["Home", "In het kort"]


def test_home_and_handbook_link_to_it(root: Path) -> None:
    site = root / "site" / "zwolle"
    home = BeautifulSoup((site / "index.html").read_text("utf-8"), "html.parser")
    hrefs = [a["href"] for a in home.select("article a[href]")]
    assert "kort/" in hrefs
    files = [h.removesuffix("#") for h in hrefs if h.startswith("downloads/zwolle-kernpunten")]
    assert "downloads/zwolle-kernpunten.pdf" in files and "downloads/zwolle-kernpunten-jeugd.png" in files
    for href in ["kort/index.html", *files]:
        assert (site / href).is_file(), href
    short = BeautifulSoup((site / "kort" / "index.html").read_text("utf-8"), "html.parser")
    for a in short.select("article a[href]"):
        target = a["href"].split("#")[0]
        if target and "://" not in target:
            path = (site / "kort" / target).resolve()
            assert (path / "index.html" if target.endswith("/") else path).is_file(), target
    handbook = (site / "downloads" / "zwolle-gemeenteprogramma.md").read_text("utf-8")
    for address in (f"{site_url('zwolle')}kort/", f"{site_url('zwolle')}downloads/zwolle-kernpunten.pdf"):
        assert f"[{address}]({address})" in handbook
        local = site / address.removeprefix(site_url("zwolle"))
        assert (local / "index.html" if address.endswith("/") else local).is_file()


@pytest.fixture
def composer(browser: Browser, root: Path) -> Iterator[tuple[str, Browser]]:
    with serve(root / "site") as url:
        yield url, browser


def test_the_composer_keeps_kernpunten(composer: tuple[str, Browser], root: Path, tmp_path: Path) -> None:
    url, browser = composer
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(url + "samenstellen/")
    page.locator("summary", has_text="Bestaande afdeling openen").click()
    source = root / "content" / "afdelingen" / "zwolle.yml"
    page.set_input_files("#open-bestand", str(source))
    page.locator("#voorbeeld h3").first.wait_for()
    with page.expect_download() as info:
        page.click("#knop-download")
    target = tmp_path / "zwolle.yml"
    info.value.save_as(target)
    context.close()
    assert yaml.safe_load(target.read_text("utf-8")) == yaml.safe_load(source.read_text("utf-8"))


def _line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.startswith(start))

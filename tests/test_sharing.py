"""What a shared link, a search engine and a browser tab see of every page (issue 22): one
description, complete Open Graph and Twitter tags with absolute addresses, a 1200 × 630 image
per branch and theme page, one sitemap index with robots.txt at the root (also after a sharded
build), no trace of a branch that is not published, and an icon and colour from the party."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from conftest import build_ok, copy_library, run_cli
from PIL import Image
from playwright.sync_api import Browser
from served import serve

from bouwstenen import preview
from bouwstenen.build import site_url
from bouwstenen.colours import contrast
from bouwstenen.compose import compose, compose_library
from bouwstenen.load import load
from bouwstenen.pagemeta import DESCRIPTION_SIZE, description

BASE = site_url("")
SITEMAPS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEW = "almere"
"""A branch the fixture publishes first and then keeps off the site with `publiceren: nee`."""


@dataclass(frozen=True)
class Built:
    root: Path
    first_index: str
    """The sitemap index while almere was still published."""
    kept: dict[str, int]
    """Zwolle's drawn pictures (.build/zwolle/delen) after the first build, with their mtime."""
    keys: tuple[str, str]
    """Zwolle's content key after the first build and after the second."""

    @property
    def site(self) -> Path:
        return self.root / "site"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The real library with a fourth branch, built; then that branch set to `publiceren: nee`
    and the youth card changed (Zwolle is built again, its pictures stay), built again."""
    root = copy_library(tmp_path_factory.mktemp("delen"))
    zwolle = (root / "content/afdelingen/zwolle.yml").read_text("utf-8")
    branch = root / f"content/afdelingen/{NEW}.yml"
    branch.write_text(zwolle.replace("Zwolle", "Almere"), "utf-8")
    build_ok(root)
    first_index = (root / "site/sitemap.xml").read_text("utf-8")
    kept = {p.name: p.stat().st_mtime_ns for p in (root / ".build/zwolle/delen").glob("*.png")}
    before = _key(root, "zwolle")
    branch.write_text(
        branch.read_text("utf-8").replace("\nthemas:", "\npubliceren: nee\nthemas:", 1), "utf-8"
    )
    card = root / "themes/jeugd.yml"
    card.write_text(
        card.read_text("utf-8") + "# Een opmerking: het bestand verandert, geen titel.\n", "utf-8"
    )
    build_ok(root)
    return Built(root, first_index, kept, (before, _key(root, "zwolle")))


def _key(root: Path, slug: str) -> str:
    manifest = json.loads((root / "site/.bouwstenen.json").read_text("utf-8"))
    return str(manifest["afdelingen"][slug]["sleutel"])


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _meta(soup: BeautifulSoup, key: str) -> str:
    found = soup.select(f'meta[property="{key}"], meta[name="{key}"]')
    assert len(found) == 1, key
    return str(found[0]["content"])


def _address(path: Path, site: Path) -> str:
    """The published address of the page in `path`."""
    relative = path.relative_to(site).as_posix()
    return BASE + relative.removesuffix("index.html")


def _file(url: str, site: Path) -> Path:
    """The file in `site` that the published address `url` serves."""
    assert url.startswith(BASE), url
    target = site / url[len(BASE) :]
    return target / "index.html" if url.endswith("/") else target


# --- 2. one description on every page ------------------------------------------------------------


def test_every_page_has_one_description_of_fifty_to_160_characters(built: Built) -> None:
    pages = _pages(built.site)
    assert len(pages) > 60
    shortest, longest = DESCRIPTION_SIZE
    for path in pages:
        found = _soup(path).select('meta[name="description"]')
        assert len(found) == 1, path
        text = str(found[0]["content"])
        assert shortest <= len(text) <= longest, (path, len(text), text)
        assert not re.search(r"\{\{|\{%|\[gemeente\]|\[afdeling\]|<|&[a-z]+;|\s\s", text), (path, text)
        assert text.endswith((".", "?", "!", "…")), (path, text)  # a sentence, or cut after a word


def test_each_kind_of_page_describes_itself_from_its_own_text(built: Built) -> None:
    site = built.site
    zwolle = compose(load(built.root), "zwolle")
    library = compose_library(load(built.root))

    def said(page: str) -> str:
        return _meta(_soup(site / page), "description")

    def words(text: str) -> str:
        return " ".join(re.sub(r"[*_`]", "", text).split())

    def begins(description: str, text: str) -> bool:
        return words(text).startswith(description.removesuffix("…"))

    for chapter in zwolle.hoofdstukken:  # a card page: the card's summary
        assert begins(said(f"zwolle/themas/{chapter.id}/index.html"), chapter.samenvatting)
    for chapter in library.hoofdstukken:
        assert begins(said(f"bibliotheek/{chapter.id}/index.html"), chapter.samenvatting)
    home = said("zwolle/index.html")  # a branch home: the first sentences of its foreword
    assert begins(home, zwolle.voorwoord) and "Zwolle" in home  # {{ gemeente.naam }} filled in
    guide = (built.root / "content/gids/drie-wetten.md").read_text("utf-8").split("\n\n")
    lead = said("zwolle/gids/drie-wetten/index.html")  # a guide page: its lead, under the title
    assert guide[0].startswith("# ") and begins(lead, guide[1])
    assert said("gids/drie-wetten/index.html") == lead
    portal = said("index.html")  # the portal: a sentence on the party
    assert portal.startswith(f"{library.partij.naam} maakt gemeenteprogramma's voor het sociaal domein.")
    assert said("404.html").startswith("Deze pagina bestaat niet")


def test_a_description_is_cut_after_a_sentence_or_a_word_and_never_too_short() -> None:
    long = "Een zin van een paar woorden. " * 10
    assert description(long) == ("Een zin van een paar woorden. " * 5).strip()
    words = " ".join(["woord"] * 60)
    cut = description(words)
    assert cut.endswith("woord…") and len(cut) <= 160
    assert description("Kort.", "Nog kort.", "En dan een langere zin die het geheel lang genoeg maakt.") == (
        "Kort. Nog kort. En dan een langere zin die het geheel lang genoeg maakt."
    )
    assert description("In [gemeente] krijgt elk kind **een goede start**, zegt [afdeling] al jaren.") == (
        "In je gemeente krijgt elk kind een goede start, zegt je afdeling al jaren."
    )


# --- 3. a preview card when a link is shared ------------------------------------------------------


def test_open_graph_and_twitter_tags_are_complete_with_absolute_addresses(built: Built) -> None:
    site = built.site
    for path in _pages(site):
        soup = _soup(path)
        if path.name == "404.html":
            assert _meta(soup, "robots") == "noindex"
            assert not soup.select('meta[property^="og:"]')
            continue
        address = _address(path, site)
        canonical = soup.select('link[rel="canonical"]')
        assert len(canonical) == 1 and canonical[0]["href"] == address, path
        assert _meta(soup, "og:url") == address
        assert _meta(soup, "og:type") == "website"
        assert _meta(soup, "og:locale") == "nl_NL"
        assert _meta(soup, "og:site_name") == soup.select_one("a.md-logo")["title"]
        assert _meta(soup, "og:description") == _meta(soup, "description")
        title = _meta(soup, "og:title")
        assert title and "{{" not in title, path
        image = _meta(soup, "og:image")
        folder = path.relative_to(site).parts[0]
        own = f"{BASE}{folder}/" if folder in _branches(site) else BASE
        assert image.startswith(f"{own}assets/delen/"), (path, image)  # the site's own image
        assert (_meta(soup, "og:image:width"), _meta(soup, "og:image:height")) == ("1200", "630")
        assert len(_meta(soup, "og:image:alt")) > 20
        assert _meta(soup, "twitter:card") == "summary_large_image"
        assert not soup.select('meta[name="robots"]'), path  # every published page may be found


def test_every_og_image_exists_at_1200_by_630_and_each_theme_page_has_its_own(built: Built) -> None:
    site = built.site
    images: dict[str, set[str]] = {}
    for path in _pages(site):
        soup = _soup(path)
        if path.name == "404.html":
            continue
        image = _meta(soup, "og:image")
        file = _file(image, site)
        assert file.is_file(), image
        with Image.open(file) as picture:
            assert picture.size == (preview.WIDTH, preview.HEIGHT) == (1200, 630)
        images.setdefault(image, set()).add(path.relative_to(site).as_posix())
    zwolle = compose(load(built.root), "zwolle")
    for chapter in zwolle.hoofdstukken:
        page = f"zwolle/themas/{chapter.id}/index.html"
        soup = _soup(site / page)
        assert images[_meta(soup, "og:image")] == {page}  # drawn for this page alone
        alt = _meta(soup, "og:image:alt")
        assert chapter.titel in alt and "Samen Lokaal Zwolle" in alt
    home = _meta(_soup(site / "zwolle/index.html"), "og:image")
    assert {"zwolle/index.html", "zwolle/over/index.html", "zwolle/kort/index.html"} <= images[home]


def test_the_image_says_whose_it_is_in_the_party_colour() -> None:
    """Contrast checked: a light party colour is darkened behind the white letters."""
    for colour in ("#1f5d7a", "#ffcc00", "#7fdbff"):
        behind = preview.background(colour)
        assert contrast(behind, "#ffffff") >= 4.5, (colour, behind)
        assert (behind == colour) == (contrast(colour, "#ffffff") >= 4.5)


@pytest.mark.parametrize("colour", ["#ffcc00"])
def test_a_light_colour_is_drawn_darker_and_a_site_without_logo_gets_initials(
    tmp_path: Path, colour: str
) -> None:
    root = copy_library(tmp_path / "repo")
    party = root / "content/partij.yml"
    text = re.sub(r'primair: "#[0-9a-f]{6}"', f'primair: "{colour}"', party.read_text("utf-8"))
    party.write_text(re.sub(r"(?m)^logo.*\n", "", text), "utf-8")
    edition = compose(load(root), "utrecht")
    assert edition.logo is None
    drawing = preview.drawing(edition)
    assert preview.draw(drawing, root, tmp_path / "site", site_url("utrecht"), tmp_path / "kept") == []
    with Image.open(tmp_path / "site" / drawing.pictures[0].path) as image:
        corner = image.convert("RGB").getpixel((5, 5))
    assert "#{:02x}{:02x}{:02x}".format(*corner) == preview.background(colour) != colour
    with Image.open(tmp_path / "site" / preview.ICON) as icon:
        assert icon.size == (32, 32)
        assert icon.convert("RGB").getpixel((16, 2)) != (255, 255, 255)  # the initials' square


def test_a_picture_is_drawn_again_only_when_its_own_inputs_change(built: Built, tmp_path: Path) -> None:
    """The fixture changed the youth card: Zwolle was built again (a new key), and not one of
    its pictures was drawn again. A new title redraws that theme's picture alone."""
    assert built.keys[0] != built.keys[1]
    kept = built.root / ".build/zwolle/delen"
    assert {p.name: p.stat().st_mtime_ns for p in kept.glob("*.png")} == built.kept
    root = tmp_path / "repo"
    shutil.copytree(built.root / "themes", root / "themes")
    shutil.copytree(built.root / "content", root / "content")
    shutil.copytree(kept, tmp_path / "kept")
    card = root / "themes/jeugd.yml"
    card.write_text(card.read_text("utf-8").replace("titel: Jeugd", "titel: Jeugd en gezin", 1), "utf-8")
    drawing = preview.drawing(compose(load(root), "zwolle"))
    assert preview.draw(drawing, root, tmp_path / "site", site_url("zwolle"), tmp_path / "kept") == []
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "kept").glob("*.png")}
    assert len(after) == len(built.kept)
    new = set(after) - set(built.kept)
    assert len(new) == 1 and all(after[name] == built.kept[name] for name in set(after) & set(built.kept))
    assert (tmp_path / "kept" / next(iter(new))).read_bytes() == (
        tmp_path / "site" / preview.FOLDER / "thema-jeugd.png"
    ).read_bytes()


# --- 4. one sitemap index and robots.txt at the root ----------------------------------------------


def _sitemap(path: Path, kind: str) -> list[str]:
    tree = ElementTree.parse(path).getroot()
    assert tree.tag == f"{SITEMAPS}{kind}", path
    return [loc.text or "" for loc in tree.iter(f"{SITEMAPS}loc")]


def _branches(site: Path) -> list[str]:
    manifest = json.loads((site / ".bouwstenen.json").read_text("utf-8"))
    return sorted(manifest["afdelingen"])


def _check_maps(site: Path, base: str) -> set[str]:
    """Every sitemap the index at the root of `site` lists exists and lists only pages in its own
    folder that exist; the published addresses of all of them."""
    maps = _sitemap(site / "sitemap.xml", "sitemapindex")
    assert maps == [f"{base}sitemap-portaal.xml", *(f"{base}{slug}/sitemap.xml" for slug in _branches(site))]
    pages: set[str] = set()
    for url in maps:
        assert url.startswith(base), url
        folder = url.rsplit("/", 1)[0] + "/"
        for page in _sitemap(site / url[len(base) :], "urlset"):
            assert page.startswith(folder), (url, page)  # a sitemap lists only its own folder
            assert (site / page[len(base) :] / "index.html").is_file(), page
            pages.add(page)
    assert (site / "robots.txt").read_text("utf-8").splitlines() == [
        "User-agent: *",
        "Disallow:",
        "",
        f"Sitemap: {base}sitemap.xml",
    ]
    return pages


def test_the_sitemap_index_lists_every_branch_and_resolves_to_pages(built: Built) -> None:
    site = built.site
    assert _branches(site) == ["utrecht", "waadhoeke", "zwolle"]
    pages = _check_maps(site, BASE)
    for path in _pages(site):  # every page a reader can find is on a map, once
        if path.name != "404.html":
            assert _address(path, site) in pages, path
    assert not (site / "sitemap.xml.gz").exists()


def test_a_branch_that_is_not_published_is_on_no_map_and_nowhere_on_the_site(built: Built) -> None:
    """almere was on the site and on the map; with `publiceren: nee` its folder, its entry and
    every mention of it are gone. Unpublished branches never reach site/: the only place that
    shows one is the composer, in the volunteer's own browser, from their own file."""
    assert f"{BASE}{NEW}/sitemap.xml" in built.first_index
    site = built.site
    assert not (site / NEW).exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".xml", ".txt", ".html", ".json"):
            text = path.read_text("utf-8")
            assert f"/{NEW}/" not in text and "Almere" not in text, path
    composer = json.loads((site / "samenstellen/gegevens.json").read_text("utf-8"))
    assert NEW not in [entry["slug"] for entry in composer["afdelingen"]]


def test_the_composer_shows_an_unpublished_program_only_in_the_browser(
    built: Built, browser: Browser
) -> None:
    """The one place that shows almere's program: the composer, from the volunteer's own file.
    It asks the site for nothing of almere, and the program gets no address of its own."""
    asked: list[str] = []
    with serve(built.site) as url:
        page = browser.new_page()
        page.on("request", lambda request: asked.append(request.url))
        page.goto(f"{url}samenstellen/")
        page.locator("summary", has_text="Bestaande afdeling openen").click()
        page.set_input_files("#open-bestand", str(built.root / f"content/afdelingen/{NEW}.yml"))
        page.locator("#voorbeeld h3").first.wait_for()
        assert "Samen Lokaal Almere" in page.locator("#voorbeeld").inner_text()
        assert page.url.startswith(f"{url}samenstellen/")
        page.close()
    assert all(urlsplit(address).hostname == "127.0.0.1" for address in asked), asked
    assert not [address for address in asked if NEW in address], asked


def test_the_sitemap_index_after_a_sharded_build(tmp_path: Path) -> None:
    """Each part builds its branches; `samenvoegen` builds the portal and writes the index
    with the site's own address."""
    base = "https://voorbeeld.example/programmas/"
    env = {"BOUWSTENEN_SITE_URL": base}
    parts = [copy_library(tmp_path / f"deel{i}") for i in (1, 2)]
    for index, part in enumerate(parts, 1):
        run = run_cli("--map", str(part), "--shard", f"{index}/2", env=env)
        assert run.status == 0, run.stderr
        assert not (part / "site/sitemap.xml").exists()  # a part has no root of its own
    merged = copy_library(tmp_path / "samen")
    run = run_cli("--map", str(merged), "samenvoegen", *(str(p / "site") for p in parts), env=env)
    assert run.status == 0, run.stderr
    site = merged / "site"
    assert _branches(site) == ["utrecht", "waadhoeke", "zwolle"]
    pages = _check_maps(site, base)
    assert f"{base}zwolle/themas/jeugd/" in pages and f"{base}bibliotheek/jeugd/" in pages
    soup = _soup(site / "zwolle/themas/jeugd/index.html")
    assert _meta(soup, "og:image") == f"{base}zwolle/assets/delen/thema-jeugd.png"


# --- 6. the icon and the colour ------------------------------------------------------------------


def test_every_page_has_the_icon_drawn_from_the_logo_and_the_party_colour(built: Built) -> None:
    site = built.site
    colour = compose_library(load(built.root)).partij.primair
    for path in _pages(site):
        soup = _soup(path)
        icon = soup.select_one('link[rel="icon"][type="image/png"]')
        touch = soup.select_one('link[rel="apple-touch-icon"]')
        assert icon is not None and touch is not None, path
        for link, size in ((icon, 32), (touch, 180)):
            href = str(link["href"])  # the 404 page's links start at the site's path
            root = urlsplit(BASE).path
            file = site / href.removeprefix(root) if href.startswith("/") else path.parent / href
            with Image.open(file) as image:
                assert image.size == (size, size), file
        if path.name != "404.html":
            assert _meta(soup, "theme-color") == colour
    with Image.open(site / "zwolle" / preview.ICON) as image:
        pixels = image.convert("RGBA")
        assert pixels.getpixel((0, 0))[3] == 0  # the logo stands free in the tab
        logo = {
            pixels.getpixel((x, y))[:3]
            for x in range(32)
            for y in range(32)
            if pixels.getpixel((x, y))[3] == 255
        }
    assert (0x1F, 0x5D, 0x7A) in logo  # the blue of the logo's figures


def test_the_address_of_an_image_follows_the_site_address(built: Built) -> None:
    soup = _soup(built.site / "zwolle/themas/jeugd/index.html")
    image = urlsplit(_meta(soup, "og:image"))
    assert (image.scheme, image.path) == (
        "https",
        urlsplit(BASE).path + "zwolle/assets/delen/thema-jeugd.png",
    )


def test_quotes_a_colon_and_an_emoji_reach_the_tags_as_written(mini: Path) -> None:
    """The front matter is JSON inside YAML: nothing in a text can end it or break it up."""
    card = mini / "themes/armoede.yml"
    summary = 'Een kaart met "aanhalingstekens", een dubbele punt: zo, een # en een 🙂 erin.'
    text = card.read_text("utf-8").replace(
        "samenvatting: Een kleine kaart om fouten mee te testen, met genoeg tekst.",
        f"samenvatting: '{summary}'",
    )
    card.write_text(text.replace("titel: Armoede", "titel: 'Armoede: \"mee\" doen 🙂'", 1), "utf-8")
    build_ok(mini)
    soup = _soup(mini / "site/dorp/themas/armoede/index.html")
    assert _meta(soup, "description") == summary
    assert _meta(soup, "og:title") == 'Armoede: "mee" doen 🙂 – Testpartij Dorp'
    assert _meta(soup, "og:image:alt").startswith('Armoede: "mee" doen 🙂: uit het gemeenteprogramma')

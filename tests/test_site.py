"""The built websites as a visitor gets them: parsed HTML, not grepped text."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, copy_library, run_cli

from bouwstenen.assets import compact
from bouwstenen.compose import compose
from bouwstenen.load import load


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text("utf-8"), "html.parser")


def _article(path: Path) -> BeautifulSoup:
    article = _soup(path).select_one("article.md-content__inner")
    assert article is not None, path
    return article


def _text(node: BeautifulSoup) -> str:
    return " ".join(node.get_text(" ").split())


def test_layout_portal_library_and_branches(built_site: Path) -> None:
    for path in (
        "index.html",
        "bibliotheek/index.html",
        "bibliotheek/jeugd/index.html",
        "gids/index.html",
        "zwolle/index.html",
        "zwolle/themas/mantelzorg/index.html",
        "zwolle/gids/vier-niveaus/index.html",
        "zwolle/over/index.html",
        "utrecht/index.html",
        "waadhoeke/index.html",
    ):
        assert (built_site / path).is_file(), path


def test_branch_home_lists_chosen_cards_in_order(built_site: Path) -> None:
    home = _article(built_site / "zwolle/index.html")
    assert home.h1.contents[0].strip() == "Gemeenteprogramma Zwolle"
    assert "Van Samen Lokaal Zwolle, voor het sociaal domein." in _text(home)
    links = [a["href"] for a in home.select("ol li a") if "themas/" in a["href"]]
    assert links == [
        "themas/mantelzorg/",
        "themas/jeugd/",
        "themas/vrijwilligers/",
        "themas/schulden/",
        "themas/preventie/",
    ]
    assert "In Zwolle kijken mensen naar elkaar om" in _text(home)


def test_nav_follows_the_branch_order(built_site: Path) -> None:
    nav = _soup(built_site / "utrecht/index.html").select("nav.md-nav--primary a.md-nav__link")
    titles = [" ".join(a.get_text(" ").split()) for a in nav]
    start = titles.index("Hulp in de buurt")
    assert titles[start : start + 6] == [
        "Hulp in de buurt",
        "Schulden en armoede",
        "Jeugd",
        "Statushouders en integratie",
        "Gezondheid, preventie en sociale basis",
        "Kwaliteit van het sociaal werk",
    ]


def test_card_page_has_points_figures_and_guide_links(built_site: Path) -> None:
    page = _article(built_site / "zwolle/themas/mantelzorg/index.html")
    text = _text(page)
    edition = compose(load(ROOT), "zwolle")
    chapter = next(h for h in edition.hoofdstukken if h.id == "mantelzorg")
    items = page.select("h2#standpunten + ol > li")
    assert len(items) == len(chapter.standpunten)
    assert "Eigen standpunt van de afdeling" in _text(items[-1])
    assert "mantelzorgwaardering zonder ingewikkelde aanvraag" in _text(items[-1])
    assert "Eigen standpunt" not in _text(items[0])
    assert "Zo meten we het:" in _text(items[0]), "how to check a point after four years"
    assert page.select_one("h2#cijfers-uit-zwolle") and page.select_one("h2#landelijke-cijfers")
    assert "(Bron: Marius Jellema (De Dienst, Noordwest Friesland)" in text and ", 2023)" in text
    assert "scp-2023" not in text, "a source id becomes its full reference"
    assert "(Bron: Steunpunt Mantelzorg Zwolle (ZwolleDoet!)" in text
    assert page.select_one("a[href='https://www.mantelzorgzwolle.nl']"), "a local source with its web address"
    guide = [a["href"] for a in page.select("a") if "gids/" in a.get("href", "")]
    assert "../../gids/vier-niveaus/" in guide


def test_guide_pages_link_to_the_themes_they_touch(built_site: Path) -> None:
    branch = _article(built_site / "zwolle/gids/vier-niveaus/index.html")
    links = [a["href"] for a in branch.select("h2#bij-deze-themas + ul a")]
    assert links == ["../../themas/mantelzorg/", "../../themas/vrijwilligers/"], "chosen cards only, in order"
    portal = _article(built_site / "gids/vier-niveaus/index.html")
    links = [a["href"] for a in portal.select("h2#bij-deze-themas + ul a")]
    assert "../../bibliotheek/toegang/" in links and "../../bibliotheek/kwaliteit/" in links


def test_dropped_points_are_absent_from_the_card_and_from_over(built_site: Path) -> None:
    data = yaml.safe_load((ROOT / "themes/jeugd.yml").read_text("utf-8"))
    dropped = next(p for p in data["standpunten"] if p["id"] == "jonge-vluchtelingen-na-18")
    first_words = " ".join(dropped["tekst"].split()[:6]).replace("{{ gemeente.naam }}", "Zwolle")
    card = _text(_article(built_site / "zwolle/themas/jeugd/index.html"))
    assert first_words not in card
    over = _text(_article(built_site / "zwolle/over/index.html"))
    assert first_words not in over  # listed only with weggelaten_tonen: ja (tests/test_public_pages.py)
    assert "Statushouders en integratie" in over  # a national card Zwolle did not choose


def test_portal_lists_branches_and_the_whole_library(built_site: Path) -> None:
    portal = _article(built_site / "index.html")
    branches = portal.select("h3 > a:not(.headerlink)")
    assert [a["href"] for a in branches] == ["utrecht/", "waadhoeke/", "zwolle/"]
    assert [a.get_text() for a in branches][1] == "Samen Lokaal Waadhoeke"
    waadhoeke = _text(branches[1].find_parent("h3").find_next_sibling("p"))
    assert waadhoeke.startswith("Gemeente Waadhoeke · 5 thema's: Vrijwilligers, Mantelzorg")
    for card in (ROOT / "themes").glob("*.yml"):
        data = yaml.safe_load(card.read_text("utf-8"))
        page = _article(built_site / f"bibliotheek/{data['id']}/index.html")
        assert len(page.select("h2#standpunten + ol > li")) == len(data["standpunten"])
        assert "[gemeente]" in _text(page) or "{{" not in card.read_text("utf-8")


def test_every_page_is_dutch_private_and_relative(built_site: Path) -> None:
    pages = list(built_site.rglob("*.html"))
    assert len(pages) > 40
    for path in pages:
        soup = _soup(path)
        assert soup.html["lang"] == "nl", path
        for tag in soup.select("script[src], link[href], img[src]"):
            url = tag.get("src") or tag.get("href")
            if tag.name == "link" and "canonical" in tag.get("rel", []):
                continue
            assert not re.match(r"^(https?:)?//", url), f"{path}: {url}"
        for link in soup.select("a[href^='/']"):
            # Only the 404 page may use site_url, which carries the full sub-path.
            assert path.name == "404.html", f"{path}: absolute link {link['href']}"
            assert link["href"].startswith("/bouwstenen/"), f"{path}: {link['href']}"
    css = "".join(p.read_text("utf-8") for p in built_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "fonts.gstatic" not in css


def test_party_colours_and_logo(built_site: Path) -> None:
    css = (built_site / "assets/huisstijl.css").read_text("utf-8")  # one copy, the portal's
    assert "--md-primary-fg-color: #1f5d7a;" in css
    soup = _soup(built_site / "zwolle/index.html")
    assert soup.select_one("link[href='../assets/huisstijl.css']")
    assert soup.select_one("a.md-logo img")["src"].endswith("assets/logo.svg")


def test_config_is_complete_and_sub_path_aware(built_site: Path) -> None:
    config = yaml.safe_load((built_site.parent / ".build/zwolle/mkdocs/mkdocs.yml").read_text("utf-8"))
    assert "INHERIT" not in config
    assert config["site_url"] == "https://samenlokaal.github.io/bouwstenen/zwolle/"
    assert config["theme"]["language"] == "nl" and config["theme"]["font"] is False
    assert config["plugins"] == []  # no lunr: Pagefind indexes the built site (tests/test_search.py)
    assert config["extra_javascript"] == ["assets/zoeken.js"]
    assert (config["docs_dir"], config["site_dir"]) == ("docs", "site")


def test_broken_link_fails_and_the_branch_keeps_its_old_site(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    assert run_cli("--map", str(root)).status == 0
    before = sorted(p.relative_to(root / "site") for p in (root / "site").rglob("*"))
    branch = root / "content/afdelingen/zwolle.yml"
    branch.write_text(
        branch.read_text("utf-8").replace(
            "Daarover gaat dit programma.", "Lees [ons plan](plan-dat-niet-bestaat.md)."
        ),
        encoding="utf-8",
    )
    run = run_cli("--map", str(root))
    assert run.status == 2
    assert run.lines[0] == (
        "content/afdelingen/zwolle.yml:19: de link 'plan-dat-niet-bestaat.md' wijst naar een pagina die niet"
        " bestaat — verbeter de link: een pagina van de site eindigt op .md, een webadres begint met https://"
    )
    assert run.lines[-1] == "  zwolle: de vorige versie blijft op de site"
    assert sorted(p.relative_to(root / "site") for p in (root / "site").rglob("*")) == before
    assert "Traceback" not in run.stderr


def test_html_in_yaml_never_becomes_markup(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    branch = root / "content/afdelingen/zwolle.yml"
    attack = '<script>alert(1)</script> <img src=x onerror="alert(2)"> <b>vet</b>'
    branch.write_text(
        branch.read_text("utf-8").replace("Daarover gaat dit programma.", attack), encoding="utf-8"
    )
    assert run_cli("--map", str(root), "--afdeling", "zwolle").status == 0
    home = _article(root / "site/zwolle/index.html")
    assert not home.select("script, img, b")
    assert "<script>alert(1)</script>" in home.get_text()


def test_pages_carry_no_indentation_but_keep_preformatted_text(built_site: Path) -> None:
    """The theme's indentation leaves every page (a quarter of its bytes); a browser shows
    the text the same, and <pre> and <textarea> keep their own spaces."""
    pages = list(built_site.rglob("*.html"))
    indented = [p for p in pages if re.search(r"\n[ \t]", p.read_text("utf-8"))]
    assert indented == []
    html = "<p>een\n    twee</p>\n  <pre>\n  code\n    meer</pre>\n<textarea>\n  tekst</textarea>\n  <p>x</p>"
    assert (
        compact(html)
        == "<p>een\ntwee</p>\n<pre>\n  code\n    meer</pre>\n<textarea>\n  tekst</textarea>\n<p>x</p>"
    )

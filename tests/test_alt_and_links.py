"""WCAG 2.2 AA beyond what axe-core measures: every logo has a real alt text (required in the
schemas), every download link says what it is also when read alone, and the summary 'In het
kort' is as large as the text around it."""

from __future__ import annotations

from pathlib import Path

import yaml
from bs4 import BeautifulSoup
from conftest import ROOT, run_cli
from playwright.sync_api import Browser
from served import serve

FORMATS_ALONE = {"PDF", "Word (DOCX)", "LibreOffice (ODT)", "Markdown", "afbeelding", "beschrijving"}


def _line(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.startswith(start))


def test_a_party_logo_without_description_is_refused(repo: Path) -> None:
    party = repo / "content" / "partij.yml"
    party.write_text(
        "".join(
            line
            for line in party.read_text("utf-8").splitlines(keepends=True)
            if not line.startswith("logo_beschrijving:")
        ),
        "utf-8",
    )
    run = run_cli("--map", str(repo), "controleer")
    assert run.status == 2
    assert (
        f"content/partij.yml:{_line(party, 'logo:')}: bij 'logo' ontbreekt 'logo_beschrijving': wie het logo"
        " niet kan zien, weet niet wat erop staat — zet onder 'logo' een regel als"
        " 'logo_beschrijving: Logo van Samen Lokaal: een groen huis'"
    ) in run.lines


def test_a_branch_logo_needs_its_own_description(repo: Path) -> None:
    branch = repo / "content" / "afdelingen" / "zwolle.yml"
    branch.write_text(branch.read_text("utf-8") + "logo: content/logo/samen-lokaal.svg\n", "utf-8")
    run = run_cli("--map", str(repo), "controleer")
    assert run.status == 2
    assert any(
        line.startswith(f"content/afdelingen/zwolle.yml:{_line(branch, 'logo:')}: bij 'logo' ontbreekt")
        for line in run.lines
    ), run.lines
    branch.write_text(branch.read_text("utf-8") + "logo_beschrijving: Logo van Zwolle\n", "utf-8")
    again = run_cli("--map", str(repo), "controleer")
    assert not [line for line in again.lines if "logo" in line], again.lines


def test_the_logo_has_its_description_as_alt_text(built_site: Path) -> None:
    party = yaml.safe_load((ROOT / "content" / "partij.yml").read_text("utf-8"))
    for page in ("index.html", "zwolle/index.html", "zwolle/themas/jeugd/index.html", "gids/index.html"):
        soup = BeautifulSoup((built_site / page).read_text("utf-8"), "html.parser")
        logos = soup.select(".md-logo img")
        assert logos, page
        assert {img.get("alt") for img in logos} == {party["logo_beschrijving"]}, page


def test_every_download_link_says_what_it_is(built_site: Path) -> None:
    for page in ("zwolle/index.html", "zwolle/kort/index.html", "index.html", "gids/valkuilen/index.html"):
        soup = BeautifulSoup((built_site / page).read_text("utf-8"), "html.parser")
        texts = {
            " ".join(a.get_text().split())
            for a in soup.select("article a")
            if a.has_attr("download") or str(a.get("href", "")).split("#")[0].endswith(".pdf")
        }
        assert texts, page
        assert not texts & FORMATS_ALONE, (page, texts)
    home = BeautifulSoup((built_site / "zwolle" / "index.html").read_text("utf-8"), "html.parser")
    shown = {" ".join(a.get_text().split()) for a in home.select("article a[download]")}
    assert {"Handboek als PDF", "Handboek voor Word (DOCX)", "Handboek voor LibreOffice (ODT)"} <= shown
    assert "afbeelding over Jeugd voor sociale media" in shown
    assert "beschrijving van de afbeelding over Jeugd" in shown


def test_no_two_links_with_one_text_go_to_different_places(built_site: Path) -> None:
    """A link read alone (in a screen reader's list of links) tells where it goes."""
    for page in ("zwolle/index.html", "zwolle/kort/index.html", "index.html"):
        soup = BeautifulSoup((built_site / page).read_text("utf-8"), "html.parser")
        targets: dict[str, set[str]] = {}
        for a in soup.select("article a:not(.headerlink)"):
            targets.setdefault(" ".join(a.get_text().split()), set()).add(str(a.get("href")))
        assert {text: hrefs for text, hrefs in targets.items() if len(hrefs) > 1} == {}, page


def test_in_het_kort_is_as_large_as_the_body_text(built_site: Path, browser: Browser) -> None:
    size = "el => parseFloat(getComputedStyle(el).fontSize)"
    with serve(built_site) as url:
        page = browser.new_page(viewport={"width": 360, "height": 800})
        page.goto(url + "zwolle/themas/jeugd/")
        summary = page.locator("article .admonition p").first.evaluate(size)
        body = page.locator("article > p").first.evaluate(size)
        assert summary >= body >= 14
        page.goto(url + "zwolle/kort/")
        points = page.locator("article li").first.evaluate(size)
        assert points >= page.locator("article > p").first.evaluate(size)
        page.close()

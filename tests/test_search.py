"""One Pagefind search over every program: on the portal with filters, on a branch site for
that branch and the guide, a hit opening the point; the same after an incremental build,
after merging shards, and for a site Zensical built."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import build_ok, copy_library, run_cli
from playwright.sync_api import Browser, Page, expect
from served import serve

from bouwstenen import search
from bouwstenen.cache import read_manifest

ZENSICAL = Path(sys.executable).with_name("zensical")


@contextmanager
def searching(site: Path, browser: Browser, path: str = "zoeken/") -> Iterator[tuple[Page, str, set[str]]]:
    """A page of `site` served under a sub-path, the base address, and every host it asked."""
    hosts: set[str] = set()
    context = browser.new_context()
    context.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(site) as url:
        page.goto(url + path)
        yield page, url, hosts
    context.close()
    assert not errors, errors


def _ask(page: Page, term: str) -> list[dict[str, str]]:
    """Type `term` in the search field; each result as its title, link and where it is from."""
    page.fill("#zoekterm", term)
    expect(page.locator("#zoek-aantal")).to_contain_text(f"voor ‘{term}’")
    return _results(page)


def _results(page: Page) -> list[dict[str, str]]:
    """The results shown once the search is done (the list is aria-busy while it searches)."""
    expect(page.locator("#zoek-resultaten")).to_have_attribute("aria-busy", "false")
    return page.locator("#zoek-resultaten > li").evaluate_all(
        """items => items.map(li => ({
            titel: li.querySelector('.zoeken__titel').textContent,
            link: li.querySelector('.zoeken__titel').href,
            waar: li.querySelector('.zoeken__waar').textContent,
            punten: [...li.querySelectorAll('.zoeken__punten a')].map(a => a.href).join(' '),
        }))"""
    )


def _pagefind(page: Page, url: str, term: str) -> list[str]:
    """The address (from the host on) of every result and sub-result Pagefind gives for `term`,
    asked directly."""
    return page.evaluate(
        """async ([base, term]) => {
            const pagefind = await import(base + 'pagefind/pagefind.js');
            await pagefind.options({ baseUrl: new URL(base).pathname });
            const found = await pagefind.search(term);
            const data = await Promise.all(found.results.map(r => r.data()));
            return data.flatMap(d => [d.url, ...d.sub_results.map(s => s.url)]);
        }""",
        [url, term],
    )


def test_the_portal_finds_points_of_several_branches_and_a_branch_filter_narrows(
    built_site: Path, browser: Browser
) -> None:
    with searching(built_site, browser) as (page, url, hosts):
        found = _ask(page, "schuldhulp")
        branches = {r["waar"].split(" · ")[0] for r in found if r["waar"].startswith("Afdeling ")}
        assert branches >= {"Afdeling Utrecht", "Afdeling Zwolle"}
        points = " ".join(r["punten"] for r in found)
        for slug in ("utrecht", "zwolle"):
            assert f"{url}{slug}/themas/schulden/#snel-naar-schuldhulp" in points.split()
        page.select_option("#zoek-filter-afdeling", "Zwolle")
        narrowed = [r["waar"] for r in _results(page)]
        assert narrowed and all(text.startswith("Afdeling Zwolle") for text in narrowed), narrowed
        assert len(narrowed) < len(found)
    assert hosts == {"127.0.0.1"}, hosts


def test_the_portal_filters_by_theme_and_status(built_site: Path, browser: Browser) -> None:
    with searching(built_site, browser) as (page, _, _hosts):
        _ask(page, "gemeente")
        page.select_option("#zoek-filter-status", "concept")  # only Zwolle is a concept
        page.select_option("#zoek-filter-thema", "Mantelzorg")
        places = {r["waar"] for r in _results(page)}
        assert places == {"Afdeling Zwolle · Mantelzorg · concept"}, places


def test_a_branch_site_finds_its_own_points_and_the_guide_only(built_site: Path, browser: Browser) -> None:
    with searching(built_site, browser, "utrecht/zoeken/") as (page, url, hosts):
        found = _ask(page, "schuldhulp")
        links = [r["link"] for r in found]
        assert any(link.startswith(f"{url}utrecht/themas/schulden/") for link in links), links
        assert all(link.startswith((f"{url}utrecht/", f"{url}gids/")) for link in links), links
        assert not page.locator("#zoek-filters select").count()  # a branch site offers no other branches
        guide = _ask(page, "coalitieakkoord")
        assert guide and all(r["link"].startswith(f"{url}gids/") for r in guide)
    assert hosts == {"127.0.0.1"}, hosts


def test_dutch_stemming_finds_the_plural(built_site: Path, browser: Browser) -> None:
    with searching(built_site, browser) as (page, _, _hosts):
        assert _ask(page, "mantelzorger")
        marked = {text.lower() for text in page.locator("#zoek-resultaten mark").all_inner_texts()}
        assert "mantelzorgers" in marked, marked


def test_a_hit_opens_the_page_at_the_point(built_site: Path, browser: Browser) -> None:
    with searching(built_site, browser, "zwolle/zoeken/") as (page, url, _hosts):
        _ask(page, "noodfonds")
        page.locator(".zoeken__punten a[href$='#geen-huisuitzetting-door-schulden']").first.click()
        page.wait_for_url(f"{url}zwolle/themas/schulden/#geen-huisuitzetting-door-schulden")
        top = page.evaluate(
            "document.getElementById('geen-huisuitzetting-door-schulden').getBoundingClientRect().top"
        )
        assert 0 <= top < page.viewport_size["height"] / 2


def test_the_keyboard_alone_opens_the_search_and_a_result(built_site: Path, browser: Browser) -> None:
    with searching(built_site, browser, "zwolle/themas/jeugd/") as (page, url, _hosts):
        page.keyboard.press("/")
        page.wait_for_url(f"{url}zwolle/zoeken/#zoekterm")
        expect(page.locator("#zoekterm")).to_be_focused()
        page.keyboard.type("mantelzorgwaardering")
        expect(page.locator("#zoek-aantal")).to_contain_text("voor ‘mantelzorgwaardering’")
        page.keyboard.press("Tab")  # the button
        page.keyboard.press("Tab")  # the first result
        expect(page.locator("#zoek-resultaten .zoeken__titel").first).to_be_focused()
        page.keyboard.press("Enter")
        page.wait_for_url(f"{url}zwolle/themas/mantelzorg/")
        page.goto(f"{url}zwolle/zoeken/")
        page.keyboard.press("/")  # on the search page itself, '/' goes to the field
        expect(page.locator("#zoekterm")).to_be_focused()


@pytest.mark.parametrize("width", [1280, 360])
def test_a_link_in_the_top_bar_opens_the_search(built_site: Path, browser: Browser, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 700})
    with serve(built_site) as url:
        for site in ("", "zwolle/"):
            page.goto(f"{url}{site}gids/" if not site else f"{url}{site}themas/jeugd/")
            link = page.locator("header a.bouwstenen-zoeken")
            expect(link).to_be_visible()
            assert link.inner_text() == "Zoeken"
            link.click()
            page.wait_for_url(f"{url}{site}zoeken/")
    page.close()


def test_the_results_are_a_list_and_their_number_is_announced(built_site: Path, browser: Browser) -> None:
    with searching(built_site, browser) as (page, _, _hosts):
        assert page.locator("form[role=search] label[for=zoekterm]").inner_text() == "Zoekwoord"
        assert page.locator("#zoek-aantal").get_attribute("aria-live") == "polite"
        _ask(page, "vrijwilligers")
        assert page.locator("ol#zoek-resultaten > li").count() >= 2


def test_lunr_leaves_the_published_tree(built_site: Path) -> None:
    assert not list(built_site.rglob("search_index.json"))
    assert not (built_site / "assets/javascripts/lunr").exists()
    assert not (built_site / "assets/javascripts/workers").exists()
    assert (built_site / "pagefind/pagefind.js").is_file()
    assert not list(built_site.glob("*/pagefind"))  # one index, at the root


def test_the_index_follows_an_incremental_build(repo: Path, browser: Browser) -> None:
    build_ok(repo)
    _reword_own_point(repo / "content/afdelingen/utrecht.yml")
    build_ok(repo, "--afdeling", "utrecht")
    with searching(repo / "site", browser) as (page, url, _hosts):
        point = urlparse(url).path + OWN_POINT
        assert point in _pagefind(page, url, "speeltuinbeheerder")
        assert point not in _pagefind(page, url, "hulpverlener"), "the old text is gone"


def test_the_index_after_merging_shards(tmp_path: Path, browser: Browser) -> None:
    parts = [copy_library(tmp_path / f"deel{i}") for i in (1, 2)]
    for index, part in enumerate(parts, 1):
        _reword_own_point(part / "content/afdelingen/utrecht.yml")
        build_ok(part, "--shard", f"{index}/2")
    merged = copy_library(tmp_path / "samen")
    _reword_own_point(merged / "content/afdelingen/utrecht.yml")
    assert run_cli("--map", str(merged), "samenvoegen", *(str(p / "site") for p in parts)).status == 0
    with searching(merged / "site", browser) as (page, url, _hosts):
        point = urlparse(url).path + OWN_POINT
        assert point in _pagefind(page, url, "speeltuinbeheerder")
        assert point not in _pagefind(page, url, "hulpverlener")
        assert any("zwolle/" in hit for hit in _pagefind(page, url, "mantelzorgwaardering"))


OWN_POINT = "utrecht/themas/toegang/#buurtteam-binnen-een-week"


def _reword_own_point(branch: Path) -> None:
    """Utrecht's own point promises a talk with a 'speeltuinbeheerder', no longer a 'hulpverlener'."""
    text = branch.read_text("utf-8")
    old = "gesprek met een vaste hulpverlener."
    assert old in text, "utrecht.yml's own point changed: pick another sentence"
    branch.write_text(text.replace(old, "gesprek met een vaste speeltuinbeheerder."), "utf-8")


def test_the_same_search_works_on_a_site_zensical_built(
    built_site: Path, tmp_path: Path, browser: Browser
) -> None:
    published = tmp_path / "site"
    shutil.copytree(built_site, published)
    manifest = read_manifest(published)  # as the MkDocs build left it
    project = tmp_path / "zwolle"
    shutil.copytree(
        built_site.parent / ".build/zwolle/mkdocs", project, ignore=shutil.ignore_patterns("site")
    )
    done = subprocess.run(
        [str(ZENSICAL), "build", "--strict", "-f", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.rmtree(published / "zwolle")
    shutil.copytree(project / "site", published / "zwolle")
    search.index(published, manifest)
    with searching(published, browser, "zwolle/zoeken/") as (page, url, hosts):
        assert page.locator("header a.bouwstenen-zoeken").count() == 1  # Zensical reads the override too
        found = _ask(page, "mantelzorgwaardering")
        assert any(f"{url}zwolle/themas/mantelzorg/#" in r["punten"] for r in found), found
        assert all(r["link"].startswith((f"{url}zwolle/", f"{url}gids/")) for r in found)
    assert hosts == {"127.0.0.1"}, hosts


@pytest.mark.parametrize("slug", ["zoeken", "pagefind"])
def test_a_branch_cannot_take_the_name_of_the_search(repo: Path, slug: str) -> None:
    branches = repo / "content/afdelingen"
    shutil.copyfile(branches / "zwolle.yml", branches / f"{slug}.yml")
    run = run_cli("--map", str(repo), "controleer")
    assert run.status == 2
    assert any(line.startswith(f"content/afdelingen/{slug}.yml") for line in run.lines), run.lines

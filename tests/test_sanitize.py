"""Links and images judged where they are made: the site's parser, nh3, and the page Markdown
written back from the clean tree. Every way found to sneak a live link or an outside image
past a pattern is here, through the function, through `controleer`, and through a real
page in Chromium.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import run_cli
from hypothesis import example, given, settings
from hypothesis import strategies as st
from playwright.sync_api import Browser
from served import serve

from bouwstenen.build import build_site
from bouwstenen.compose import compose
from bouwstenen.load import load
from bouwstenen.render import render
from bouwstenen.sanitize import ALLOWED_SCHEMES, _parser, clean, removals, site_markdown, to_html

BYPASSES = {
    "nested-brackets": "[a [b] c](javascript:alert(1))",
    "escaped-bracket": "[a \\] b](javascript:alert(1))",
    "code-span-in-text": "`code` [a `]` b](javascript:alert(1))",
    "entity-in-scheme": "[x](jav&#x61;script:alert(1))",
    "reference-in-quote": "> [r]: javascript:alert(1)\n>\n> [x][r]",
    "reference-in-list": "- [r]: data:text/html,x\n\n[x][r]",
    "reference-in-admonition": "!!! note\n    [r]: javascript:alert(1)\n\n[z][r]",
    "reference-in-definition": "term\n: [r]: javascript:alert(1)\n\n[w][r]",
    "reference-image": "![p][r]\n\n[r]: https://example.org/x.png",
    "shortcut-image": "![r]\n\n[r]: https://example.org/x.png",
    "inline-image": "![x](https://example.org/x.png)",
    "data-link": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "tab-in-scheme": "[x](java&#9;script:alert(1))",
}


def _hrefs_and_images(fragment: str) -> tuple[list[str], list[str]]:
    soup = BeautifulSoup(fragment, "html.parser")
    hrefs = [str(a.get("href")) for a in soup.find_all("a") if a.get("href") is not None]
    return hrefs, [str(img) for img in soup.find_all("img")]


def _page(page_markdown: str) -> str:
    """The HTML MkDocs makes of page Markdown: the site's parser, raw HTML allowed."""
    parser = _parser()
    parser.reset()
    return str(parser.convert(page_markdown))


def _allowed(href: str) -> bool:
    """As a browser reads it: tabs, newlines and leading control characters do not count."""
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", re.sub(r"[\x00-\x20]", "", href))
    return scheme is None or scheme.group(1).lower() in ALLOWED_SCHEMES


@pytest.mark.parametrize("text", BYPASSES.values(), ids=BYPASSES.keys())
def test_every_bypass_is_reported_and_removed(text: str) -> None:
    hrefs, images = _hrefs_and_images(to_html(text))
    assert images or any(not _allowed(h) for h in hrefs), "the vector is live without us"
    assert removals(text), "controleer must say what goes"
    for fragment in (clean(text), _page(site_markdown(text))):
        hrefs, images = _hrefs_and_images(fragment)
        assert images == []
        assert all(_allowed(href) for href in hrefs), hrefs


def test_allowed_links_survive_and_text_is_kept() -> None:
    text = (
        "Lees [de gids](../gids/index.md) of [de site](https://example.org/a_(b)), mail [ons](mailto:a@b.nl)."
    )
    assert removals(text) == []
    hrefs, _ = _hrefs_and_images(_page(site_markdown(text)))
    assert hrefs == ["../gids/index.md", "https://example.org/a_(b)", "mailto:a@b.nl"]


def test_markdown_specials_in_text_stay_text() -> None:
    text = "1. **vet** en *schuin*, `code`, a|b, term: x, #1, {{ x }}, <b>geen</b>, <javascript:x>, 3 > 2 & 1"
    page = BeautifulSoup(_page(site_markdown(text)), "html.parser")
    assert page.get_text() == BeautifulSoup(clean(text), "html.parser").get_text()
    assert "<b>geen</b>" in page.get_text() and "<javascript:x>" in page.get_text()
    assert page.find("b") is None and page.find("a") is None


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*"ab []()!<>:*_`#\\-.|=&;/\n\t", "javascript:", "data:", "](", "]:", "https://x.nl", "    "]
        ),
        max_size=40,
    ).map("".join)
)
@example("*a    \n*")  # emphasis ending in a line break: the star must not follow a space
@example("** b **")
@example("-    >a")  # found by a full run: a quote as the first thing in a list item
@example("*a    *a***")  # found by a full run: emphasis inside emphasis
def test_the_page_markdown_means_exactly_the_clean_html(text: str) -> None:
    rewritten = _page(site_markdown(text))
    hrefs, images = _hrefs_and_images(rewritten)
    assert images == [] and all(_allowed(href) for href in hrefs)
    expected = " ".join(BeautifulSoup(clean(text), "html.parser").get_text().split())
    assert " ".join(BeautifulSoup(rewritten, "html.parser").get_text().split()) == expected


def test_controleer_reports_the_link_on_its_line(mini: Path) -> None:
    branch = mini / "content/afdelingen/dorp.yml"
    text = branch.read_text("utf-8").replace(
        "  Welkom in {{ gemeente.naam }}, van {{ afdeling }}.\n",
        "  Welkom in {{ gemeente.naam }}.\n\n  > [r]: javascript:alert(1)\n  >\n  > [klik][r]\n",
    )
    branch.write_text(text, "utf-8")
    run = run_cli("--map", str(mini), "controleer")
    assert run.status == 2
    assert run.lines[0] == (
        "content/afdelingen/dorp.yml:7: een link met 'javascript:' is niet toegestaan — gebruik een gewoon"
        " webadres (https://...), een e-mailadres (mailto:...) of een link naar een pagina van de site"
    )


def test_a_name_with_a_link_is_reported(mini: Path) -> None:
    branch = mini / "content/afdelingen/dorp.yml"
    branch.write_text(
        branch.read_text("utf-8").replace("naam: Dorp", 'naam: "[Dorp](javascript:alert(1))"'), "utf-8"
    )
    run = run_cli("--map", str(mini), "controleer")
    assert run.status == 2
    assert any(
        line.startswith("content/afdelingen/dorp.yml:3: een naam is gewone tekst en kan geen link zijn")
        for line in run.lines
    ), run.stderr


def _hostile_site(root: Path, workdir: Path) -> Path:
    """A branch site built from texts that `controleer` would refuse: the build itself must hold."""
    edition = compose(load(root), "dorp")
    chapter = edition.hoofdstukken[0]
    points = tuple(
        replace(point, tekst=f"{point.tekst} {vector}", toelichting=vector)
        for point, vector in zip(chapter.standpunten, [*BYPASSES.values()] * 3, strict=False)
    )
    fact = replace(
        chapter.feiten[0], url="https://a.nl)[x](javascript:alert(1)", bron="[b](javascript:alert(2))"
    )
    chapter = replace(chapter, standpunten=points, feiten=(fact,), inleiding="\n\n".join(BYPASSES.values()))
    edition = replace(
        edition,
        hoofdstukken=(chapter, *edition.hoofdstukken[1:]),
        voorwoord="\n\n".join(BYPASSES.values()),
        afdeling="[a](javascript:alert(3))",
    )
    built, problems = build_site(render(edition), root, workdir)
    assert problems == []
    return built


def test_a_page_built_from_hostile_text_has_no_live_link_or_image(mini: Path, tmp_path: Path) -> None:
    built = _hostile_site(mini, tmp_path / "werk")
    for page in ("index.html", "themas/armoede/index.html"):
        article = BeautifulSoup((built / page).read_text("utf-8"), "html.parser").select_one("article")
        assert article is not None
        assert article.select("img") == []
        for element in article.find_all(True):
            for name, value in element.attrs.items():
                if name in ("href", "src", "action", "formaction", "xlink:href"):
                    assert _allowed(str(value)), (page, name, value)
                assert not name.startswith("on"), (page, name)


def test_chromium_clicks_every_link_from_volunteer_text_and_no_script_runs(
    mini: Path, tmp_path: Path, browser: Browser
) -> None:
    built = _hostile_site(mini, tmp_path / "werk")
    dialogs: list[str] = []
    with serve(built) as url:
        context = browser.new_context()
        context.route(re.compile(r"^(?!http://127\.0\.0\.1).*"), lambda route: route.abort())
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in ("", "themas/armoede/"):
            page.goto(url + path)
            links = page.locator("article a:not(.headerlink)")
            for index in range(links.count()):
                page.goto(url + path)
                link = page.locator("article a:not(.headerlink)").nth(index)
                if link.is_visible():
                    link.click(modifiers=["Alt"], no_wait_after=True, timeout=5000)
                    page.wait_for_timeout(50)
        context.close()
    assert dialogs == []

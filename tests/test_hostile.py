"""Hostile input, table-driven: each case through `check` and through a full build.

Refused cases must give exit 2, the Dutch message, no traceback, and write nothing.
Neutralised cases (HTML in text) must build, and the built HTML, parsed, must hold
no element or attribute that came from the YAML.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from conftest import run_cli
from playwright.sync_api import Browser
from served import serve

BRANCH = "content/afdelingen/dorp.yml"
CARD = "themes/armoede.yml"


@dataclass(frozen=True)
class Refused:
    name: str
    file: str
    change: Callable[[str], str | bytes]
    message: str


def _replace(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new, 1)


REFUSED = [
    Refused(
        "javascript-link",
        BRANCH,
        _replace("{{ afdeling }}.", "[klik](javascript:alert(1))."),
        "een link met 'javascript:' is niet toegestaan",
    ),
    Refused(
        "hidden-javascript-link",
        CARD,
        _replace("mee kunnen doen.", "[x](jav&#x61;script:alert(1))."),
        "een link met 'javascript:' is niet toegestaan",
    ),
    Refused(
        "data-link",
        CARD,
        _replace("moet iedereen", "moet [x](data:text/html;base64,PHNjcmlwdD4=) iedereen"),
        "een link met 'data:' is niet toegestaan",
    ),
    Refused(
        "template-injection",
        BRANCH,
        _replace("{{ afdeling }}", "{{ cycler.__init__.__globals__.os.popen('id').read() }}"),
        "deze tekst probeert de binnenkant van het programma te bereiken; dat mag niet",
    ),
    Refused(
        "template-loop",
        CARD,
        _replace("mee kunnen doen.", "{% for i in range(99999) %}x{% endfor %}"),
        "in deze tekst staat meer dan een gewone variabele tussen {{ }} of {% %}",
    ),
    Refused(
        "logo-traversal",
        BRANCH,
        lambda t: t + "logo: ../../../../etc/passwd\n",
        "het logo '../../../../etc/passwd' ligt buiten deze map",
    ),
    Refused(
        "logo-absolute",
        BRANCH,
        lambda t: t + "logo: /etc/passwd\n",
        "het logo '/etc/passwd' ligt buiten deze map",
    ),
    Refused(
        "logo-wrong-type",
        BRANCH,
        lambda t: t + "logo: content/afdelingen/dorp.yml\n",
        "het logo 'content/afdelingen/dorp.yml' is geen SVG-, PNG- of JPG-bestand",
    ),
    Refused(
        "image-traversal",
        CARD,
        _replace("mee kunnen doen.", "![x](../../../../etc/passwd)"),
        "afbeeldingen in teksten worden niet ondersteund",
    ),
    Refused(
        "alias-bomb",
        CARD,
        lambda t: t + 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\nd: [*c,*c]\n',
        "verwijzingen met & of * (YAML-ankers) zijn niet toegestaan",
    ),
    Refused(
        "huge-file",
        CARD,
        lambda t: t + "# " + "x" * 300_000 + "\n",
        "het bestand is te groot (meer dan 256 kB)",
    ),
    Refused(
        "deep-nesting",
        CARD,
        lambda t: t + "diep: " + "[" * 40 + "]" * 40 + "\n",
        "de gegevens zijn te diep genest (meer dan 12 niveaus)",
    ),
    Refused(
        "python-tag",
        CARD,
        _replace("titel: Armoede", "titel: !!python/object/apply:os.system [touch /tmp/bouwstenen-pwned]"),
        "YAML-label '!!python/object/apply:os.system' is niet toegestaan",
    ),
    Refused(
        "invalid-utf8",
        CARD,
        lambda t: t.encode("utf-8").replace(b"Armoede", b"Armo\xe9de"),
        "het bestand is niet in UTF-8 opgeslagen",
    ),
    Refused(
        "nul-byte",
        BRANCH,
        _replace("Dorp heeft", "Dorp\x00heeft"),
        "het bestand bevat een NUL-teken en is waarschijnlijk geen tekstbestand",
    ),
    Refused(
        "lookalike-id",
        CARD,
        _replace("id: kindpakket", "id: kindp\u0430kket"),
        "'id' heeft geen geldige vorm: 'kindp\u0430kket'",
    ),
    Refused(
        "html-in-title",
        CARD,
        _replace("titel: Armoede", 'titel: "Armoede <img src=x onerror=alert(1)>"'),
        "'titel' mag geen < of > bevatten",
    ),
    Refused(
        "html-in-branch-name",
        BRANCH,
        _replace("afdeling: Testpartij Dorp", "afdeling: Dorp <script>x</script>"),
        "'afdeling' mag geen < of > bevatten",
    ),
    Refused(
        "lookalike-card",
        BRANCH,
        _replace("kaart: jeugd", "kaart: j\u0435ugd"),
        "'kaart' heeft geen geldige vorm: 'j\u0435ugd'",
    ),
]


def _snapshot(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


@pytest.mark.parametrize("case", REFUSED, ids=[case.name for case in REFUSED])
def test_hostile_input_is_refused_everywhere(mini: Path, case: Refused) -> None:
    target = mini / case.file
    changed = case.change(target.read_text("utf-8"))
    target.write_bytes(changed if isinstance(changed, bytes) else changed.encode("utf-8"))
    before = _snapshot(mini.parent)
    for args in (["check"], ["--afdeling", "dorp"]):
        run = run_cli("--map", str(mini), *args)
        assert run.status == 2, (args, run.stdout, run.stderr)
        assert "Traceback" not in run.stdout + run.stderr
        assert any(line.startswith(f"{case.file}:") and case.message in line for line in run.lines), (
            run.stderr
        )
    assert _snapshot(mini.parent) == before, "nothing is written, not even a build folder"
    assert not (mini / "site").exists() and not (mini / ".build").exists()
    assert not Path("/tmp/bouwstenen-pwned").exists()


def test_a_symlink_out_of_the_repo_is_not_read(mini: Path, tmp_path: Path) -> None:
    secret = tmp_path / "geheim.yml"
    secret.write_text("id: geheim\n", encoding="utf-8")
    os.symlink(secret, mini / "themes/geheim.yml")
    os.symlink(secret, mini / "content/logo.svg")
    (mini / BRANCH).write_text((mini / BRANCH).read_text("utf-8") + "logo: content/logo.svg\n", "utf-8")
    run = run_cli("--map", str(mini), "check")
    assert run.status == 2
    assert (
        "themes/geheim.yml: dit bestand is een snelkoppeling (symlink) — zet het echte bestand op deze plek"
        in run.lines
    )
    assert any("het logo 'content/logo.svg' ligt buiten deze map" in line for line in run.lines)


def test_a_branch_file_name_that_is_no_slug(mini: Path) -> None:
    (mini / "content/afdelingen/../../x.yml").write_text("", encoding="utf-8")
    (mini / "content/afdelingen/Dorp Twee.yml").write_bytes((mini / BRANCH).read_bytes())
    run = run_cli("--map", str(mini), "controleer")
    assert run.status == 2
    assert run.lines[0].startswith("content/afdelingen/Dorp Twee.yml: ongeldige bestandsnaam 'Dorp Twee.yml'")
    alone = run_cli("--map", str(mini), "--afdeling", "dorp")
    assert alone.status == 0, "a mistake in another branch's file does not block this one"
    assert sorted(p.name for p in (mini / "site").iterdir() if p.name.lower().startswith("dorp")) == ["dorp"]


ATTACKS = [
    "<script>alert('xss')</script>",
    '<img src=x onerror="alert(1)">',
    '<iframe src="https://example.org"></iframe>',
    '<a href="javascript:alert(1)" onclick="alert(2)">klik</a>',
    "<svg onload=alert(1)>",
]


TEXT_META = frozenset({"description", "og:title", "og:description", "og:image:alt", "twitter:image:alt"})
"""The tags whose content is a page's text (macros/overrides/main.html), which may quote an attack
as text; their content stays one attribute, and no tag gains an on... attribute."""


def _described(tag: Tag, attribute: str) -> bool:
    return (
        tag.name == "meta"
        and attribute == "content"
        and (tag.get("name") or tag.get("property")) in TEXT_META
    )


COMPOSER = ("vendor/ajv/ajv2020.min.js", "src/samenstellen.js")
"""The scripts of the composer page (macros/site/samenstellen.md.j2), from web/, not from a text."""


def test_html_in_every_text_is_shown_as_text(mini: Path, browser: Browser) -> None:
    attack = " ".join(ATTACKS)
    quoted = json.dumps(attack)[1:-1]  # fits inside a double-quoted YAML string
    branch = (mini / BRANCH).read_text("utf-8")
    branch = branch.replace("Welkom in", f"{attack}\n  Welkom in")
    branch = branch.replace("tekst: Een eigen punt", f'tekst: "{quoted} Een eigen punt')
    branch = branch.replace("punt van {{ gemeente.naam }}.", 'punt van {{ gemeente.naam }}."')
    branch = branch.replace("bron: CBS", f'bron: "{quoted}"')
    (mini / BRANCH).write_text(branch, encoding="utf-8")
    card = (
        (mini / CARD)
        .read_text("utf-8")
        .replace(
            "toelichting: Wie snel hulp krijgt, komt er sneller uit.",
            f'toelichting: "{quoted} Wie snel hulp krijgt, komt er sneller uit."',
        )
    )
    (mini / CARD).write_text(card, encoding="utf-8")
    assert run_cli("--map", str(mini), "check").status == 0
    run = run_cli("--map", str(mini))
    assert run.status == 0, run.stderr
    pages = list((mini / "site").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        soup = BeautifulSoup(page.read_text("utf-8"), "html.parser")
        article = soup.select_one("article") or soup
        live = article.select("script, iframe, svg, img[onerror], a[onclick]")
        if page.parent == mini / "site" / "samenstellen":  # the composer's own two scripts, no more
            live = [tag for tag in live if not (tag.name == "script" and tag.get("src") in COMPOSER)]
        assert not live, page
        for tag in soup.find_all(True):
            for attribute, value in tag.attrs.items():
                assert not attribute.startswith("on"), (page, tag.name, attribute)
                if not _described(tag, attribute):  # a description holds the text, as text
                    assert "javascript:" not in str(value), (page, tag.name, attribute)
    home = BeautifulSoup((mini / "site/dorp/index.html").read_text("utf-8"), "html.parser")
    assert "<script>alert('xss')</script>" in home.select_one("article").get_text()
    assert home.select_one('meta[name="description"]')["content"].startswith("<script>alert('xss')</script>")
    dialogs: list[str] = []
    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    with serve(mini / "site") as url:  # the search shows the texts it found as text, too
        page.goto(f"{url}dorp/zoeken/?q=klik")
        page.locator("#zoek-resultaten > li").first.wait_for()
        shown = page.locator("#zoek-resultaten").inner_text()
        assert "<iframe" in shown and "onerror" in shown
        assert not page.locator("#zoek-resultaten").evaluate(
            "list => list.querySelectorAll('script, iframe, svg, img, [onclick], [onerror]').length"
        )
    page.close()
    assert dialogs == []

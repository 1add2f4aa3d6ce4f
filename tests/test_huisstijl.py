"""Names never reach CSS: the stylesheet holds only colours written as #rrggbb."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from conftest import run_cli

from bouwstenen.compose import compose
from bouwstenen.load import load
from bouwstenen.render import STYLESHEET, render

HOSTILE = "Testpartij */ @import url(https://evil.example/x.css) /*"
BUILT = "Testpartij */ :root{background:url(https://evil.example/x.png)} /*"
"""Without '@': pandoc reads '@import' in the handbook as a citation (issue 20, item 4)."""


def _stylesheet(root: Path, **party: str) -> str:
    edition = compose(load(root), "dorp")
    edition = replace(edition, partij=replace(edition.partij, **party))
    return next(page.text for page in render(edition).pages if page.path == STYLESHEET)


def test_the_stylesheet_holds_only_the_colours(mini: Path) -> None:
    assert _stylesheet(mini, naam=HOSTILE).split("\n}\n")[0].splitlines() == [
        ":root {",
        "  --md-primary-fg-color: #123456;",
        "  --md-primary-fg-color--light: #123456;",
        "  --md-primary-fg-color--dark: #123456;",
        "  --md-accent-fg-color: #654321;",
        "  --md-typeset-a-color: #123456;",
    ]


def test_a_colour_that_is_not_rrggbb_stays_out_even_past_the_schema(mini: Path) -> None:
    css = _stylesheet(mini, primair="#fff;}body{background:url(https://evil.example/)}", accent="#ABCdef")
    assert "evil" not in css and "url(" not in css
    assert "  --md-accent-fg-color: #ABCdef;" in css.splitlines()


def test_a_name_that_closes_a_comment_never_reaches_the_built_css(mini: Path) -> None:
    party = mini / "content/partij.yml"
    party.write_text(party.read_text("utf-8").replace("naam: Testpartij", f'naam: "{BUILT}"'), "utf-8")
    run = run_cli("--map", str(mini))
    assert run.status == 0, run.stderr
    sheets = sorted((mini / "site").rglob("huisstijl.css"))
    assert sheets
    for sheet in sheets:
        css = sheet.read_text("utf-8")
        assert "Testpartij" not in css and "evil" not in css and "url(" not in css, sheet

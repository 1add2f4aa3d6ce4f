"""The office's report: `python build.py rapport` writes rapport/ with CSV files and an HTML
page that works offline. BOUWSTENEN_GOLDEN=1 rewrites tests/cases/rapport/expected/."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ROOT, copy_library, run_cli
from playwright.sync_api import Browser
from served import serve

IN_2026 = {"SOURCE_DATE_EPOCH": "1790000000"}  # 2026-09-21: the year the figures are measured in
EXPECTED = ROOT / "tests" / "cases" / "rapport" / "expected"
REWRITE = bool(os.environ.get("BOUWSTENEN_GOLDEN"))
CSV_FILES = (
    "afdelingen.csv",
    "dubbele_standpunten.csv",
    "eigen_standpunten.csv",
    "eigen_teksten.csv",
    "kaarten.csv",
    "lokale_cijfers.csv",
    "stemhulp_afwijkingen.csv",
    "verouderde_cijfers.csv",
    "weggelaten.csv",
)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """rapport/ made once from a copy of the real library with its three example branches."""
    root = copy_library(tmp_path_factory.mktemp("rapport"))
    run = run_cli("--map", str(root), "rapport", env=IN_2026)
    assert (run.status, run.stderr) == (0, ""), run.stderr
    assert run.stdout == (
        f"Rapport: {root}/rapport/index.html (3 afdelingen, 8 kaarten), met de CSV-bestanden ernaast;"
        " open het in je browser\n"
    )
    return root / "rapport"


def test_the_report_holds_the_page_a_page_per_branch_and_the_csv_files(made: Path) -> None:
    files = sorted(path.relative_to(made).as_posix() for path in made.rglob("*") if path.is_file())
    pages = ["afdelingen/utrecht.html", "afdelingen/waadhoeke.html", "afdelingen/zwolle.html"]
    assert files == sorted([*CSV_FILES, "index.html", *pages])


@pytest.mark.parametrize("name", CSV_FILES)
def test_the_exact_csv_of_the_example_branches(made: Path, name: str) -> None:
    actual = (made / name).read_bytes()
    assert actual.startswith("\ufeff".encode())  # a spreadsheet then reads it as UTF-8
    if REWRITE:
        EXPECTED.mkdir(parents=True, exist_ok=True)
        (EXPECTED / name).write_bytes(actual)
    assert actual == (EXPECTED / name).read_bytes(), f"{name} differs; rewrite with BOUWSTENEN_GOLDEN=1"


def test_a_branch_page_shows_its_own_title_beside_the_librarys(made: Path) -> None:
    page = (made / "afdelingen" / "utrecht.html").read_text("utf-8")
    assert "<h3>Kaart toegang: titel</h3>" in page
    assert "<div><p><strong>Bibliotheek</strong></p>Toegang tot hulp</div>" in page
    assert "<div><p><strong>Samen Lokaal Utrecht</strong></p>Hulp in de buurt</div>" in page


def test_text_from_the_files_cannot_become_markup(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    branch = root / "content" / "afdelingen" / "zwolle.yml"
    text = branch.read_text("utf-8")
    branch.write_text(
        text.replace("  - kaart: preventie\n", "  - kaart: preventie\n    titel: A & B\n"), "utf-8"
    )
    assert run_cli("--map", str(root), "rapport").status == 0
    page = (root / "rapport" / "afdelingen" / "zwolle.html").read_text("utf-8")
    assert "<div><p><strong>Samen Lokaal Zwolle</strong></p>A &amp; B</div>" in page


def test_a_branch_with_a_mistake_is_left_out_and_named(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    branch = root / "content" / "afdelingen" / "zwolle.yml"
    branch.write_text(branch.read_text("utf-8").replace("kaart: jeugd", "kaart: jeugt"), "utf-8")
    run = run_cli("--map", str(root), "rapport")
    assert run.status == 0
    assert run.lines == [
        "let op: niet in het rapport: zwolle, want hun bestanden hebben fouten — zie: python build.py controleer"
    ]
    assert sorted(p.name for p in (root / "rapport" / "afdelingen").iterdir()) == [
        "utrecht.html",
        "waadhoeke.html",
    ]


def test_the_report_sorts_in_chromium_and_asks_nothing_of_other_hosts(made: Path, browser: Browser) -> None:
    hosts: set[str] = set()
    errors: list[str] = []
    context = browser.new_context()
    context.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    with serve(made) as url:
        page.goto(url + "index.html")
        first = page.locator("#tabel-afdelingen tbody tr td:first-child")
        assert first.all_inner_texts() == [
            "Samen Lokaal Utrecht",
            "Samen Lokaal Waadhoeke",
            "Samen Lokaal Zwolle",
        ]
        header = page.locator("#tabel-afdelingen th", has_text="Weggelaten")
        header.locator("button").click()
        assert header.get_attribute("aria-sort") == "ascending"
        weggelaten = page.locator("#tabel-afdelingen tbody tr td:nth-child(8)")
        assert weggelaten.all_inner_texts() == ["1", "2", "6"]
        header.locator("button").click()
        assert weggelaten.all_inner_texts() == ["6", "2", "1"]
        page.locator("a", has_text="Samen Lokaal Zwolle").click()
        page.locator("h1", has_text="Samen Lokaal Zwolle").wait_for()
    context.close()
    assert hosts == {"127.0.0.1"}, hosts
    assert not errors, errors


def test_a_pinned_branch_shows_how_far_it_is_behind_the_library(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    assert run_cli("--map", str(root), "vastleggen", "zwolle").status == 0
    card = root / "themes" / "jeugd.yml"
    card.write_text(card.read_text("utf-8").replace("een vaste begeleider", "een eigen begeleider"), "utf-8")
    assert run_cli("--map", str(root), "rapport").status == 0
    rows = (root / "rapport" / "afdelingen.csv").read_text("utf-8-sig").splitlines()
    header = rows[0].split(";")
    zwolle = dict(zip(header, next(r for r in rows if r.startswith("zwolle;")).split(";"), strict=False))
    # two changes: the text and the `meetbaar` of jonge-vluchtelingen-na-18 both say it
    assert (zwolle["vastgelegd"], zwolle["achter op bibliotheek"]) == ("ja", "2")


@pytest.mark.parametrize("page_name", ["index.html", "afdelingen/utrecht.html"])
def test_on_a_phone_only_the_tables_scroll_sideways(made: Path, browser: Browser, page_name: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})
    with serve(made) as url:
        page.goto(url + page_name)
        assert page.evaluate("document.documentElement.scrollWidth") == 360
        wide = page.locator(".rol").evaluate_all(
            "rolls => rolls.filter(r => r.scrollWidth > r.clientWidth).length"
        )
        assert wide > 0  # the tables are wider than a phone, and scroll inside their own box
    page.close()

"""The composer page (site/samenstellen/) in Chromium: a branch file made in the browser
passes `controleer` and builds into exactly the program composed on the page."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from conftest import build_ok, copy_library, run_cli
from playwright.sync_api import Browser, Page
from served import serve

from bouwstenen.compose import compose
from bouwstenen.load import load
from bouwstenen.validate import validate

OWN_POINT = "In {{ gemeente.naam }} krijgt elk kind van twee jaar een plek op de peuterspeelzaal."
REPOSITORY = "samenlokaal/programma"
BUDGET = 150_000
"""Page code and libraries, each file gzip-compressed, in bytes."""
LOCAL_FIGURE = "In Testdorp zorgen ongeveer 900 inwoners voor een naaste."


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real library, built once for every test here."""
    folder = copy_library(tmp_path_factory.mktemp("samenstellen"))
    party = folder / "content" / "partij.yml"
    party.write_text(party.read_text("utf-8") + f"repository: {REPOSITORY}\n", encoding="utf-8")
    build_ok(folder)
    return folder


@pytest.fixture(scope="module")
def base_url(root: Path) -> Iterator[str]:
    with serve(root / "site") as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """The composer page in a fresh browser profile; no request may leave 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    context.add_init_script("window.open = (url) => { window.geopend = url; return null; };")
    hosts: set[str] = set()
    errors: list[str] = []
    context.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    opened = context.new_page()
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.goto(base_url + "samenstellen/")
    opened.locator("#nieuw-gemeente").wait_for()
    yield opened
    context.close()
    assert hosts <= {"127.0.0.1"}, hosts
    assert not errors, errors


def _start(page: Page, gemeente: str) -> None:
    page.fill("#nieuw-gemeente", gemeente)
    page.click("[data-actie=nieuw]")
    page.locator("#voorbeeld h3").first.wait_for()


def _in_card(page: Page, card: str, action: str) -> None:
    page.locator(f"#kaart-{card} [data-actie={action}]").first.click()


def _download(page: Page, target: Path) -> str:
    with page.expect_download() as info:
        page.click("#knop-download")
    info.value.save_as(target)
    return target.read_text("utf-8")


def test_new_branch_builds_as_composed(page: Page, root: Path) -> None:
    _start(page, "Testdorp")
    assert page.input_value("#veld-slug") == "testdorp"
    for card in ("kwaliteit", "preventie", "statushouders", "toegang", "vrijwilligers"):
        _in_card(page, card, "kaart-weg")
    page.locator("#kaart-jeugd [data-actie=omlaag]").focus()
    page.keyboard.press("Enter")  # mantelzorg, jeugd, schulden; the keyboard stays on the button
    assert page.evaluate("document.activeElement.dataset.focus") == "omlaag-jeugd"
    assert "plaats 2" in page.locator("#status").inner_text()
    first = page.locator("#kaart-schulden [data-actie=punt]").first
    dropped = first.get_attribute("data-punt")
    first.uncheck()
    _in_card(page, "jeugd", "eigen-erbij")
    page.fill("#veld-themas-1-eigen_standpunten-0-tekst", OWN_POINT)
    own_id = page.input_value("#veld-themas-1-eigen_standpunten-0-id")
    assert own_id == "in-testdorp-krijgt-elk-kind-van"
    _in_card(page, "mantelzorg", "feit-erbij")
    page.fill("#veld-themas-0-lokale_feiten-0-tekst", LOCAL_FIGURE)
    page.fill("#veld-themas-0-lokale_feiten-0-bron", "CBS StatLine, mantelzorg per gemeente")
    page.fill("#veld-themas-0-lokale_feiten-0-jaar", "2024")
    preview = page.locator("#voorbeeld")
    assert [h.get_attribute("data-kaart") for h in preview.locator(".hoofdstuk").all()] == [
        "mantelzorg",
        "jeugd",
        "schulden",
    ]
    assert (
        "In Testdorp krijgt elk kind" in preview.locator(".hoofdstuk[data-kaart=jeugd] li.eigen").inner_text()
    )
    assert page.locator("#knop-download").is_enabled()

    text = _download(page, root / "content" / "afdelingen" / "testdorp.yml")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/afdeling.schema.json\n")
    assert "{{ gemeente.naam }}" in text
    check = run_cli("--map", str(root), "controleer")
    assert check.status == 0, check.stderr
    build_ok(root, "--afdeling", "testdorp")

    edition = compose(load(root), "testdorp")
    assert [h.id for h in edition.hoofdstukken] == ["mantelzorg", "jeugd", "schulden"]
    schulden = edition.hoofdstukken[2]
    assert dropped in [p.id for p in schulden.weggelaten]
    assert dropped not in [p.id for p in schulden.standpunten]
    jeugd = edition.hoofdstukken[1]
    assert jeugd.standpunten[-1].lokaal and jeugd.standpunten[-1].id == own_id
    assert [f.tekst for f in edition.hoofdstukken[0].lokale_feiten] == [LOCAL_FIGURE]
    built = root / "site" / "testdorp"
    home = (built / "index.html").read_text("utf-8")
    places = [home.find(f"themas/{card}/") for card in ("mantelzorg", "jeugd", "schulden")]
    assert -1 not in places and places == sorted(places)
    assert sorted(p.name for p in (built / "themas").iterdir()) == ["jeugd", "mantelzorg", "schulden"]
    jeugd_page = (built / "themas" / "jeugd" / "index.html").read_text("utf-8")
    assert "In Testdorp krijgt elk kind van twee jaar een plek op de peuterspeelzaal." in jeugd_page
    assert (built / "downloads" / "testdorp.yml").read_text("utf-8") == text


def test_figure_without_source_is_refused(page: Page) -> None:
    _start(page, "Bronloos")
    _in_card(page, "jeugd", "feit-erbij")
    page.fill("#veld-themas-0-lokale_feiten-0-tekst", "In Bronloos wonen 1.200 kinderen onder de vier jaar.")
    page.fill("#veld-themas-0-lokale_feiten-0-jaar", "2024")
    error = page.locator("#fout-themas-0-lokale_feiten-0-bron")
    assert error.is_visible() and "Vul dit in" in error.inner_text()
    assert page.get_attribute("#veld-themas-0-lokale_feiten-0-bron", "aria-invalid") == "true"
    assert page.locator("#knop-download").is_disabled()
    assert page.locator("#knop-kopieer").is_disabled()
    page.fill("#veld-themas-0-lokale_feiten-0-jaar", "2099")
    assert "toekomst" in page.locator("#fout-themas-0-lokale_feiten-0-jaar").inner_text()
    page.fill("#veld-themas-0-lokale_feiten-0-bron", "cbs-statline")
    page.fill("#veld-themas-0-lokale_feiten-0-jaar", "2024")
    assert not error.is_visible()
    assert page.locator("#knop-download").is_enabled()


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        (
            "#veld-voorwoord",
            "Lees [meer](javascript:alert(1)) over {{ gemeente.naam }} en ons plan.",
            "https://",
        ),
        (
            "#veld-voorwoord",
            "Kijk hier: ![foto](https://example.org/a.png) bij ons in het dorp.",
            "Afbeeldingen",
        ),
        ("#veld-voorwoord", "Wij zijn er voor {{ gemeente.inwoners }} en iedereen in het dorp.", "variabele"),
        ("#veld-voorwoord", "Wij zijn er voor { gemeente.naam } en iedereen in het dorp hier.", "accolades"),
        ("#veld-afdeling", "Afdeling <b>Dorp</b>", "< en >"),
        ("#veld-gemeente-naam", "Dorp https://dorp.example", "zonder link"),
        ("#veld-slug", "bibliotheek", "zelf"),
        ("#veld-afdeling", "Samen Lokaal Zwolle", "al een bestand"),
        ("#veld-voorwoord", "Een teken dat het handboek niet kan drukken: \ue000 in de tekst.", "lettertype"),
    ],
)
def test_what_controleer_refuses_is_refused(page: Page, field: str, text: str, message: str) -> None:
    _start(page, "Dorp")
    page.fill(field, text)
    error = page.locator("#fout" + field.removeprefix("#veld"))
    assert error.is_visible() and message in error.inner_text()
    assert page.locator("#knop-download").is_disabled()


def test_work_is_kept_and_a_warning_guards_it(page: Page) -> None:
    _start(page, "Bewaardorp")
    page.fill("#veld-themas-0-titel", "Jeugd in Bewaardorp")
    page.reload()
    page.locator("#veld-themas-0-titel").wait_for()
    assert page.input_value("#veld-themas-0-titel") == "Jeugd in Bewaardorp"
    assert page.locator("#voorbeeld .hoofdstuk h3").first.inner_text() == "1. Jeugd in Bewaardorp"
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(300)
    assert dialogs == ["beforeunload"]


def test_open_branch_from_site_unchanged(page: Page, root: Path, tmp_path: Path) -> None:
    before = compose(load(root), "waadhoeke")
    page.locator("summary", has_text="Bestaande afdeling openen").click()
    page.select_option("#open-afdeling", "waadhoeke")
    page.click("[data-actie=open-site]")
    page.locator("#voorbeeld h3").first.wait_for()
    assert page.input_value("#veld-afdeling") == "Samen Lokaal Waadhoeke"
    original = root / "content" / "afdelingen" / "waadhoeke.yml"
    saved = tmp_path / "origineel.yml"
    shutil.copyfile(original, saved)
    try:
        text = _download(page, original)
        assert text.startswith("# yaml-language-server: $schema=../../schemas/afdeling.schema.json\n")
        assert compose(load(root), "waadhoeke") == before
    finally:
        shutil.copyfile(saved, original)


def test_fits_a_phone(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(base_url + "samenstellen/")
    _start(page, "Súdwest-Fryslân")
    assert page.input_value("#veld-slug") == "sudwest-fryslan"
    _in_card(page, "jeugd", "eigen-erbij")
    _in_card(page, "jeugd", "feit-erbij")
    width, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    context.close()
    assert width <= client


def test_portal_links_to_the_composer(root: Path) -> None:
    portal = (root / "site" / "index.html").read_text("utf-8")
    assert 'href="samenstellen/"' in portal


def test_proposal_on_github(page: Page) -> None:
    _start(page, "Voorsteldorp")
    page.click("#knop-github")
    url = page.evaluate("window.geopend")
    prefix = (
        f"https://github.com/{REPOSITORY}/new/main?filename=content%2Fafdelingen%2Fvoorsteldorp.yml&value="
    )
    assert url.startswith(prefix)
    text = unquote(url[len(prefix) :])
    assert text.startswith("# yaml-language-server: $schema=../../schemas/afdeling.schema.json\n")
    assert "naam: Voorsteldorp" in text

    page.locator("summary", has_text="Bestaande afdeling openen").click()
    page.select_option("#open-afdeling", "zwolle")
    page.click("[data-actie=open-site]")
    page.locator("#veld-slug[value=zwolle]").wait_for()
    page.click("#knop-github")
    page.wait_for_function("window.geopend.includes('/edit/')")
    assert (
        page.evaluate("window.geopend")
        == f"https://github.com/{REPOSITORY}/edit/main/content/afdelingen/zwolle.yml"
    )
    assert "klembord" in page.locator("#status").inner_text()
    assert page.evaluate("navigator.clipboard.readText()").startswith("# yaml-language-server:")


def test_repository_is_checked(root: Path, tmp_path: Path) -> None:
    copy = copy_library(tmp_path / "kopie")
    party = copy / "content" / "partij.yml"
    party.write_text(party.read_text("utf-8") + "repository: https://github.com/a/b\n", encoding="utf-8")
    problems = [p for p in validate(load(copy)) if p.file == "content/partij.yml"]
    assert problems, "a repository that is not owner/name is refused"


def test_page_code_and_libraries_fit_the_budget() -> None:
    web = Path(__file__).resolve().parent.parent / "web"
    files = [
        p for folder in ("src", "vendor") for p in (web / folder).rglob("*") if p.suffix in (".js", ".css")
    ]
    assert sum(len(gzip.compress(p.read_bytes(), 9)) for p in files) <= BUDGET
    for library in ("ajv", "yaml"):
        assert (web / "vendor" / library / "LICENSE").is_file()


def test_own_point_id_is_checked(page: Page) -> None:
    _start(page, "Iddorp")
    _in_card(page, "jeugd", "eigen-erbij")
    page.fill("#veld-themas-0-eigen_standpunten-0-tekst", "Iddorp opent een jongerencentrum in elke wijk.")
    assert (
        page.input_value("#veld-themas-0-eigen_standpunten-0-id")
        == "iddorp-opent-een-jongerencentrum-in-elke"
    )
    page.fill("#veld-themas-0-eigen_standpunten-0-id", "standpunten")
    assert "kopje" in page.locator("#fout-themas-0-eigen_standpunten-0-id").inner_text()
    first = page.locator("#kaart-jeugd [data-actie=punt]").first.get_attribute("data-punt")
    page.fill("#veld-themas-0-eigen_standpunten-0-id", first or "")
    assert "landelijke kaart" in page.locator("#fout-themas-0-eigen_standpunten-0-id").inner_text()
    assert page.locator("#knop-download").is_disabled()


def test_open_a_file_from_the_computer_and_download_it_unchanged(
    page: Page, root: Path, tmp_path: Path
) -> None:
    before = compose(load(root), "zwolle")
    page.locator("summary", has_text="Bestaande afdeling openen").click()
    page.set_input_files("#open-bestand", str(root / "content" / "afdelingen" / "zwolle.yml"))
    page.locator("#voorbeeld h3").first.wait_for()
    assert page.input_value("#veld-slug") == "zwolle"
    copy = copy_library(tmp_path / "kopie")
    text = _download(page, copy / "content" / "afdelingen" / "zwolle.yml")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/afdeling.schema.json\n")
    assert compose(load(copy), "zwolle") == before


def test_the_preview_follows_a_click_within_200_ms(page: Page) -> None:
    _start(page, "Snelderdorp")
    waited = page.evaluate(
        """() => new Promise((done) => {
            const preview = document.querySelector("#voorbeeld");
            const box = document.querySelector("#kaart-jeugd [data-actie=punt]");
            const before = preview.textContent;
            const start = performance.now();
            new MutationObserver((changes, observer) => {
                if (preview.textContent !== before) {
                    observer.disconnect();
                    done(performance.now() - start);
                }
            }).observe(preview, { childList: true, subtree: true, characterData: true });
            box.click();
        })"""
    )
    assert waited <= 200, f"{waited:.0f} ms"


def _tab_to(page: Page, selector: str) -> None:
    """Press Tab until `selector` has the focus (it must be reachable by keyboard), and check
    that the focus is visible there."""
    for _ in range(600):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector):
            outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{selector}: the focus is not visible"
            return
    raise AssertionError(f"{selector} is not reachable with Tab")


def test_the_whole_page_works_with_the_keyboard_alone(page: Page, tmp_path: Path) -> None:
    _tab_to(page, "#nieuw-gemeente")
    page.keyboard.type("Toetsdorp")
    _tab_to(page, "[data-actie=nieuw]")
    page.keyboard.press("Enter")
    page.locator("#voorbeeld h3").first.wait_for()
    _tab_to(page, "#kaart-kwaliteit [data-actie=kaart-weg]")
    page.keyboard.press("Enter")
    assert page.locator(".hoofdstuk[data-kaart=kwaliteit]").count() == 0
    _tab_to(page, "#kaart-schulden [data-actie=omhoog]")
    page.keyboard.press("Enter")
    _tab_to(page, "#kaart-jeugd [data-actie=punt]")
    page.keyboard.press("Space")
    assert not page.locator("#kaart-jeugd [data-actie=punt]").first.is_checked()
    _tab_to(page, "#kaart-jeugd [data-actie=eigen-erbij]")
    page.keyboard.press("Enter")
    _tab_to(page, "#veld-themas-0-eigen_standpunten-0-tekst")
    page.keyboard.type("Elk kind in {{ gemeente.naam }} leert zwemmen op de basisschool.")
    _tab_to(page, "#knop-download")
    with page.expect_download() as info:
        page.keyboard.press("Enter")
    text = info.value.path().read_text("utf-8")
    assert "Elk kind in {{ gemeente.naam }} leert zwemmen" in text
    assert "kwaliteit" not in text.split("themas:", 1)[1]


def test_every_field_has_a_name_and_the_preview_is_announced(page: Page) -> None:
    _start(page, "Labeldorp")
    nameless = page.evaluate(
        """() => [...document.querySelectorAll("article input, article select, article textarea")]
            .filter((field) => field.type !== "hidden")
            .filter((field) => !(field.labels?.length || field.getAttribute("aria-label")
                                 || field.getAttribute("aria-labelledby")))
            .map((field) => field.id || field.outerHTML.slice(0, 80))"""
    )
    assert nameless == []
    assert page.locator("article input, article select, article textarea").count() > 20
    assert page.get_attribute("#voorbeeld", "aria-live") == "polite"


def test_the_schema_is_compiled_at_the_first_check_not_when_the_page_opens(
    browser: Browser, base_url: str
) -> None:
    """Compiling the branch schema is the page's one long task on a phone (bench/lighthouse.py);
    a visitor who only looks never needs it, and someone who starts gets it once."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(
        """window.compiled = 0;
        let loaded;
        Object.defineProperty(window, "ajv2020", {
          get: () => loaded,
          set: (library) => {
            const Ajv = library.default ?? library;
            const original = Ajv.prototype.compile;
            Ajv.prototype.compile = function (...args) { window.compiled += 1; return original.apply(this, args); };
            loaded = library;
          },
        });"""
    )
    page = context.new_page()
    page.goto(base_url + "samenstellen/")
    page.locator("#nieuw-gemeente").wait_for()
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.compiled") == 0
    _start(page, "Testdorp")
    assert page.evaluate("window.compiled") == 1
    page.fill("input[data-pad='/afdeling']", "")
    page.locator("#fout-afdeling:not([hidden])").wait_for()
    assert page.evaluate("window.compiled") == 1
    context.close()

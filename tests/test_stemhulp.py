"""Voting aids and debate cards (issue 21): content/stellingen.yml, `stemhulp:` in a branch
file, the warnings `controleer` gives on answers against the program, and what
`python build.py stemhulp` writes into stemhulp/<slug>/."""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import ROOT, copy_library, run_cli
from playwright.sync_api import Browser
from pypdf import PdfReader
from served import serve

from bouwstenen import stemhulp
from bouwstenen.build import site_url
from bouwstenen.compose import compose
from bouwstenen.load import load
from bouwstenen.stemhulp_files import COLUMNS, cards, rows
from bouwstenen.validate import validate

ZWOLLE = "content/afdelingen/zwolle.yml"
STATEMENTS = "content/stellingen.yml"


def _edit(root: Path, relative: str, old: str, new: str) -> int:
    """Replace `old` by `new` once in a file of `root`; the line where `new` starts."""
    path = root / relative
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")
    return text[: text.index(old)].count("\n") + 1


# --- 1. the national statements ----------------------------------------------------------


def test_the_library_has_enough_statements_on_every_card() -> None:
    library = load(ROOT)
    found = stemhulp.statements(library)
    assert len(found) >= 24
    cards = {card.data["id"] for card in library.themes}
    assert {card for s in found for card in s.thema} == cards
    marked = (ROOT / STATEMENTS).read_text("utf-8").count("# kan lokaal anders\n")
    assert marked * 3 >= len(found)  # at least a third where a branch could reasonably differ


def test_every_card_has_two_or_three_debate_questions() -> None:
    for card in load(ROOT).themes:
        questions = card.data.get("debatvragen", [])
        assert 2 <= len(questions) <= 3, card.path
        points = {p["id"] for p in card.data["standpunten"]}
        assert all(q["standpunt"] in points for q in questions), card.path


@pytest.mark.parametrize(
    ("old", "new", "expected", "below"),
    [
        (
            "thema: [jeugd]\n    lijn: eens\n    onderbouwing: [voorschool-voor-alle-peuters]",
            "thema: [jeugt]\n    lijn: eens\n    onderbouwing: [voorschool-voor-alle-peuters]",
            "content/stellingen.yml:{line}: onbekende themakaart 'jeugt' (in themes/) — bedoel je 'jeugd'?",
            0,
        ),
        (
            "onderbouwing: [voorschool-voor-alle-peuters]",
            "onderbouwing: [voorschool-voor-alle-peuter]",
            "content/stellingen.yml:{line}: onbekend standpunt 'voorschool-voor-alle-peuter' (in kaart"
            " 'jeugd') — bedoel je 'voorschool-voor-alle-peuters'?",
            0,
        ),
        (
            "thema: [jeugd]\n    lijn: eens\n    onderbouwing: [voorschool-voor-alle-peuters]",
            "thema: [jeugd]\n    lijn: ja\n    onderbouwing: [voorschool-voor-alle-peuters]",
            "content/stellingen.yml:{line}: 'lijn' kan niet 'ja' zijn — kies 'eens' of 'oneens' of"
            " 'geen-van-beide'",
            1,
        ),
        (
            "  - id: hulp-op-elke-school\n",
            "  - id: voorschool-voor-elke-peuter\n",
            "content/stellingen.yml:{line}: de stelling 'voorschool-voor-elke-peuter' komt twee keer voor"
            " (eerder op regel 11) — geef elke stelling een eigen id",
            0,
        ),
    ],
    ids=["unknown-card", "unknown-point", "wrong-line", "same-id"],
)
def test_a_mistake_in_the_statements_is_refused_on_its_line(
    tmp_path: Path, old: str, new: str, expected: str, below: int
) -> None:
    root = copy_library(tmp_path / "repo")
    line = _edit(root, STATEMENTS, old, new) + below
    run = run_cli("--map", str(root), "controleer")
    assert run.status == 2
    assert expected.format(line=line) in run.lines


# --- 2. a branch's answers ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "  - stelling: meer-respijtzorg\n",
            "  - stelling: meer-respijtzorgg\n",
            "{file}:{line}: onbekende stelling 'meer-respijtzorgg' (in content/stellingen.yml) — bedoel je"
            " 'meer-respijtzorg'?",
        ),
        (
            "  - stelling: meer-respijtzorg\n",
            "  - stelling: meer-respijtzorg\n    tekst: Mantelzorgers krijgen meer vrije dagen.\n",
            "{file}:{line}: geef bij elk antwoord óf 'stelling' (landelijk) óf 'tekst' (een eigen stelling)"
            " — noem een landelijke stelling met 'stelling: <id>', of schrijf je eigen stelling onder 'tekst'",
        ),
        (
            "  - stelling: meer-respijtzorg\n",
            "  - stelling: meer-respijtzorg\n    antwoord: misschien\n",
            "{file}:{next}: 'antwoord' kan niet 'misschien' zijn — kies 'eens' of 'oneens' of 'geen-van-beide'",
        ),
        (
            "stemhulp:\n",
            "stemhulp_max_tekens: 20\nstemhulp:\n",
            "{file}:{line}: 'stemhulp_max_tekens' kan niet 20 zijn — kies een aantal tekens van 50 tot en met"
            " 2000, bijvoorbeeld 300",
        ),
    ],
    ids=["unknown-statement", "both-kinds", "wrong-answer", "limit"],
)
def test_a_mistake_in_the_answers_is_refused_on_its_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    root = copy_library(tmp_path / "repo")
    line = _edit(root, ZWOLLE, old, new)
    problems = [str(p) for p in validate(load(root)) if p.file == ZWOLLE]
    assert problems == [expected.format(file=ZWOLLE, line=line, next=line + 1)]


def test_a_missing_answer_follows_from_the_program() -> None:
    library = load(ROOT)
    answers = {a.id: a for a in stemhulp.answers(library, "zwolle", every=True)}
    # Zwolle keeps 'even-vrij-van-de-zorg': the national line
    assert (answers["meer-respijtzorg"].antwoord, answers["meer-respijtzorg"].afgeleid) == ("eens", True)
    # Zwolle does not choose the card toegang: nothing in its program, so 'geen-van-beide'
    assert answers["een-plan-per-gezin"].antwoord == "geen-van-beide"
    assert answers["eerst-familie-en-buren"].antwoord == "geen-van-beide"


def test_a_named_statement_the_program_does_not_cover_is_a_warning(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    line = _edit(root, ZWOLLE, "  - stelling: meer-respijtzorg\n", "  - stelling: een-plan-per-gezin\n")
    assert [str(p) for p in stemhulp.cautions(load(root), "zwolle")] == [
        f"{ZWOLLE}:{line}: je programma zegt niets over de stelling 'een-plan-per-gezin', dus het antwoord"
        " wordt 'geen-van-beide' — geef zelf een antwoord met toelichting, of neem een standpunt op dat de"
        " stelling onderbouwt: 'een-plan-een-contactpersoon'"
    ]


# --- 3. contradictions as warnings -------------------------------------------------------


def test_an_answer_against_the_points_it_keeps_is_a_warning_and_an_error_under_streng(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    # no figure is too old, so that the answer is the only warning
    _edit(root, "content/partij.yml", "cijfers_verouderd_na: 4\n", "cijfers_verouderd_na: 40\n")
    calm = run_cli("--map", str(root), "controleer", "--afdeling", "zwolle", "--streng")
    assert (calm.status, calm.stderr) == (0, "")
    line = _edit(
        root,
        ZWOLLE,
        "  - stelling: meer-respijtzorg\n",
        "  - stelling: meer-respijtzorg\n    antwoord: oneens\n",
    )
    message = (
        f"{ZWOLLE}:{line + 1}: je antwoordt 'oneens' op de stelling 'meer-respijtzorg', maar je programma"
        " houdt het standpunt 'even-vrij-van-de-zorg' dat de landelijke lijn 'eens' onderbouwt — antwoord"
        " 'eens', of laat 'even-vrij-van-de-zorg' weg als je programma er echt anders over denkt"
    )
    run = run_cli("--map", str(root), "controleer", "--afdeling", "zwolle")
    assert run.status == 0, run.stderr
    assert run.lines == ["let op: afdeling zwolle: 1 waarschuwing:", f"let op: {message}"]
    strict = run_cli("--map", str(root), "controleer", "--afdeling", "zwolle", "--streng")
    assert strict.status == 2
    assert strict.lines == [
        "fout: afdeling zwolle: 1 waarschuwing:",
        message,
        "fout: 1 probleem in 1 bestand; los het op en probeer het opnieuw",
    ]


def test_backing_that_the_program_drops_or_lacks_is_a_warning(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    first = _edit(
        root,
        ZWOLLE,
        "  - stelling: meer-respijtzorg\n",
        "  - stelling: meer-respijtzorg\n    onderbouwing:\n      - jonge-vluchtelingen-na-18\n"
        "      - een-plan-een-contactpersoon\n      - bestaat-niet\n",
    )
    own = _edit(
        root,
        ZWOLLE,
        "    antwoord: eens\n    onderbouwing:\n      - mantelzorgwaardering-zonder-aanvraag\n",
        "    antwoord: eens\n",
    )
    assert [str(p) for p in stemhulp.cautions(load(root), "zwolle")] == [
        f"{ZWOLLE}:{first + 2}: het standpunt 'jonge-vluchtelingen-na-18' onder onderbouwing laat je programma"
        " weg — noem een standpunt dat in je programma staat, of haal 'jonge-vluchtelingen-na-18' uit weglaten",
        f"{ZWOLLE}:{first + 3}: het standpunt 'een-plan-een-contactpersoon' onder onderbouwing staat niet in je"
        " programma — noem een standpunt van een kaart die je kiest, of kies ook de kaart van dit standpunt",
        f"{ZWOLLE}:{first + 4}: het standpunt 'bestaat-niet' onder onderbouwing bestaat niet — controleer de id:"
        " kijk op de themapagina van je site of in themes/",
        f"{ZWOLLE}:{own - 1}: je eigen stelling heeft geen onderbouwing — noem onder 'onderbouwing' het"
        " standpunt uit je programma dat je antwoord onderbouwt",
    ]


# --- the example branches ----------------------------------------------------------------


@pytest.mark.parametrize("slug", ["utrecht", "waadhoeke", "zwolle"])
def test_each_example_answers_twenty_statements_one_otherwise_on_purpose(slug: str) -> None:
    library = load(ROOT)
    answers = stemhulp.answers(library, slug)
    assert len(answers) >= 20
    differing = [a for a in answers if a.differs]
    assert differing and all(a.toelichting and not a.afgeleid for a in differing)
    assert stemhulp.cautions(library, slug) == []  # and none says anything against its program


# --- 4. the CSV and the HTML -------------------------------------------------------------


def test_shorten_stops_at_a_sentence_or_else_a_word() -> None:
    text = "Eerste zin hier. Tweede zin is veel langer dan de rest van de tekst."
    assert stemhulp.shorten(text, 200) == text
    assert stemhulp.shorten(text, 40) == "Eerste zin hier."
    assert stemhulp.shorten("Een tekst zonder punt die toch echt te lang is", 20) == "Een tekst zonder…"
    assert stemhulp.shorten("Een, twee, drie, vier", 12) == "Een, twee…"


def _csv_rows(folder: Path) -> list[list[str]]:
    raw = (folder / "antwoorden.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_the_csv_has_one_row_per_statement_each_explanation_within_the_limit(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    _edit(root, "content/afdelingen/waadhoeke.yml", "stemhulp_max_tekens: 250\n", "stemhulp_max_tekens: 80\n")
    run = run_cli("--map", str(root), "stemhulp", "--afdeling", "waadhoeke")
    assert run.status == 0, run.stderr
    assert run.stdout.splitlines() == [
        "Stemhulp: stemhulp/waadhoeke/ (21 antwoorden, debatkaarten voor 5 thema's)",
        "Open antwoorden.html in je browser. De map stemhulp/ komt niet op de site.",
    ]
    rows = _csv_rows(root / "stemhulp" / "waadhoeke")
    assert tuple(rows[0]) == COLUMNS
    library = load(root)
    assert [row[0] for row in rows[1:]] == [a.stelling for a in stemhulp.answers(library, "waadhoeke")]
    full = {a.stelling: stemhulp.text_of(a.toelichting or "") for a in stemhulp.answers(library, "waadhoeke")}
    cut = 0
    for stelling, antwoord, toelichting, _ in rows[1:]:
        assert antwoord in ("Eens", "Oneens", "Geen van beide")
        assert 0 < len(toelichting) <= 80, toelichting
        kept = toelichting.removesuffix("…")
        cut += kept != toelichting
        if full[stelling]:  # the branch's own explanation, cut at a sentence or a word
            assert full[stelling].startswith(kept)
            rest = full[stelling][len(kept) :]
            assert not rest or not rest[0].isalnum(), (kept, rest)
    assert cut > 0  # the limit did cut, so the check above is not empty


def test_every_link_in_the_html_points_to_an_anchor_of_the_built_site(built_site: Path) -> None:
    root = built_site.parent
    run = run_cli("--map", str(root), "stemhulp")
    assert run.status == 0, run.stderr
    base = site_url("")
    checked = 0
    for slug in ("utrecht", "waadhoeke", "zwolle"):
        page = (root / "stemhulp" / slug / "antwoorden.html").read_text("utf-8")
        links = re.findall(r'href="([^"]+)"', page)
        assert "https://" not in page.replace(base, "")  # no other host is named
        external = [link for link in links if link.startswith(base)]
        assert len(external) == sum(1 for row in _csv_rows(root / "stemhulp" / slug)[1:] if row[3])
        for link in external:
            path, anchor = link.removeprefix(base).split("#")
            assert path.startswith(f"{slug}/themas/")
            html = (built_site / path / "index.html").read_text("utf-8")
            assert f'id="{anchor}"' in html, link
            checked += 1
        assert set(links) - set(external) == {"antwoorden.csv", "debatkaarten.pdf"}
    assert checked >= 60


# --- 5. the debate cards -----------------------------------------------------------------


def test_the_debate_cards_have_a_tagged_page_per_theme_with_its_statements(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    assert run_cli("--map", str(root), "stemhulp", "--afdeling", "utrecht").status == 0
    pdf = root / "stemhulp" / "utrecht" / "debatkaarten.pdf"
    edition = compose(load(root), "utrecht")
    reader = PdfReader(pdf)
    assert len(reader.pages) == len(edition.hoofdstukken)
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"], "a tagged PDF"
    assert reader.metadata is not None and reader.metadata.title == "Debatkaarten Samen Lokaal Utrecht"
    every = stemhulp.answers(load(root), "utrecht", every=True)
    for chapter, page in zip(edition.hoofdstukken, reader.pages, strict=True):
        text = " ".join(page.extract_text().split())
        assert text.startswith(chapter.titel)
        on_theme = [a for a in every if chapter.id in a.thema]
        assert on_theme
        for answer in on_theme:
            assert " ".join(answer.stelling.split()) in text, (chapter.id, answer.stelling)
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "nl-NL" or str(catalog["/Lang"]).startswith("nl")
    assert min(_font_sizes(reader)) >= 11, "readable at arm's length"


def _font_sizes(reader: PdfReader) -> set[float]:
    """The size in points of every piece of text in the PDF."""
    sizes: set[float] = set()

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        if text.strip():
            sizes.add(round(size * math.hypot(tm[0], tm[1]) * math.hypot(cm[0], cm[1]), 2))

    for page in reader.pages:
        page.extract_text(visitor_text=visit)
    return sizes


def test_a_dropped_point_takes_its_debate_question_off_the_card(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    before = cards(load(root), compose(load(root), "zwolle"))
    jeugd = next(card for card in before if card["titel"] == "Jeugd")
    assert len(jeugd["vragen"]) == 3
    _edit(
        root,
        ZWOLLE,
        "      - jonge-vluchtelingen-na-18\n",
        "      - jonge-vluchtelingen-na-18\n      - hulp-dichtbij-het-gezin\n",
    )
    after = cards(load(root), compose(load(root), "zwolle"))
    jeugd = next(card for card in after if card["titel"] == "Jeugd")
    assert [q["vraag"] for q in jeugd["vragen"]] == [
        "Jeugdhulp kost nu al veel te veel geld. Waarom zou de gemeente nog meer doen?",
        "Waarom betaalt de gemeente mee aan de peuteropvang?",
    ]


def test_without_statements_the_command_says_what_is_missing(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    (root / STATEMENTS).unlink()
    run = run_cli("--map", str(root), "stemhulp")
    assert run.status == 2
    assert run.lines == [
        "content/stellingen.yml: er zijn geen landelijke stellingen — het partijbureau zet de stellingen in"
        " content/stellingen.yml (zie de README)",
        "fout: 1 probleem in 1 bestand; los het op, dan maakt Bouwstenen de stemhulp",
    ]
    assert not (root / "stemhulp").exists()


# --- 6. the office's report --------------------------------------------------------------


def test_the_report_shows_a_branch_that_answers_otherwise(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    _edit(
        root,
        "content/afdelingen/utrecht.yml",
        "  - stelling: goedkoopste-aanbieder\n",
        "  - stelling: goedkoopste-aanbieder\n    antwoord: eens\n    toelichting: Elke euro telt in {{ gemeente.naam }}.\n",
    )
    assert run_cli("--map", str(root), "rapport").status == 0
    rows = (root / "rapport" / "stemhulp_afwijkingen.csv").read_text("utf-8-sig").splitlines()
    assert (
        "utrecht;goedkoopste-aanbieder;Bij de inkoop van sociaal werk moet de gemeente kiezen voor de"
        " goedkoopste aanbieder.;oneens;eens;Elke euro telt in Utrecht."
    ) in rows
    page = (root / "rapport" / "index.html").read_text("utf-8")
    row = re.search(r"<tr><td>utrecht</td>(.*?)</tr>", page.split('id="tabel-stemhulp"')[1])
    assert row is not None and "eens (landelijk: oneens)" in row[1]


def test_the_statements_file_is_read_as_safely_as_the_others(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    line = _edit(
        root,
        STATEMENTS,
        "    lijn: oneens\n    onderbouwing: [eerlijke-prijs]\n",
        "\tlijn: oneens\n    onderbouwing: [eerlijke-prijs]\n",
    )
    run = run_cli("--map", str(root), "controleer")
    assert run.status == 2
    assert (
        f"{STATEMENTS}:{line}: er staat een tab in plaats van spaties — spring in met spaties, niet met de"
        " Tab-toets"
    ) in run.lines


def test_a_branch_with_a_mistake_gets_no_answers_and_is_told_why(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    line = _edit(root, ZWOLLE, "  - stelling: meer-respijtzorg\n", "  - stelling: meer-respijtzorgg\n")
    run = run_cli("--map", str(root), "stemhulp", "--afdeling", "zwolle")
    assert run.status == 2
    assert run.lines == [
        f"{ZWOLLE}:{line}: onbekende stelling 'meer-respijtzorgg' (in content/stellingen.yml) — bedoel je"
        " 'meer-respijtzorg'?",
        "fout: 1 probleem in 1 bestand; los het op, dan maakt Bouwstenen de stemhulp",
    ]
    assert not (root / "stemhulp" / "zwolle").exists()


def test_the_answers_page_asks_nothing_of_other_hosts(tmp_path: Path, browser: Browser) -> None:
    root = copy_library(tmp_path / "repo")
    assert run_cli("--map", str(root), "stemhulp", "--afdeling", "utrecht").status == 0
    hosts: set[str] = set()
    context = browser.new_context()
    context.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    page = context.new_page()
    with serve(root / "stemhulp" / "utrecht") as url:
        page.goto(url + "antwoorden.html")
        cells = page.locator("#antwoorden tbody tr td:nth-child(3)").all_inner_texts()
    context.close()
    assert len(cells) == 23
    assert "Geen van beide (anders dan landelijk)" in cells
    assert hosts == {"127.0.0.1"}, hosts


def test_a_statement_of_the_branchs_own_has_its_variables_filled_in(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    _edit(
        root,
        "content/afdelingen/utrecht.yml",
        "  - tekst: Wie zich meldt bij een buurtteam,",
        "  - tekst: Wie zich in {{ gemeente.naam }} meldt bij een buurtteam,",
    )
    library = load(root)
    edition = compose(library, "utrecht")
    expected = "Wie zich in Utrecht meldt bij een buurtteam, moet binnen een week een gesprek hebben."
    assert rows(library, edition)[-1].stelling == expected
    toegang = next(card for card in cards(library, edition) if card["titel"] == "Hulp in de buurt")
    assert {"stelling": expected, "antwoord": "Eens"} in toegang["stellingen"]

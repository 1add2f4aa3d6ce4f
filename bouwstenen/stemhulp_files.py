"""`python build.py stemhulp`: per branch, its answers for voting aids and its debate cards.

A sibling of render: the library and a branch's Edition in, files out, in stemhulp/<slug>/
beside site/ and never published (like the office's report): antwoorden.csv for a Dutch
spreadsheet, antwoorden.html to copy from (it works offline), and debatkaarten.pdf, one A4
page per chosen theme for candidates. Templates are in macros/stemhulp/.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any

import typst

from bouwstenen.build import site_url
from bouwstenen.compose import Chapter, Edition, compose
from bouwstenen.deadline import DeadlineExceeded
from bouwstenen.documents import accessible_pdf
from bouwstenen.isolate import unpublished
from bouwstenen.load import Library
from bouwstenen.problem import Problem, internal
from bouwstenen.stemhulp import ANSWER_LABELS, NEITHER, NOTHING_SAID, Answer, answers, limit, shorten, text_of
from bouwstenen.templates import MACROS, csv_bytes, render_page
from bouwstenen.validate import context_for
from bouwstenen.variables import render_text

FOLDER = "stemhulp"
COLUMNS = ("stelling", "antwoord", "toelichting", "link")
"""The columns of antwoorden.csv, in this order."""
KEY_POINT_SIZE = 95
"""Characters of a key point on a debate card, so that it fits on one line."""
TEMPLATE = MACROS / FOLDER / "debatkaarten.typ"


@dataclass(frozen=True, slots=True)
class Row:
    """One answer as a voting aid's form asks it."""

    stelling: str
    antwoord: str
    toelichting: str
    link: str
    afgeleid: bool
    afwijkend: bool
    thema: tuple[str, ...]


def rows(library: Library, edition: Edition) -> tuple[Row, ...]:
    """The branch's answers, each with its explanation cut to the branch's limit and a link to
    the point on its published site that backs it (no link when it is not published)."""
    return tuple(_row(library, edition, answer) for answer in answers(library, edition.slug))


def _row(library: Library, edition: Edition, answer: Answer) -> Row:
    anchors = {p.id: (h.id, p) for h in edition.hoofdstukken for p in h.standpunten}
    backing = [anchors[point] for _, point in answer.punten if point in anchors]
    if answer.toelichting is not None:
        explanation = text_of(_filled(library, edition.slug, answer.toelichting))
    elif backing:
        explanation = text_of(backing[0][1].tekst)
    else:
        explanation = NOTHING_SAID if answer.antwoord == NEITHER else ""
    published = edition.slug not in unpublished(library)
    link = (
        f"{site_url(edition.slug)}themas/{backing[0][0]}/#{backing[0][1].id}" if backing and published else ""
    )
    return Row(
        stelling=_statement(library, edition.slug, answer),
        antwoord=ANSWER_LABELS[answer.antwoord],
        toelichting=shorten(explanation, limit(library, edition.slug)),
        link=link,
        afgeleid=answer.afgeleid,
        afwijkend=answer.differs,
        thema=answer.thema,
    )


def _statement(library: Library, slug: str, answer: Answer) -> str:
    """The statement's text; a branch's own may hold variables such as {{ gemeente.naam }}."""
    return answer.stelling if answer.id is not None else text_of(_filled(library, slug, answer.stelling))


def _filled(library: Library, slug: str, text: str) -> str:
    """A text from the branch file with its variables filled in."""
    return render_text(text, context_for(library, library.branch(slug)))


@dataclass(frozen=True, slots=True)
class Written:
    """What `write` made for one branch, or the problems of the PDF engine."""

    answers: int
    themes: int
    problems: tuple[Problem, ...] = ()


def write(library: Library, slug: str, root: Path, made_on: date) -> Written:
    """Write stemhulp/<slug>/ under `root` for a branch of a validated library, replacing
    what was there."""
    edition = compose(library, slug)
    found = rows(library, edition)
    target = root / FOLDER / slug
    fresh = root / FOLDER / f".{slug}-nieuw"
    shutil.rmtree(fresh, ignore_errors=True)
    fresh.mkdir(parents=True)
    (fresh / "antwoorden.csv").write_bytes(
        csv_bytes([list(COLUMNS), *([r.stelling, r.antwoord, r.toelichting, r.link] for r in found)])
    )
    page = render_page(
        FOLDER, "antwoorden.html.j2", e=edition, rows=found, limit=limit(library, slug), made_on=made_on
    )
    (fresh / "antwoorden.html").write_text(page, "utf-8")
    problems = _debate_cards(library, edition, fresh / "debatkaarten.pdf", made_on)
    if problems:
        shutil.rmtree(fresh, ignore_errors=True)
        return Written(0, 0, tuple(problems))
    shutil.rmtree(target, ignore_errors=True)
    fresh.rename(target)
    return Written(len(found), len(edition.hoofdstukken))


def cards(library: Library, edition: Edition) -> list[dict[str, Any]]:
    """Per chosen theme what its debate card shows: key points, one figure, the statements on
    the theme with the branch's answer, and the debate questions its program answers."""
    every = answers(library, edition.slug, every=True)
    return [_card(library, edition.slug, chapter, every) for chapter in edition.hoofdstukken]


def _card(library: Library, slug: str, chapter: Chapter, every: Sequence[Answer]) -> dict[str, Any]:
    kept = {point.id for point in chapter.standpunten}
    figure = (*chapter.lokale_feiten, *chapter.feiten)[:1]
    card = library.card_for(slug, chapter.id)
    questions = card.data.get("debatvragen", []) if card is not None else []
    return {
        "titel": " ".join(chapter.titel.split()),
        "kernpunten": [shorten(text_of(p.tekst), KEY_POINT_SIZE) for p in chapter.kern],
        "cijfer": [{"tekst": text_of(f.tekst), "bron": f.bron, "jaar": str(f.jaar)} for f in figure],
        "stellingen": [
            {"stelling": _statement(library, slug, a), "antwoord": ANSWER_LABELS[a.antwoord]}
            for a in every
            if chapter.id in a.thema
        ],
        "vragen": [
            {"vraag": q["vraag"], "antwoord": q["antwoord"]} for q in questions if q.get("standpunt") in kept
        ],
    }


def _debate_cards(library: Library, edition: Edition, pdf: Path, made_on: date) -> list[Problem]:
    """debatkaarten.pdf: Typst compiles macros/stemhulp/debatkaarten.typ in a folder that holds
    only it and the data as JSON, so no text from a file is read as Typst code."""
    data = {
        "titel": f"Debatkaarten {edition.afdeling}",
        "afdeling": edition.afdeling,
        "gemeente": edition.gemeente,
        "primair": edition.partij.primair,
        "accent": edition.partij.accent,
        "kaarten": cards(library, edition),
    }
    moment = int(datetime.combine(made_on, time(), UTC).timestamp())
    with tempfile.TemporaryDirectory(prefix="bouwstenen-") as folder:
        shutil.copyfile(TEMPLATE, Path(folder) / "debatkaarten.typ")
        (Path(folder) / "kaarten.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        try:
            made = accessible_pdf(Path(folder) / "debatkaarten.typ", moment)
        except (typst.TypstError, DeadlineExceeded) as error:
            return [
                internal(
                    f"{FOLDER}/{edition.slug}/debatkaarten.pdf",
                    f"Typst kon de debatkaarten niet maken: {error}",
                )
            ]
    pdf.write_bytes(made)
    return []

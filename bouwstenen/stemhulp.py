"""Voting aids (stemhulpen): a branch's answers to the statements, from its own program.

content/stellingen.yml holds the national statements, each with the party's line and the
points that support it. A branch answers them under `stemhulp:` in its own file; where it
names a national statement without an answer, the answer follows from its program: the
national line when it kept a supporting point, else 'geen-van-beide'. What an answer says
against the program is a warning ('let op'), as in warnings.py: every check reads the files
as they are and looks only at parts with the right shape.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from bouwstenen.load import STATEMENTS_FILE, Library
from bouwstenen.problem import Problem
from bouwstenen.sanitize import to_html
from bouwstenen.validate import ANSWERS, renamed
from bouwstenen.yamlfile import Document

DEFAULT_LIMIT = 300
"""Characters of an explanation when the branch file does not say `stemhulp_max_tekens`."""
NEITHER = "geen-van-beide"
ANSWER_LABELS = {"eens": "Eens", "oneens": "Oneens", NEITHER: "Geen van beide"}
NOTHING_SAID = "Ons programma zegt hier niets over."
"""The explanation of a derived 'geen-van-beide': the program does not cover the statement."""
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


@dataclass(frozen=True, slots=True)
class Statement:
    """A national statement from content/stellingen.yml."""

    id: str
    stelling: str
    thema: tuple[str, ...]
    lijn: str
    onderbouwing: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Answer:
    """A branch's answer to one statement (national or its own)."""

    stelling: str
    """The statement's text."""
    id: str | None
    """The national statement's id; None for a statement of the branch's own."""
    thema: tuple[str, ...]
    lijn: str | None
    """The national line; None for a statement of the branch's own."""
    antwoord: str
    afgeleid: bool
    """The branch gave no answer: it follows from its program."""
    toelichting: str | None
    """The branch's own explanation, as written (variables not yet filled in)."""
    punten: tuple[tuple[str, str], ...]
    """(card, point) of the points in the program that back the answer, first the best."""
    line: int
    """The line of the answer in the branch file (0 when the branch named nothing)."""

    @property
    def differs(self) -> bool:
        """The answer is not the national line."""
        return self.lijn is not None and self.antwoord != self.lijn


@dataclass(frozen=True, slots=True)
class Program:
    """The points in a branch's program, as the stemhulp needs them."""

    kept: dict[str, str]
    """Every point the program holds (national and its own), by id, with its card's id."""
    dropped: frozenset[str]
    """The national points of its chosen cards that the branch left out."""


def statements(library: Library) -> tuple[Statement, ...]:
    """The national statements with the right shape, in the order of content/stellingen.yml."""
    data = library.statements.data if library.statements is not None else None
    items = data.get("stellingen") if isinstance(data, dict) else None
    found = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str) and item.get("lijn") in ANSWERS:
            found.append(
                Statement(
                    item["id"],
                    str(item.get("stelling", "")),
                    tuple(_strings(item.get("thema"))),
                    item["lijn"],
                    tuple(_strings(item.get("onderbouwing"))),
                )
            )
    return tuple(found)


def limit(library: Library, slug: str) -> int:
    """`stemhulp_max_tekens` of the branch, or the default."""
    branch = library.branch(slug)
    value = branch.data.get("stemhulp_max_tekens") if branch and isinstance(branch.data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else DEFAULT_LIMIT


def program(library: Library, slug: str) -> Program:
    """The points branch `slug` keeps and drops, card by card, read from its file."""
    branch = library.branch(slug)
    kept: dict[str, str] = {}
    dropped: set[str] = set()
    for choice, card in _chosen(library, slug, branch):
        card_id = choice["kaart"]
        points = [p["id"] for p in _dicts(card.data.get("standpunten")) if isinstance(p.get("id"), str)]
        olds = renamed(card)
        if isinstance(choice.get("standpunten"), list):
            chosen = {olds.get(i, i) for i in _strings(choice["standpunten"])}
        else:
            chosen = set(points) - {olds.get(i, i) for i in _strings(choice.get("weglaten"))}
        for point_id in points:
            if point_id in chosen:
                kept.setdefault(point_id, card_id)
            else:
                dropped.add(point_id)
        for own in _dicts(choice.get("eigen_standpunten")):
            if isinstance(own.get("id"), str):
                kept.setdefault(own["id"], card_id)
    return Program(kept, frozenset(dropped - set(kept)))


def answers(library: Library, slug: str, *, every: bool = False) -> tuple[Answer, ...]:
    """The branch's answers in the order of its `stemhulp` list; without a list, an answer
    from its program to every national statement. With `every`, the national statements the
    list does not name follow, each with the answer from the program."""
    branch = library.branch(slug)
    national = {statement.id: statement for statement in statements(library)}
    mine = program(library, slug)
    found: list[Answer] = []
    for item, line in _items(branch, national):
        statement = national.get(item.get("stelling", ""))
        if statement is not None:
            found.append(_national_answer(statement, item, line, mine))
        elif isinstance(item.get("tekst"), str) and item.get("antwoord") in ANSWERS:
            found.append(_own_answer(item, line, mine))
    if every:
        named = {answer.id for answer in found}
        found += [_national_answer(s, {}, 0, mine) for s in national.values() if s.id not in named]
    return tuple(found)


def _own_answer(item: dict[str, Any], line: int, mine: Program) -> Answer:
    support = _backing(_strings(item.get("onderbouwing")), mine)
    toelichting = item.get("toelichting")
    return Answer(
        item["tekst"],
        None,
        tuple(dict.fromkeys(card for card, _ in support)),
        None,
        item["antwoord"],
        False,
        toelichting if isinstance(toelichting, str) else None,
        support,
        line,
    )


def _items(branch: Document | None, national: dict[str, Statement]) -> Iterator[tuple[dict[str, Any], int]]:
    data = branch.data if branch is not None and isinstance(branch.data, dict) else {}
    if "stemhulp" not in data:
        yield from (({"stelling": statement_id}, 0) for statement_id in national)
        return
    for index, item in enumerate(data["stemhulp"] if isinstance(data["stemhulp"], list) else []):
        if isinstance(item, dict) and branch is not None:
            yield item, branch.line(("stemhulp", index))


def _national_answer(statement: Statement, item: dict[str, Any], line: int, mine: Program) -> Answer:
    supporting = _backing(statement.onderbouwing, mine)
    given = item.get("antwoord")
    antwoord = given if given in ANSWERS else (statement.lijn if supporting else NEITHER)
    own = _strings(item.get("onderbouwing"))
    # The branch's own backing; else the national one, when the answer is the national line.
    support = _backing(own, mine) if own else (supporting if antwoord == statement.lijn else ())
    toelichting = item.get("toelichting")
    return Answer(
        statement.stelling,
        statement.id,
        statement.thema,
        statement.lijn,
        antwoord,
        given not in ANSWERS,
        toelichting if isinstance(toelichting, str) else None,
        support,
        line,
    )


def _backing(point_ids: Sequence[str], mine: Program) -> tuple[tuple[str, str], ...]:
    return tuple((mine.kept[p], p) for p in dict.fromkeys(point_ids) if p in mine.kept)


def cautions(library: Library, slug: str) -> list[Problem]:
    """What the branch's answers say against its program: an answer other than the national
    line while it keeps a point that supports the line; a point under `onderbouwing` that its
    program drops or does not have; its own statement without `onderbouwing`; a national
    statement it names but its program does not cover."""
    branch = library.branch(slug)
    if (
        branch is None
        or not isinstance(branch.data, dict)
        or not isinstance(branch.data.get("stemhulp"), list)
    ):
        return []
    national = {statement.id: statement for statement in statements(library)}
    mine = program(library, slug)
    everywhere = _library_points(library)
    found: list[Problem] = []
    for index, item in enumerate(branch.data["stemhulp"]):
        if not isinstance(item, dict):
            continue
        where = ("stemhulp", index)
        named = item.get("stelling")
        statement = national.get(named) if isinstance(named, str) else None
        if statement is not None:
            found += _against_the_line(branch, where, item, statement, mine)
        elif isinstance(item.get("tekst"), str) and not _strings(item.get("onderbouwing")):
            found.append(
                Problem(
                    branch.path,
                    branch.line(where),
                    "je eigen stelling heeft geen onderbouwing",
                    "noem onder 'onderbouwing' het standpunt uit je programma dat je antwoord onderbouwt",
                    severity="let op",
                )
            )
        for number, point_id in enumerate(_strings(item.get("onderbouwing"))):
            if point_id not in mine.kept:
                line = branch.line((*where, "onderbouwing", number))
                found.append(_missing_point(branch.path, line, point_id, mine, everywhere))
    return found


def _against_the_line(
    branch: Document, where: tuple[str | int, ...], item: dict[str, Any], statement: Statement, mine: Program
) -> list[Problem]:
    supporting = [point for _, point in _backing(statement.onderbouwing, mine)]
    given = item.get("antwoord")
    if given in ANSWERS and given != statement.lijn and supporting:
        return [
            Problem(
                branch.path,
                branch.line((*where, "antwoord")),
                f"je antwoordt '{given}' op de stelling '{statement.id}', maar je programma houdt het"
                f" standpunt '{supporting[0]}' dat de landelijke lijn '{statement.lijn}' onderbouwt",
                f"antwoord '{statement.lijn}', of laat '{supporting[0]}' weg als je programma er echt"
                " anders over denkt",
                severity="let op",
            )
        ]
    if given not in ANSWERS and not supporting:
        points = ", ".join(f"'{point}'" for point in statement.onderbouwing)
        return [
            Problem(
                branch.path,
                branch.line(where),
                f"je programma zegt niets over de stelling '{statement.id}', dus het antwoord wordt"
                f" '{NEITHER}'",
                f"geef zelf een antwoord met toelichting, of neem een standpunt op dat de stelling"
                f" onderbouwt: {points}",
                severity="let op",
            )
        ]
    return []


def _missing_point(path: str, line: int, point_id: str, mine: Program, everywhere: set[str]) -> Problem:
    if point_id in mine.dropped:
        message = f"het standpunt '{point_id}' onder onderbouwing laat je programma weg"
        hint = f"noem een standpunt dat in je programma staat, of haal '{point_id}' uit weglaten"
    elif point_id in everywhere:
        message = f"het standpunt '{point_id}' onder onderbouwing staat niet in je programma"
        hint = "noem een standpunt van een kaart die je kiest, of kies ook de kaart van dit standpunt"
    else:
        message = f"het standpunt '{point_id}' onder onderbouwing bestaat niet"
        hint = "controleer de id: kijk op de themapagina van je site of in themes/"
    return Problem(path, line, message, hint, severity="let op")


def shorten(text: str, size: int) -> str:
    """`text` in at most `size` characters: whole when it fits, else up to the last sentence
    that ends in time (when that keeps at least a third), else up to the last whole word
    followed by '…'."""
    text = " ".join(text.split())
    if len(text) <= size:
        return text
    ends = [match.end() for match in _SENTENCE_END.finditer(text, 0, size)]
    if ends and ends[-1] >= size // 3:
        return text[: ends[-1]]
    space = text.rfind(" ", 0, size)
    if space <= 0:
        return text[: size - 1] + "…"
    return text[:space].rstrip(",;:-–") + "…"


def text_of(markdown: str) -> str:
    """The words of a Markdown text, without its markup, on one line."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", to_html(markdown))).split())


def statement_file_problems(library: Library) -> list[Problem]:
    """Why `stemhulp` cannot run: there are no national statements."""
    if library.statements is not None and statements(library):
        return []
    return [
        Problem(
            STATEMENTS_FILE,
            0,
            "er zijn geen landelijke stellingen",
            "het partijbureau zet de stellingen in content/stellingen.yml (zie de README)",
        )
    ]


def _library_points(library: Library) -> set[str]:
    return {
        p["id"]
        for card in library.themes
        if isinstance(card.data, dict)
        for p in _dicts(card.data.get("standpunten"))
        if isinstance(p.get("id"), str)
    }


def _chosen(
    library: Library, slug: str, branch: Document | None
) -> Iterator[tuple[dict[str, Any], Document]]:
    data = branch.data if branch is not None and isinstance(branch.data, dict) else {}
    for choice in _dicts(data.get("themas")):
        card_id = choice.get("kaart")
        card = library.card_for(slug, card_id) if isinstance(card_id, str) else None
        if card is not None and isinstance(card.data, dict):
            yield choice, card


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

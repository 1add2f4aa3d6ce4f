"""Stage 2, validate: schemas, cross-references and variables; every problem at once."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bouwstenen.links import LinkError, check_links
from bouwstenen.load import GUIDE_DIR, THEMES_DIR, Library
from bouwstenen.names import SLUG, stem
from bouwstenen.problem import Problem
from bouwstenen.schema import schema_problems
from bouwstenen.variables import TEMPLATED_KEYS, TextError, render_text, sample_context
from bouwstenen.yamlfile import Document

IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg")
RESERVED = frozenset({"bibliotheek", "gids", "assets", "search"})
"""Folder names the portal uses itself; a branch cannot have them as its name."""
MAX_IMAGE_BYTES = 1024 * 1024


def validate(library: Library) -> list[Problem]:
    """Every problem in the library, sorted by file and line."""
    problems = list(library.problems)
    problems += _skipped_problems(library)
    if library.party is not None:
        problems += _party_problems(library, library.party)
    for card in library.themes:
        problems += _card_problems(library, card)
    for branch in library.branches:
        problems += _branch_problems(library, branch)
    problems += _guide_problems(library)
    if not library.themes:
        problems.append(
            Problem("themes", 0, "er zijn geen themakaarten", "zet minstens één kaart in themes/")
        )
    return sorted(set(problems))


def context_for(library: Library, branch: Document | None) -> dict[str, Any]:
    """The values of the variables for texts in this branch's edition."""
    party = library.party.data if library.party and isinstance(library.party.data, dict) else {}
    data = branch.data if branch and isinstance(branch.data, dict) else {}
    gemeente = data["gemeente"] if isinstance(data.get("gemeente"), dict) else {}
    context: dict[str, Any] = {
        "gemeente": {"naam": gemeente.get("naam", "")},
        "afdeling": data.get("afdeling", ""),
        "partij": {"naam": party.get("naam", "")},
    }
    if "afkorting" in party:
        context["partij"]["afkorting"] = party["afkorting"]
    return context


def _skipped_problems(library: Library) -> list[Problem]:
    return [
        Problem(
            path,
            0,
            "dit bestand wordt niet gelezen",
            "geef het de extensie .yml in plaats van .yaml",
        )
        for path in library.skipped
    ]


def _party_problems(library: Library, party: Document) -> list[Problem]:
    problems = schema_problems(party, "partij")
    if not problems and "logo" in party.data:
        problems += _image_problems(library.root, party, ("logo",))
    return problems


def _card_problems(library: Library, card: Document) -> list[Problem]:
    schema = schema_problems(card, "thema")
    problems = _name_problems(card) + schema + _text_problems(card, sample_context())
    if schema:
        return problems
    data = card.data
    name = stem(card.path)
    if data["id"] != name:
        problems.append(
            Problem(
                card.path,
                card.line(("id",)),
                f"de id '{data['id']}' is niet gelijk aan de bestandsnaam '{name}.yml'",
                f"maak de id '{name}' of geef het bestand de naam {data['id']}.yml",
            )
        )
    problems += _duplicate_ids(card, ("standpunten",), data["standpunten"])
    guide = {page.slug for page in library.guide}
    for index, slug in enumerate(data.get("gids", [])):
        if slug not in guide:
            what = f"onbekende gidspagina '{slug}'"
            problems.append(_unknown(card, ("gids", index), what, slug, guide, GUIDE_DIR + "/"))
    return problems


def _branch_problems(library: Library, branch: Document) -> list[Problem]:
    schema = schema_problems(branch, "afdeling")
    problems = (
        _name_problems(branch)
        + _reserved_problems(branch)
        + schema
        + _text_problems(branch, context_for(library, branch))
    )
    if schema:
        return problems
    seen: dict[str, int] = {}
    for index, choice in enumerate(branch.data["themas"]):
        where = ("themas", index)
        card_id = choice["kaart"]
        if card_id in seen:
            problems.append(
                Problem(
                    branch.path,
                    branch.line((*where, "kaart")),
                    f"de kaart '{card_id}' staat twee keer in themas (eerder op regel {seen[card_id]})",
                    "haal een van de twee weg",
                )
            )
            continue
        seen[card_id] = branch.line((*where, "kaart"))
        card = library.theme(card_id)
        if card is None and f"{THEMES_DIR}/{card_id}.yml" in library.unreadable:
            continue
        if card is None:
            known = {stem(d.path) for d in library.themes}
            problems.append(
                _unknown(
                    branch,
                    (*where, "kaart"),
                    f"onbekende themakaart '{card_id}'",
                    card_id,
                    known,
                    THEMES_DIR + "/",
                )
            )
            continue
        if isinstance(card.data, dict) and isinstance(card.data.get("standpunten"), list):
            problems += _choice_problems(branch, where, choice, card.data)
    if "logo" in branch.data:
        problems += _image_problems(library.root, branch, ("logo",))
    return problems


def _choice_problems(
    branch: Document, where: tuple[str | int, ...], choice: dict[str, Any], card: dict[str, Any]
) -> list[Problem]:
    problems: list[Problem] = []
    point_ids = [p.get("id") for p in card["standpunten"] if isinstance(p, dict)]
    if "standpunten" in choice and "weglaten" in choice:
        problems.append(
            Problem(
                branch.path,
                branch.line((*where, "weglaten")),
                "'standpunten' en 'weglaten' staan allebei bij deze kaart",
                "kies er één: 'standpunten' om punten te kiezen, of 'weglaten' om punten te schrappen",
            )
        )
    for key in ("standpunten", "weglaten"):
        for index, point_id in enumerate(choice.get(key, [])):
            if point_id not in point_ids:
                problems.append(
                    _unknown(
                        branch,
                        (*where, key, index),
                        f"onbekend standpunt '{point_id}'",
                        point_id,
                        set(map(str, point_ids)),
                        f"kaart '{card['id']}'",
                    )
                )
        problems += _duplicate_ids(branch, (*where, key), [{"id": i} for i in choice.get(key, [])])
    own = choice.get("eigen_standpunten", [])
    problems += _duplicate_ids(branch, (*where, "eigen_standpunten"), own, taken=point_ids)
    return problems


def _duplicate_ids(
    document: Document,
    where: tuple[str | int, ...],
    items: list[dict[str, Any]],
    taken: list[Any] | None = None,
) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        item_id = str(item.get("id"))
        line = document.line((*where, index))
        if item_id in seen:
            problems.append(
                Problem(
                    document.path,
                    line,
                    f"de id '{item_id}' komt twee keer voor (eerder op regel {seen[item_id]})",
                    "geef elk standpunt een eigen id",
                )
            )
        elif taken and item_id in taken:
            problems.append(
                Problem(
                    document.path,
                    line,
                    f"de id '{item_id}' bestaat al op de landelijke kaart",
                    "geef je eigen standpunt een andere id",
                )
            )
        seen.setdefault(item_id, line)
    return problems


def _unknown(
    document: Document,
    where: tuple[str | int, ...],
    what: str,
    value: str,
    known: set[str],
    place: str,
) -> Problem:
    close = difflib.get_close_matches(value, sorted(known), n=1, cutoff=0.6)
    if close:
        hint = f"bedoel je '{close[0]}'?"
    else:
        hint = f"kies uit: {', '.join(sorted(known))}" if known else f"er is niets in {place}"
    return Problem(document.path, document.line(where), f"{what} (in {place})", hint)


def _name_problems(document: Document) -> list[Problem]:
    name = stem(document.path)
    if SLUG.match(name):
        return []
    return [
        Problem(
            document.path,
            0,
            f"ongeldige bestandsnaam '{name}.yml'",
            "gebruik alleen kleine letters, cijfers en streepjes, bijvoorbeeld 'den-haag.yml'",
        )
    ]


def _reserved_problems(branch: Document) -> list[Problem]:
    name = stem(branch.path)
    if name not in RESERVED:
        return []
    return [
        Problem(
            branch.path,
            0,
            f"de naam '{name}' is al in gebruik door de website zelf",
            f"geef het bestand een andere naam, bijvoorbeeld 'afdeling-{name}.yml'",
        )
    ]


def _text_problems(document: Document, context: dict[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    for where, text in _texts(document.data, ()):
        try:
            render_text(text, context)
            check_links(text)
        except (TextError, LinkError) as error:
            line = document.text_line(where) + error.line - 1
            problems.append(Problem(document.path, line, error.message, error.hint))
    return problems


def _texts(data: Any, where: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, str) and key in TEMPLATED_KEYS:
                yield (*where, key), value
            else:
                yield from _texts(value, (*where, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*where, index))


def _image_problems(root: Path, document: Document, where: tuple[str | int, ...]) -> list[Problem]:
    value = str(document.data[where[0]])
    line = document.line(where)
    problem = _image_problem(root, value)
    return [Problem(document.path, line, problem[0], problem[1])] if problem else []


def _image_problem(root: Path, value: str) -> tuple[str, str] | None:
    base = root.resolve()
    candidate = base / value
    if Path(value).is_absolute() or not candidate.resolve().is_relative_to(base):
        return (
            f"het logo '{value}' ligt buiten deze map",
            "zet het logo in deze map (bijvoorbeeld content/logo/) en schrijf het pad vanaf hier",
        )
    if candidate.is_symlink():
        return (f"het logo '{value}' is een snelkoppeling", "zet het echte bestand op deze plek")
    if not candidate.is_file():
        return (f"het logo '{value}' bestaat niet", "controleer het pad en de hoofdletters")
    if candidate.suffix.lower() not in IMAGE_TYPES:
        return (
            f"het logo '{value}' is geen SVG-, PNG- of JPG-bestand",
            "lever het logo aan als .svg, .png of .jpg",
        )
    if candidate.stat().st_size > MAX_IMAGE_BYTES:
        return (f"het logo '{value}' is groter dan 1 MB", "verklein het bestand")
    return None


def _guide_problems(library: Library) -> list[Problem]:
    problems: list[Problem] = []
    for page in library.guide:
        if not page.text.lstrip().startswith("# "):
            problems.append(
                Problem(
                    page.path,
                    1,
                    "de pagina begint niet met een titel",
                    "zet op de eerste regel '# Titel'",
                )
            )
        elif "<" in page.title or ">" in page.title:
            problems.append(
                Problem(page.path, 1, "de titel mag geen < of > bevatten", "haal de tekens < en > weg")
            )
        try:
            check_links(page.text)
        except LinkError as error:
            problems.append(Problem(page.path, error.line, error.message, error.hint))
        if not SLUG.match(page.slug):
            problems.append(
                Problem(
                    page.path,
                    0,
                    f"ongeldige bestandsnaam '{page.slug}.md'",
                    "gebruik alleen kleine letters, cijfers en streepjes",
                )
            )
    return problems

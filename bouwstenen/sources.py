"""Sources as data: content/bronnen.yml names each source once; a figure names its source by id.

A fact's `bron` that looks like an id (lowercase letters, digits and hyphens, such as
`scp-2023`) is an id, and it must be one of content/bronnen.yml. On a card every fact
names its source that way. A branch's local facts may also write their source out in full
('CBS StatLine, bevolking per gemeente'); such text has capitals or spaces, so it never
looks like an id. Compose puts the full reference in the Edition; nothing later sees ids.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeGuard

from bouwstenen.load import SOURCES_FILE, Library
from bouwstenen.names import SLUG
from bouwstenen.problem import Problem
from bouwstenen.schema import schema_problems
from bouwstenen.yamlfile import Document, Path_


@dataclass(frozen=True, slots=True)
class Source:
    """One source of content/bronnen.yml."""

    id: str
    verwijzing: str
    jaar: int | None
    url: str | None


def catalogue(library: Library) -> dict[str, Source]:
    """The sources of content/bronnen.yml by id, in file order; entries of the wrong shape are left out."""
    found: dict[str, Source] = {}
    for entry in _entries(library.sources):
        source_id, text, year, url = (entry.get(key) for key in ("id", "verwijzing", "jaar", "url"))
        if is_source_id(source_id) and isinstance(text, str) and source_id not in found:
            found[source_id] = Source(
                source_id,
                " ".join(text.split()),
                year if _is_year(year) else None,
                url if isinstance(url, str) else None,
            )
    return found


def is_source_id(value: object) -> TypeGuard[str]:
    """True when `value` has the shape of a source's id (and so must be one)."""
    return isinstance(value, str) and SLUG.match(value) is not None


def resolve(sources: Mapping[str, Source], bron: str, url: str | None) -> tuple[str, str | None]:
    """The full reference and web address of a fact: an id becomes the text of its source."""
    source = sources.get(bron)
    if source is None:
        return bron, url
    return source.verwijzing, url or source.url


def source_problems(library: Library) -> list[Problem]:
    """Problems in content/bronnen.yml, and every fact whose source is not right."""
    problems = _file_problems(library.sources) if library.sources is not None else []
    known = catalogue(library)
    for card in library.themes:
        for where, fact in _facts(card.data, ("feiten",)):
            problems += _fact_problems(card, where, fact, known, on_card=True)
    for branch in library.branches:
        for where, fact in _branch_facts(branch.data):
            problems += _fact_problems(branch, where, fact, known, on_card=False)
    return problems


def _file_problems(document: Document) -> list[Problem]:
    problems = schema_problems(document, "bronnen")
    seen: dict[str, int] = {}
    this_year = datetime.date.today().year
    for index, entry in enumerate(_entries(document)):
        source_id, year = entry.get("id"), entry.get("jaar")
        line = document.line(("bronnen", index))
        if is_source_id(source_id) and source_id in seen:
            problems.append(
                Problem(
                    document.path,
                    line,
                    f"de id '{source_id}' komt twee keer voor (eerder op regel {seen[source_id]})",
                    "geef elke bron een eigen id",
                )
            )
        elif is_source_id(source_id):
            seen[source_id] = line
        if _is_year(year) and year > this_year:
            problems.append(
                Problem(
                    document.path,
                    document.line(("bronnen", index, "jaar")),
                    f"het jaar {year} ligt in de toekomst",
                    f"schrijf het jaar waarin de bron verscheen: {this_year} of eerder",
                )
            )
    return problems


def _fact_problems(
    document: Document, where: Path_, fact: Mapping[str, Any], known: Mapping[str, Source], *, on_card: bool
) -> list[Problem]:
    bron = fact.get("bron")
    if not isinstance(bron, str):
        return []
    line = document.line((*where, "bron"))
    if not is_source_id(bron):
        return [_not_an_id(document.path, line, bron, known)] if on_card else []
    source = known.get(bron)
    if source is None:
        return [_unknown(document.path, line, bron, known, on_card=on_card)]
    year = fact.get("jaar")
    if source.jaar is None or not _is_year(year) or year == source.jaar or year > datetime.date.today().year:
        return []
    return [
        Problem(
            document.path,
            document.line((*where, "jaar")),
            f"het jaar {year} past niet bij de bron '{bron}' (uit {source.jaar})",
            f"schrijf 'jaar: {source.jaar}', of kies de bron waar dit cijfer uit komt",
        )
    ]


def _unknown(path: str, line: int, bron: str, known: Mapping[str, Source], *, on_card: bool) -> Problem:
    close = difflib.get_close_matches(bron, sorted(known), n=1, cutoff=0.6)
    if close:
        hint = f"bedoel je '{close[0]}'?"
    elif known:
        hint = f"kies uit: {', '.join(sorted(known))}"
    else:
        hint = f"zet de bron eerst in {SOURCES_FILE}"
    if not on_card and not close:
        hint += ", of schrijf de bron voluit"
    return Problem(path, line, f"onbekende bron '{bron}' (in {SOURCES_FILE})", hint)


def _not_an_id(path: str, line: int, bron: str, known: Mapping[str, Source]) -> Problem:
    shown = bron if len(bron) <= 40 else bron[:39].rstrip() + "…"
    nearest = _nearest_by_text(bron, known)
    if nearest:
        hint = f"een landelijk cijfer noemt zijn bron met de id uit {SOURCES_FILE}: bedoel je '{nearest}'?"
    else:
        hint = f"zet de bron in {SOURCES_FILE} en schrijf hier haar id, bijvoorbeeld 'bron: scp-2023'"
    return Problem(path, line, f"de bron '{shown}' is geen id uit {SOURCES_FILE}", hint)


def _nearest_by_text(text: str, known: Mapping[str, Source]) -> str | None:
    """The source whose reference holds most of the words of `text` (at least half of them)."""
    words = set(re.findall(r"\w+", text.lower()))
    best, share = None, 0.5
    for source in known.values():
        found = len(words & set(re.findall(r"\w+", source.verwijzing.lower()))) / max(len(words), 1)
        if found > share or (found == share and best is None):
            best, share = source.id, found
    return best


def _entries(document: Document | None) -> list[dict[str, Any]]:
    data = document.data if document is not None and isinstance(document.data, dict) else {}
    entries = data.get("bronnen")
    return (
        [entry if isinstance(entry, dict) else {} for entry in entries] if isinstance(entries, list) else []
    )


def _facts(data: Any, where: Path_) -> Iterator[tuple[Path_, dict[str, Any]]]:
    """The facts in the list at `where` in `data`, with their place."""
    value = data
    for key in where:
        value = value.get(key) if isinstance(value, dict) and isinstance(key, str) else None
    if isinstance(value, list):
        for index, fact in enumerate(value):
            if isinstance(fact, dict):
                yield (*where, index), fact


def _branch_facts(data: Any) -> Iterator[tuple[Path_, dict[str, Any]]]:
    yield from _facts(data, ("gemeente", "feiten"))
    choices = data.get("themas") if isinstance(data, dict) else None
    for index, choice in enumerate(choices if isinstance(choices, list) else []):
        for (_, fact_index), fact in _facts(choice, ("lokale_feiten",)):
            yield ("themas", index, "lokale_feiten", fact_index), fact


def _is_year(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)

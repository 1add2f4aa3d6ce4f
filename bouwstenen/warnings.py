"""Warnings for volunteers that block nothing: figures that are too old, the same point
taken twice from two cards, answers for voting aids against the program, and texts harder
to read than plain Dutch (B1, plain.py). Each is a
Problem with severity 'let op'; `--streng` makes them errors. Every check reads the files
as they are and looks only at parts with the right shape, so it also runs on a library
that did not validate.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from bouwstenen import plain, stemhulp
from bouwstenen.load import Library
from bouwstenen.problem import Problem
from bouwstenen.validate import renamed
from bouwstenen.yamlfile import Document

DEFAULT_AGE = 4
"""Years after which a figure is outdated, unless content/partij.yml says `cijfers_verouderd_na`."""
SIMILAR = 0.38
"""Two points whose words match at least this much (difflib's ratio over their words without
the little words, 0 to 1) say nearly the same. Measured on the library as it was before issue
16 (tests/test_warnings.py): the pairs the office named score 0.40 and 0.64 (and 1.0 for the
same id on two cards), the most alike other points 0.35; today's library stays under 0.25."""
LITTLE_WORDS = frozenset(
    "aan al als bij dan dat de deze die dit door een en er geen het hen hun in is kan kunnen meer"  # noqa: SIM905
    " met naar niet nog of om ook op over te tot uit van voor wat we wie wordt worden zich zijn ze zo".split()
)
"""Words that say nothing about what a point promises; two points sharing them are not alike."""
_VARIABLE = re.compile(r"\{\{.*?\}\}")


@dataclass(frozen=True, slots=True)
class Taken:
    """A national point as a branch takes it: from which card, at which place in its file."""

    card: str
    point: str
    text: str
    choice: int
    """The index of the card in the branch's `themas`."""


@dataclass(frozen=True, slots=True)
class Pair:
    """Two points on different cards that say (nearly) the same; `score` 1.0 for the same id."""

    first: tuple[str, str]
    second: tuple[str, str]
    score: float


def outdated_after(library: Library) -> int:
    """`cijfers_verouderd_na` from content/partij.yml, or the default."""
    data = library.party.data if library.party is not None else None
    value = data.get("cijfers_verouderd_na") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else DEFAULT_AGE


def for_branch(library: Library, slug: str, year: int) -> list[Problem]:
    """Every warning for branch `slug` in `year`: its old figures, its duplicate points, what
    its answers for voting aids say against its program (stemhulp.py), then its texts that
    are not plain Dutch."""
    return (
        outdated_figures(library, slug, year)
        + duplicate_points(library, slug)
        + stemhulp.cautions(library, slug)
        + plain_dutch(library, slug)
    )


def plain_dutch(library: Library, slug: str) -> list[Problem]:
    """The B1 warnings on what branch `slug` publishes: its own file, the library's cards it
    takes (not its pinned copies: those are the library's old text), and the guide."""
    branch = library.branch(slug)
    if branch is None:
        return []
    jargon = plain.jargon_of(library)
    found = plain.document_warnings(library.root, branch, jargon)
    for _, choice, _ in _chosen(library, slug, branch):
        card = library.theme(choice["kaart"])
        found += plain.document_warnings(library.root, card, jargon) if card is not None else []
    return list(dict.fromkeys(found + plain.guide_warnings(library, jargon)))


def outdated_figures(library: Library, slug: str, year: int) -> list[Problem]:
    """The figures in the program of `slug` older than the party's limit: each of its own (in
    its file), and per card it takes one line for the card's old figures (on the card's
    file, or its pinned text's)."""
    branch = library.branch(slug)
    if branch is None or not isinstance(branch.data, dict):
        return []
    limit = outdated_after(library)
    found = [
        _own(branch, spot, fact, limit)
        for spot, fact in old_figures(branch, ("gemeente", "feiten"), year, limit)
    ]
    for index, choice, card in _chosen(library, slug, branch):
        own = old_figures(branch, ("themas", index, "lokale_feiten"), year, limit)
        found += [_own(branch, spot, fact, limit) for spot, fact in own]
        national = old_figures(card, ("feiten",), year, limit)
        if national:
            found.append(_national(card, choice["kaart"], national, limit))
    return found


def _own(branch: Document, spot: int, fact: dict[str, Any], limit: int) -> Problem:
    return Problem(
        branch.path,
        spot,
        f"dit cijfer is van {fact['jaar']}, ouder dan {limit} jaar: {_short(fact.get('tekst'))}",
        "zoek een nieuwer cijfer en zet het jaar erbij, of haal het cijfer weg",
        severity="let op",
    )


def _national(card: Document, card_id: str, facts: list[tuple[int, dict[str, Any]]], limit: int) -> Problem:
    lines = ", ".join(str(spot) for spot, _ in facts)
    years = ", ".join(sorted({str(fact["jaar"]) for _, fact in facts}))
    amount = "1 landelijk cijfer" if len(facts) == 1 else f"{len(facts)} landelijke cijfers"
    return Problem(
        card.path,
        facts[0][0],
        f"kaart '{card_id}' heeft {amount} ouder dan {limit} jaar (uit {years}; regel {lines})",
        "vraag het partijbureau om nieuwere cijfers, en zet zolang een recent cijfer onder lokale_feiten",
        severity="let op",
    )


def old_figures(
    document: Document, where: tuple[str | int, ...], year: int, limit: int
) -> list[tuple[int, dict[str, Any]]]:
    """The figures in the list at `where` older than `limit` years in `year`, with their lines."""
    value: Any = document.data
    for key in where:
        ok = (isinstance(value, dict) and key in value) or (isinstance(value, list) and isinstance(key, int))
        value = value[key] if ok else None
    facts = value if isinstance(value, list) else []
    return [
        (document.line((*where, number, "jaar")), fact)
        for number, fact in enumerate(facts)
        if isinstance(fact, dict) and _year(fact.get("jaar")) is not None and year - fact["jaar"] > limit
    ]


def _year(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _short(text: Any, size: int = 60) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= size else words[: size - 1].rsplit(" ", 1)[0] + " …"


def duplicate_points(library: Library, slug: str) -> list[Problem]:
    """Two national points the branch takes from two cards that say (nearly) the same; the
    warning sits on the later card and says to drop the later point."""
    branch = library.branch(slug)
    if branch is None or not isinstance(branch.data, dict):
        return []
    taken = list(taken_points(library, slug, branch))
    found: list[Problem] = []
    for later_index, later in enumerate(taken):
        for earlier in taken[:later_index]:
            if earlier.card != later.card and similarity(earlier, later) >= SIMILAR:
                found.append(_duplicate(branch, earlier, later))
    return found


def _duplicate(branch: Document, earlier: Taken, later: Taken) -> Problem:
    return Problem(
        branch.path,
        branch.line(("themas", later.choice, "kaart")),
        f"het standpunt '{later.point}' van kaart '{later.card}' zegt (bijna) hetzelfde als"
        f" '{earlier.point}' van kaart '{earlier.card}'",
        f"laat er één weg, bijvoorbeeld: zet '{later.point}' onder weglaten bij kaart '{later.card}'",
        severity="let op",
    )


def taken_points(library: Library, slug: str, branch: Document) -> Iterator[Taken]:
    """The national points branch `slug` keeps, card by card in its order."""
    for index, choice, card in _chosen(library, slug, branch):
        points = {p["id"]: p for p in _points(card.data)}
        olds = renamed(card)
        if isinstance(choice.get("standpunten"), list):
            kept = [olds.get(i, i) for i in choice["standpunten"] if isinstance(i, str)]
        else:
            dropped = {olds.get(i, i) for i in _strings(choice.get("weglaten"))}
            kept = [i for i in points if i not in dropped]
        for point_id in (i for i in kept if i in points):
            yield Taken(choice["kaart"], point_id, str(points[point_id].get("tekst", "")), index)


def similarity(first: Taken, second: Taken) -> float:
    """1.0 for the same id, else how much of their words the two texts share, in order."""
    if first.point == second.point:
        return 1.0
    return _ratio(*sorted((first.text, second.text)))


@lru_cache(maxsize=1 << 16)
def _ratio(first: str, second: str) -> float:
    """Once per pair of texts: hundreds of branches take the same pairs of national points."""
    return difflib.SequenceMatcher(a=_words(first), b=_words(second), autojunk=False).ratio()


def library_duplicates(library: Library) -> list[Pair]:
    """Near-duplicate points on different cards across the whole library, most alike first."""
    points = [
        Taken(str(card.data.get("id")), p["id"], str(p.get("tekst", "")), 0)
        for card in library.themes
        if isinstance(card.data, dict)
        for p in _points(card.data)
    ]
    pairs = [
        Pair((a.card, a.point), (b.card, b.point), round(similarity(a, b), 2))
        for i, a in enumerate(points)
        for b in points[i + 1 :]
        if a.card != b.card and similarity(a, b) >= SIMILAR
    ]
    return sorted(pairs, key=lambda pair: (-pair.score, pair.first, pair.second))


def _words(text: str) -> list[str]:
    words = re.findall(r"\w+", _VARIABLE.sub(" ", text).lower())
    return [word for word in words if word not in LITTLE_WORDS]


def _chosen(library: Library, slug: str, branch: Document) -> Iterator[tuple[int, dict[str, Any], Document]]:
    themas = branch.data.get("themas") if isinstance(branch.data, dict) else None
    for index, choice in enumerate(themas if isinstance(themas, list) else []):
        card_id = choice.get("kaart") if isinstance(choice, dict) else None
        card = library.card_for(slug, card_id) if isinstance(card_id, str) else None
        if isinstance(choice, dict) and card is not None and isinstance(card.data, dict):
            yield index, choice, card


def _points(card: Any) -> list[dict[str, Any]]:
    points = card.get("standpunten") if isinstance(card, dict) else None
    items = points if isinstance(points, list) else []
    return [p for p in items if isinstance(p, dict) and isinstance(p.get("id"), str)]


def _strings(value: Any) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []

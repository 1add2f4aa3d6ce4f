"""Stage 2, validate: schemas, cross-references and variables; every problem at once."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeGuard

from markdown.extensions.toc import slugify as heading_anchor

from bouwstenen import colours, glossary
from bouwstenen.images import logo_problem
from bouwstenen.load import (
    AMENDMENTS_SUFFIX,
    BRANCHES_DIR,
    GUIDE_DIR,
    PINNED_SUFFIX,
    STATEMENTS_FILE,
    THEMES_DIR,
    Library,
    pinned_path,
)
from bouwstenen.names import SLUG, same_name, slugify, stem
from bouwstenen.problem import Problem
from bouwstenen.sanitize import Removal, removals, to_html, too_deep
from bouwstenen.schema import schema_problems
from bouwstenen.sources import source_problems
from bouwstenen.variables import (
    MARKDOWN_KEYS,
    TEMPLATED_KEYS,
    TextError,
    render_text,
    sample_context,
    single_braces,
)
from bouwstenen.yamlfile import Document, Path_, as_list, texts_under

IMAGE_TYPES = (".svg", ".png", ".jpg", ".jpeg")
RESERVED = frozenset({"bibliotheek", "gids", "assets", "search", "zoeken", "pagefind", "samenstellen"})
"""Folder names the portal uses itself; a branch cannot have them as its name."""
PAGE_NAMES = frozenset({"index"})
"""Page names a site needs itself (bibliotheek/index.md); a card cannot have them as its id."""
MAX_IMAGE_BYTES = 1024 * 1024
MAX_CORE_POINTS = 3
"""Points a card (and a branch, per card) may mark `kern: true`, and a branch may list in `kernpunten`."""
HEADING_ANCHORS = frozenset(
    {
        "standpunten",
        "landelijke-cijfers",
        "voorbeelden-uit-de-praktijk",
        "meer-weten-de-gids-voor-aspirant-wethouders",
    }
)
"""Anchors of the fixed headings of a theme page (macros/site/thema.md.j2). Each point gets
its id as anchor on that page, so a point cannot have one of these as its id; nor one that
starts with HEADING_PREFIX ('Cijfers uit <gemeente>'), nor the anchor of the card's title or
of one of its examples."""
HEADING_PREFIX = "cijfers-uit-"


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
    for pins in library.pinned:
        problems += _pinned_problems(library, pins)
    for amendments in library.amendments:
        problems += _amendment_problems(library, amendments)
    if library.statements is not None:
        problems += _statement_problems(library, library.statements)
    if library.glossary is not None:
        problems += glossary.problems(library.glossary)
    if library.jargon is not None:
        problems += schema_problems(library.jargon, "jargon")
    problems += _same_branch_names(library)
    problems += _guide_problems(library)
    problems += source_problems(library)
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
            "dit bestand wordt niet gelezen, want de naam eindigt niet op .yml",
            f"hernoem het naar {_yml_name(path)}, of zet het in een andere map",
        )
        for path in library.skipped
    ]


def _yml_name(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    found = re.search(r"\.ya?ml", name, flags=re.IGNORECASE)
    return slugify(name[: found.start()] if found else name.split(".")[0]) + ".yml"


def _party_problems(library: Library, party: Document) -> list[Problem]:
    problems = schema_problems(party, "partij") + colours.party_problems(party)
    if isinstance(_fields(party).get("logo"), str):
        problems += _image_problems(library.root, party, ("logo",))
    return problems


def _card_problems(library: Library, card: Document) -> list[Problem]:
    """Schema, texts and cross-references; each check only looks at parts with the right shape."""
    data = _fields(card)
    problems = _name_problems(card) + schema_problems(card, "thema")
    name = stem(card.path)
    card_id = data.get("id")
    if _is_slug(card_id) and card_id != name:
        problems.append(
            Problem(
                card.path,
                card.line(("id",)),
                f"de id '{card_id}' is niet gelijk aan de bestandsnaam '{name}.yml'",
                f"maak de id '{name}' of geef het bestand de naam {card_id}.yml",
            )
        )
    if card_id in PAGE_NAMES:
        problems.append(
            Problem(
                card.path,
                card.line(("id",)),
                f"de id '{card_id}' is al in gebruik door de website zelf",
                f"geef de kaart een andere id en het bestand dezelfde naam, bijvoorbeeld 'thema-{card_id}'",
            )
        )
    return problems + _card_content_problems(library, card)


def _card_content_problems(library: Library, card: Document) -> list[Problem]:
    """Texts and cross-references of a card in themes/ or in a branch's pinned texts."""
    data = _fields(card)
    # Cards serve every branch: sample names, but the party's own values, so a variable the
    # party file leaves out (afkorting) is refused here and not in the build.
    context = sample_context() | {"partij": context_for(library, None)["partij"]}
    problems = _text_problems(card, context)
    problems += _duplicate_ids(card, ("standpunten",), as_list(data.get("standpunten")))
    problems += _replaced_ids(card, as_list(data.get("standpunten")))
    problems += _heading_ids(card, ("standpunten",), as_list(data.get("standpunten")), _titles(data))
    problems += _core_limit(card, ("standpunten",), as_list(data.get("standpunten")), "deze kaart heeft")
    problems += _future_years(card, ("feiten",), data.get("feiten"))
    problems += _debate_problems(card, as_list(data.get("debatvragen")), as_list(data.get("standpunten")))
    guide = {page.slug for page in library.guide}
    for index, slug in enumerate(as_list(data.get("gids"))):
        if _is_slug(slug) and slug not in guide:
            what = f"onbekende gidspagina '{slug}'"
            problems.append(_unknown(card, ("gids", index), what, slug, guide, GUIDE_DIR + "/"))
    return problems


def renamed(card: Document) -> dict[str, str]:
    """The old ids of the card's points (`vervangt`), each with the point's id now."""
    return _old_ids(as_list(_fields(card).get("standpunten")))


def _old_ids(points: list[Any]) -> dict[str, str]:
    return {
        old: point["id"]
        for point in points
        if isinstance(point, dict) and _is_slug(point.get("id"))
        for old in as_list(point.get("vervangt"))
        if _is_slug(old)
    }


def _replaced_ids(card: Document, points: list[Any]) -> list[Problem]:
    """An old id (`vervangt`) is no id of a point now, and belongs to one point only."""
    current = {p.get("id") for p in points if isinstance(p, dict)}
    problems: list[Problem] = []
    first: dict[str, str] = {}
    for index, point in enumerate(points):
        olds = as_list(point.get("vervangt")) if isinstance(point, dict) else []
        for number, old in enumerate(olds):
            where = ("standpunten", index, "vervangt", number)
            if old in current:
                message = f"'{old}' is nog de id van een standpunt op deze kaart"
                hint = "een standpunt kan alleen een id vervangen die geen standpunt meer heeft"
            elif old in first and first[old] != point.get("id"):
                message = f"'{old}' wordt al vervangen door '{first[old]}'"
                hint = "een oude id hoort bij één nieuw standpunt; haal hem hier weg"
            else:
                first.setdefault(str(old), str(point.get("id")))
                continue
            problems.append(Problem(card.path, card.line(where), message, hint))
    return problems


def notices(library: Library) -> list[Problem]:
    """What branches should know but blocks nothing: old ids of points they still use."""
    found: list[Problem] = []
    for branch in library.branches:
        for index, choice in enumerate(as_list(_fields(branch).get("themas"))):
            card_id = choice.get("kaart") if isinstance(choice, dict) else None
            card = library.card_for(stem(branch.path), card_id) if isinstance(card_id, str) else None
            if card is not None and isinstance(card_id, str):
                found += _old_id_notices(branch, ("themas", index), choice, card_id, renamed(card))
    return sorted(found)


def _old_id_notices(
    branch: Document, where: Path_, choice: dict[str, Any], card_id: str, olds: dict[str, str]
) -> list[Problem]:
    return [
        Problem(
            branch.path,
            branch.line((*where, key, number)),
            f"het standpunt '{point_id}' van kaart '{card_id}' heet nu '{olds[point_id]}'",
            f"schrijf '{olds[point_id]}'; tot dan gebruikt Bouwstenen '{olds[point_id]}' vanzelf",
            severity="let op",
        )
        for key in ("standpunten", "weglaten")
        for number, point_id in enumerate(as_list(choice.get(key)))
        if point_id in olds
    ]


def _branch_problems(library: Library, branch: Document) -> list[Problem]:
    """Schema, texts and cross-references; each check only looks at parts with the right shape."""
    data = _fields(branch)
    problems = (
        _name_problems(branch)
        + _reserved_problems(branch)
        + schema_problems(branch, "afdeling")
        + _text_problems(branch, context_for(library, branch))
        + _markup_in_names(branch, (("afdeling",), ("gemeente", "naam")))
    )
    gemeente = data.get("gemeente")
    if isinstance(gemeente, dict):
        problems += _future_years(branch, ("gemeente", "feiten"), gemeente.get("feiten"))
    seen: dict[str, int] = {}
    for index, choice in enumerate(as_list(data.get("themas"))):
        if isinstance(choice, dict):
            problems += _choice_of_card(library, branch, ("themas", index), choice, seen)
    if isinstance(data.get("logo"), str):
        problems += _image_problems(library.root, branch, ("logo",))
    problems += _answer_problems(library, branch)
    return problems + _date_problems(branch, data.get("vastgesteld_op")) + _adopted_unpinned(library, branch)


def _adopted_unpinned(library: Library, branch: Document) -> list[Problem]:
    """An adopted program is built from pinned texts, so a later card edit cannot change it."""
    slug = stem(branch.path)
    pinned = library.pins(slug) is not None or (library.root / pinned_path(slug)).is_file()
    if _fields(branch).get("status") != "vastgesteld" or pinned:
        return []
    return [
        Problem(
            branch.path,
            branch.line(("status",)),
            "een vastgesteld programma heeft vastgelegde teksten nodig, zodat het niet meer verandert"
            " als het partijbureau een kaart aanpast",
            f"leg ze vast met: python build.py vastleggen {slug}",
        )
    ]


def adoption_date(value: Any) -> datetime.date | None:
    """The date of `vastgesteld_op` ('2026-03-12'), or None when it is no real date."""
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _date_problems(branch: Document, value: Any) -> list[Problem]:
    """`vastgesteld_op` in the right form (the schema checks that) must be a day that exists."""
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) or adoption_date(value):
        return []
    return [
        Problem(
            branch.path,
            branch.line(("vastgesteld_op",)),
            f"'{value}' is geen bestaande datum",
            "schrijf de datum als jaar-maand-dag, bijvoorbeeld 2026-03-12",
        )
    ]


def _choice_of_card(
    library: Library, branch: Document, where: Path_, choice: dict[str, Any], seen: dict[str, int]
) -> list[Problem]:
    """One entry of themas: its card exists, is chosen once, and its points exist."""
    problems = _future_years(branch, (*where, "lokale_feiten"), choice.get("lokale_feiten"))
    card_id = choice.get("kaart")
    if not _is_slug(card_id):
        return problems
    line = branch.line((*where, "kaart"))
    if card_id in seen:
        return [
            *problems,
            Problem(
                branch.path,
                line,
                f"de kaart '{card_id}' staat twee keer in themas (eerder op regel {seen[card_id]})",
                "haal een van de twee weg",
            ),
        ]
    seen[card_id] = line
    slug = stem(branch.path)
    card = library.card_for(slug, card_id)
    if card is None and library.pins(slug) is not None:
        return [*problems, _not_pinned(branch, line, slug, card_id)]
    if card is None and f"{THEMES_DIR}/{card_id}.yml" in library.unreadable:
        return problems
    if card is None:
        known = {stem(d.path) for d in library.themes}
        what = f"onbekende themakaart '{card_id}'"
        return [*problems, _unknown(branch, (*where, "kaart"), what, card_id, known, THEMES_DIR + "/")]
    points = [p for p in as_list(_fields(card).get("standpunten")) if isinstance(p, dict)]
    if points:
        problems += _choice_problems(branch, where, choice, card_id, points)
    titles = [*_titles(_fields(card)), choice.get("titel")]
    problems += _heading_ids(
        branch, (*where, "eigen_standpunten"), as_list(choice.get("eigen_standpunten")), titles
    )
    return problems + _title_anchor(branch, where, choice.get("titel"), points)


def _pinned_problems(library: Library, pins: Document) -> list[Problem]:
    """A file of pinned texts: its shape, a branch it belongs to, and each card's texts."""
    slug = pins.path.removeprefix(f"{BRANCHES_DIR}/").removesuffix(PINNED_SUFFIX)
    problems = schema_problems(pins, "vastgelegd")
    if library.branch(slug) is None:
        problems.append(
            Problem(
                pins.path,
                0,
                f"bij deze vastgelegde teksten hoort geen afdeling '{slug}'",
                f"zet het bestand {BRANCHES_DIR}/{slug}.yml terug, of haal dit bestand weg",
            )
        )
    cards = as_list(_fields(pins).get("kaarten"))
    problems += _duplicate_ids(pins, ("kaarten",), cards)
    for index, card in enumerate(cards):
        if isinstance(card, dict):
            problems += _card_content_problems(library, pins.part(("kaarten", index)))
    return problems


def _amendment_problems(library: Library, amendments: Document) -> list[Problem]:
    """A file of amendments: its shape, a branch it belongs to, and its texts. Where each
    amendment is about is checked against the program itself (check.py)."""
    slug = amendments.path.removeprefix(f"{BRANCHES_DIR}/").removesuffix(AMENDMENTS_SUFFIX)
    branch = library.branch(slug)
    problems = schema_problems(amendments, "amendementen")
    if branch is None:
        problems.append(
            Problem(
                amendments.path,
                0,
                f"bij deze amendementen hoort geen afdeling '{slug}'",
                f"zet het bestand {BRANCHES_DIR}/{slug}.yml terug, of haal dit bestand weg",
            )
        )
    return problems + _text_problems(amendments, context_for(library, branch))


def _not_pinned(branch: Document, line: int, slug: str, card_id: str) -> Problem:
    return Problem(
        branch.path,
        line,
        f"de kaart '{card_id}' staat niet bij de vastgelegde teksten ({pinned_path(slug)})",
        f"leg haar vast met: python build.py vastleggen {slug}",
    )


def _title_anchor(branch: Document, where: Path_, title: Any, points: list[dict[str, Any]]) -> list[Problem]:
    """A branch's own title for a card whose heading anchor is the id of one of the card's points."""
    if not isinstance(title, str) or heading_anchor(title, "-") not in {p.get("id") for p in points}:
        return []
    anchor = heading_anchor(title, "-")
    return [
        Problem(
            branch.path,
            branch.line((*where, "titel")),
            f"de titel '{title.strip()}' krijgt op de site het adres '#{anchor}',"
            " en dat is al de id van een standpunt",
            "maak de titel iets langer of anders, zodat hij niet gelijk is aan de id van een standpunt",
        )
    ]


def _choice_problems(
    branch: Document, where: Path_, choice: dict[str, Any], card_id: str, points: list[dict[str, Any]]
) -> list[Problem]:
    problems: list[Problem] = []
    point_ids = [p["id"] for p in points if isinstance(p.get("id"), str)]
    olds = {old: new for old, new in _old_ids(points).items() if new in point_ids}
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
        listed = as_list(choice.get(key))
        for index, point_id in enumerate(listed):
            if _is_slug(point_id) and point_id not in point_ids and point_id not in olds:
                what = f"onbekend standpunt '{point_id}'"
                place = f"kaart '{card_id}'"
                problems.append(_unknown(branch, (*where, key, index), what, point_id, set(point_ids), place))
        problems += _duplicate_ids(branch, (*where, key), [{"id": olds.get(i, i)} for i in listed])
    own = as_list(choice.get("eigen_standpunten"))
    problems += _duplicate_ids(branch, (*where, "eigen_standpunten"), own, taken=point_ids)
    problems += _core_limit(
        branch, (*where, "eigen_standpunten"), own, f"je eigen standpunten bij de kaart '{card_id}' hebben"
    )
    problems += _core_choice(branch, where, choice, card_id, point_ids, olds)
    return problems + _nothing_left(branch, where, choice, card_id, point_ids)


def is_core(point: Any) -> bool:
    """`kern: true` (or `ja`) on a point."""
    return isinstance(point, dict) and point.get("kern") in (True, "ja")


def _core_limit(document: Document, where: Path_, points: list[Any], whose: str) -> list[Problem]:
    """At most three points marked `kern`: the fourth mark is the mistake."""
    marked = [index for index, point in enumerate(points) if is_core(point)]
    if len(marked) <= MAX_CORE_POINTS:
        return []
    return [
        Problem(
            document.path,
            document.line((*where, marked[MAX_CORE_POINTS], "kern")),
            f"{whose} {len(marked)} kernpunten (kern: true), en dat mogen er hoogstens drie zijn",
            "haal 'kern: true' weg bij de standpunten die het minst belangrijk zijn",
        )
    ]


def _core_choice(
    branch: Document,
    where: Path_,
    choice: dict[str, Any],
    card_id: str,
    point_ids: list[str],
    olds: dict[str, str],
) -> list[Problem]:
    """Each id in `kernpunten` is a point of the card or an own point, and is kept."""
    own = {
        p["id"]
        for p in as_list(choice.get("eigen_standpunten"))
        if isinstance(p, dict) and _is_slug(p.get("id"))
    }
    listed = as_list(choice.get("kernpunten"))
    problems = _duplicate_ids(branch, (*where, "kernpunten"), [{"id": olds.get(i, i)} for i in listed])
    for index, point_id in enumerate(listed):
        if not _is_slug(point_id):
            continue
        if point_id not in point_ids and point_id not in olds and point_id not in own:
            what = f"onbekend kernpunt '{point_id}'"
            place = f"kaart '{card_id}' en je eigen standpunten"
            known = set(point_ids) | own
            problems.append(_unknown(branch, (*where, "kernpunten", index), what, point_id, known, place))
        elif point_id not in own and not _kept(choice, olds.get(point_id, point_id), olds):
            problems.append(
                Problem(
                    branch.path,
                    branch.line((*where, "kernpunten", index)),
                    f"het kernpunt '{point_id}' laat je weg uit de kaart '{card_id}'",
                    "kies een standpunt dat je houdt, of neem dit standpunt weer op",
                )
            )
    return problems


def _kept(choice: dict[str, Any], point_id: str, olds: dict[str, str]) -> bool:
    """Whether the branch keeps the card's point `point_id` (an old id read as the new one)."""
    if "standpunten" in choice:
        return point_id in {olds.get(i, i) for i in as_list(choice["standpunten"])}
    return point_id not in {olds.get(i, i) for i in as_list(choice.get("weglaten"))}


def _nothing_left(
    branch: Document, where: Path_, choice: dict[str, Any], card_id: str, point_ids: list[str]
) -> list[Problem]:
    dropped = choice.get("weglaten")
    if not isinstance(dropped, list) or "standpunten" in choice or choice.get("eigen_standpunten"):
        return []
    if not point_ids or not set(point_ids) <= set(dropped):
        return []
    return [
        Problem(
            branch.path,
            branch.line((*where, "weglaten")),
            f"van de kaart '{card_id}' blijft geen enkel standpunt over",
            "haal de kaart weg uit themas, of laat minstens één standpunt staan",
        )
    ]


def _future_years(document: Document, where: Path_, facts: Any) -> list[Problem]:
    """Figures from a year that has not come yet: a typing error, or a source that does not exist."""
    this_year = datetime.date.today().year
    problems: list[Problem] = []
    for index, fact in enumerate(as_list(facts)):
        year = fact.get("jaar") if isinstance(fact, dict) else None
        if isinstance(year, int) and not isinstance(year, bool) and year > this_year:
            problems.append(
                Problem(
                    document.path,
                    document.line((*where, index, "jaar")),
                    f"het jaar {year} ligt in de toekomst",
                    f"schrijf het jaar waarin de bron het cijfer publiceerde: {this_year} of eerder",
                )
            )
    return problems


def _same_branch_names(library: Library) -> list[Problem]:
    """Two files for one branch name: readers could not tell the two sites apart.

    Only files that can become a site count; a file with a wrong name already has its problem.
    """
    first: dict[str, str] = {}
    problems: list[Problem] = []
    for branch in sorted(library.branches, key=lambda b: b.path):
        name = _fields(branch).get("afdeling")
        slug = stem(branch.path)
        if not isinstance(name, str) or not name.strip() or not SLUG.match(slug) or slug in RESERVED:
            continue
        earlier = first.setdefault(same_name(name), branch.path)
        if earlier != branch.path:
            problems.append(
                Problem(
                    branch.path,
                    branch.line(("afdeling",)),
                    f"de afdeling '{name.strip()}' heeft al een bestand: {earlier}",
                    "geef elke afdeling een eigen naam",
                )
            )
    return problems


def _fields(document: Document) -> dict[str, Any]:
    return document.data if isinstance(document.data, dict) else {}


def _is_slug(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and SLUG.match(value) is not None


def _duplicate_ids(
    document: Document,
    where: Path_,
    items: list[Any],
    taken: list[Any] | None = None,
) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        item_id = item["id"]
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


def _titles(card: dict[str, Any]) -> list[Any]:
    """The titles of a card that become headings on its page: its own and its examples'."""
    examples = [v.get("titel") for v in as_list(card.get("voorbeelden")) if isinstance(v, dict)]
    return [card.get("titel"), *examples]


def _heading_ids(document: Document, where: Path_, items: list[Any], titles: Iterable[Any]) -> list[Problem]:
    """Points whose id equals the anchor of a heading on their page (see HEADING_ANCHORS)."""
    headings = HEADING_ANCHORS | {heading_anchor(t, "-") for t in titles if isinstance(t, str)}
    problems: list[Problem] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not _is_slug(item.get("id")):
            continue
        item_id = item["id"]
        if item_id in headings or item_id.startswith(HEADING_PREFIX):
            problems.append(
                Problem(
                    document.path,
                    document.line((*where, index, "id")),
                    f"de id '{item_id}' is al het adres van een kopje op de themapagina",
                    f"geef het standpunt een andere id, bijvoorbeeld 'punt-{item_id}'",
                )
            )
    return problems


def _unknown(
    document: Document,
    where: Path_,
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
    for where, text in texts_under(document.data, TEMPLATED_KEYS):
        first = document.text_line(where)
        for line, message, hint in _text_errors(text, context, markdown=where[-1] in MARKDOWN_KEYS):
            problems.append(Problem(document.path, first + line - 1, message, hint))
    return problems


def _text_errors(text: str, context: dict[str, Any], *, markdown: bool) -> list[tuple[int, str, str]]:
    """What is wrong in one text: its variables, or what cleaning its Markdown would remove."""
    try:
        rendered = render_text(text, context)
    except TextError as error:
        return [(error.line, error.message, error.hint)]
    braces = single_braces(text)
    if braces is not None:
        return [(braces.line, braces.message, braces.hint)]
    if not markdown:
        return []
    return [(_line_of(text, r.clue), r.message, r.hint) for r in _markdown_problems(rendered)]


@lru_cache(maxsize=4096)
def _markdown_problems(text: str) -> tuple[Removal, ...]:
    """What cleaning the Markdown `text` would remove, and whether it nests too deep to print;
    once per text, as `bekijk` validates the library again on every save."""
    deep = too_deep(text)
    return (*removals(text), *([deep] if deep else []))


def _markup_in_names(document: Document, names: tuple[Path_, ...]) -> list[Problem]:
    """Names go into texts through variables, so a name must not be a link or an image."""
    problems = []
    for where in names:
        value: Any = document.data
        for key in where:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, str) and re.search(r"<(a|img)\b", to_html(value)):
            problems.append(
                Problem(
                    document.path,
                    document.line(where),
                    "een naam is gewone tekst en kan geen link zijn",
                    "schrijf alleen de naam; een link hoort in een tekst, zoals het voorwoord",
                )
            )
    return problems


def _line_of(text: str, clue: str) -> int:
    """The line of `text` where `clue` first appears (1 when it does not, e.g. in a variable)."""
    index = text.find(clue)
    return text.count("\n", 0, index) + 1 if index >= 0 else 1


def _image_problems(root: Path, document: Document, where: Path_) -> list[Problem]:
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
    return logo_problem(candidate, value)


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
        for removal in _markdown_problems(page.text):
            problems.append(
                Problem(page.path, _line_of(page.text, removal.clue), removal.message, removal.hint)
            )
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


ANSWERS = ("eens", "oneens", "geen-van-beide")
"""The answers a voting aid takes, and the lines of content/stellingen.yml."""
MAX_CHARACTERS = (50, 2000)
"""The range of `stemhulp_max_tekens`: shorter says nothing, longer no voting aid takes."""


def statement_ids(library: Library) -> list[str]:
    """The ids of the national statements in content/stellingen.yml, in their order."""
    items = as_list(_fields(library.statements).get("stellingen")) if library.statements else []
    return [item["id"] for item in items if isinstance(item, dict) and _is_slug(item.get("id"))]


def _statement_problems(library: Library, statements: Document) -> list[Problem]:
    """content/stellingen.yml: its shape, one id per statement, cards and points that exist."""
    problems = schema_problems(statements, "stellingen")
    seen: dict[str, int] = {}
    for index, item in enumerate(as_list(_fields(statements).get("stellingen"))):
        if not isinstance(item, dict):
            continue
        where: Path_ = ("stellingen", index)
        if _is_slug(item.get("id")) and item["id"] in seen:
            problems.append(
                Problem(
                    statements.path,
                    statements.line((*where, "id")),
                    f"de stelling '{item['id']}' komt twee keer voor (eerder op regel {seen[item['id']]})",
                    "geef elke stelling een eigen id",
                )
            )
        elif _is_slug(item.get("id")):
            seen[item["id"]] = statements.line((*where, "id"))
        problems += _statement_references(library, statements, where, item)
    return problems


def _statement_references(
    library: Library, statements: Document, where: Path_, item: dict[str, Any]
) -> list[Problem]:
    """The cards under `thema` exist, and each point under `onderbouwing` is on one of them."""
    problems: list[Problem] = []
    known = {stem(card.path) for card in library.themes}
    points: set[str] = set()
    cards = [card_id for card_id in as_list(item.get("thema")) if _is_slug(card_id)]
    for index, card_id in enumerate(as_list(item.get("thema"))):
        card = library.theme(card_id) if _is_slug(card_id) else None
        if card is not None:
            points |= {p["id"] for p in as_list(_fields(card).get("standpunten")) if _is_slug(p.get("id"))}
        elif _is_slug(card_id) and f"{THEMES_DIR}/{card_id}.yml" not in library.unreadable:
            what = f"onbekende themakaart '{card_id}'"
            problems.append(
                _unknown(statements, (*where, "thema", index), what, card_id, known, THEMES_DIR + "/")
            )
    if not points:
        return problems
    place = f"kaart '{cards[0]}'" if len(cards) == 1 else "de kaarten " + ", ".join(f"'{c}'" for c in cards)
    for index, point_id in enumerate(as_list(item.get("onderbouwing"))):
        if _is_slug(point_id) and point_id not in points:
            what = f"onbekend standpunt '{point_id}'"
            problems.append(
                _unknown(statements, (*where, "onderbouwing", index), what, point_id, points, place)
            )
    return problems


def _answer_problems(library: Library, branch: Document) -> list[Problem]:
    """A branch's `stemhulp`: each item names a national statement or brings its own text, a
    statement once; `stemhulp_max_tekens` in range. What an answer says against the program
    is a warning (stemhulp.py), not a mistake."""
    data = _fields(branch)
    problems = _limit_problems(branch, data.get("stemhulp_max_tekens"))
    known = statement_ids(library)
    seen: dict[str, int] = {}
    for index, item in enumerate(as_list(data.get("stemhulp"))):
        if not isinstance(item, dict):
            continue
        where: Path_ = ("stemhulp", index)
        line = branch.line(where)
        if ("stelling" in item) == ("tekst" in item):
            problems.append(
                Problem(
                    branch.path,
                    line,
                    "geef bij elk antwoord óf 'stelling' (landelijk) óf 'tekst' (een eigen stelling)",
                    "noem een landelijke stelling met 'stelling: <id>', of schrijf je eigen stelling"
                    " onder 'tekst'",
                )
            )
        elif "tekst" in item and "antwoord" not in item:
            problems.append(
                Problem(
                    branch.path,
                    line,
                    "bij een eigen stelling ontbreekt 'antwoord'",
                    "voeg 'antwoord:' toe: eens, oneens of geen-van-beide",
                )
            )
        statement = item.get("stelling")
        if not _is_slug(statement):
            continue
        if statement not in known and (
            library.statements is not None or STATEMENTS_FILE not in library.unreadable
        ):
            what = f"onbekende stelling '{statement}'"
            problems.append(
                _unknown(branch, (*where, "stelling"), what, statement, set(known), STATEMENTS_FILE)
            )
        elif statement in seen:
            problems.append(
                Problem(
                    branch.path,
                    branch.line((*where, "stelling")),
                    f"de stelling '{statement}' staat twee keer in stemhulp"
                    f" (eerder op regel {seen[statement]})",
                    "haal een van de twee weg",
                )
            )
        seen.setdefault(statement, branch.line((*where, "stelling")))
    return problems


def _limit_problems(branch: Document, value: Any) -> list[Problem]:
    low, high = MAX_CHARACTERS
    if not isinstance(value, int) or isinstance(value, bool) or low <= value <= high:
        return []
    return [
        Problem(
            branch.path,
            branch.line(("stemhulp_max_tekens",)),
            f"'stemhulp_max_tekens' kan niet {value} zijn",
            f"kies een aantal tekens van {low} tot en met {high}, bijvoorbeeld 300",
        )
    ]


def _debate_problems(card: Document, questions: list[Any], points: list[Any]) -> list[Problem]:
    """Each debate question names a point of its own card."""
    ids = {p["id"] for p in points if isinstance(p, dict) and _is_slug(p.get("id"))}
    problems: list[Problem] = []
    for index, question in enumerate(questions):
        point_id = question.get("standpunt") if isinstance(question, dict) else None
        if _is_slug(point_id) and point_id not in ids and ids:
            what = f"onbekend standpunt '{point_id}'"
            where = ("debatvragen", index, "standpunt")
            problems.append(_unknown(card, where, what, point_id, ids, f"kaart '{_fields(card).get('id')}'"))
    return problems

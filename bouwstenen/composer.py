"""The composer page (site/samenstellen/): its data file and its scripts, as portal pages.

The page lets a branch compose its branch file in the browser. It needs the raw library
(texts with their {{ variables }} unfilled), the sources, the JSON Schemas, the allowed
variables and the branches on the site; all of it goes into one data file, gegevens.json.
The page code and the vendored libraries come from web/ and are copied as they are.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bouwstenen import characters, validate
from bouwstenen.compose import Listing
from bouwstenen.load import PARTY_FILE, SOURCES_FILE, Library
from bouwstenen.render import Page
from bouwstenen.sources import catalogue
from bouwstenen.variables import VARIABLES

FOLDER = "samenstellen"
WEB = Path(__file__).resolve().parent.parent / "web"
SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"
CODE_DIRS = ("src", "vendor")
"""The folders of web/ that the page loads; node_modules/ and package files stay behind."""
CODE_TYPES = (".js", ".css", ".txt", "LICENSE")
_CARD_KEYS = ("id", "titel", "samenvatting", "inleiding")
_POINT_KEYS = ("id", "tekst", "toelichting", "meetbaar")


def composer_pages(library: Library, listings: Sequence[Listing]) -> tuple[Page, ...]:
    """gegevens.json and every file of web/src and web/vendor, under samenstellen/."""
    data = Page(f"{FOLDER}/gegevens.json", data_file(library, listings), (PARTY_FILE,))
    return (data, *_code_pages())


def data_file(library: Library, listings: Sequence[Listing]) -> str:
    """Everything the page needs to know, as JSON."""
    party = library.party.data if library.party and isinstance(library.party.data, dict) else {}
    data: dict[str, Any] = {
        "partij": {key: party[key] for key in ("naam", "afkorting", "repository") if key in party},
        "kaarten": [_card(card.data) for card in library.themes if isinstance(card.data, dict)],
        "bronnen": [
            {"id": s.id, "verwijzing": s.verwijzing, **({"jaar": s.jaar} if s.jaar else {})}
            for s in catalogue(library).values()
        ],
        "bronnenbestand": SOURCES_FILE,
        "schemas": {
            name: json.loads((SCHEMAS / name).read_text("utf-8"))
            for name in ("afdeling.schema.json", "thema.schema.json")
        },
        "variabelen": list(VARIABLES),
        "gereserveerd": sorted(validate.RESERVED),
        # Anchors of the fixed headings of a theme page, which a point's id cannot be.
        "kopjes": sorted(validate.HEADING_ANCHORS),
        "kopje_begin": validate.HEADING_PREFIX,
        "tekens": {
            "langste_woord": characters.MAX_WORD,
            "meeste_haken": characters.MAX_BRACKETS,
            "vanaf": characters.FIRST_PRIVATE,
            "wel": _ranges(
                (characters.drawn() | set(characters.TAGS)) - {ord(c) for c in characters.REFUSED}
            ),
        },
        "afdelingen": [
            {"slug": entry.slug, "afdeling": entry.afdeling, "gemeente": entry.gemeente}
            for entry in sorted(listings, key=lambda e: e.slug)
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _card(data: dict[str, Any]) -> dict[str, Any]:
    card = {key: data[key] for key in _CARD_KEYS if isinstance(data.get(key), str)}
    card["standpunten"] = [
        {key: point[key] for key in _POINT_KEYS if isinstance(point.get(key), str)}
        for point in _list(data.get("standpunten"))
    ]
    card["feiten"] = [
        {key: fact[key] for key in ("tekst", "bron", "jaar", "url") if key in fact}
        for fact in _list(data.get("feiten"))
    ]
    card["voorbeelden"] = [
        {key: example[key] for key in ("titel", "tekst") if isinstance(example.get(key), str)}
        for example in _list(data.get("voorbeelden"))
    ]
    return card


def _ranges(codes: set[int] | frozenset[int]) -> list[list[int]]:
    """The characters from FIRST_PRIVATE on that the PDF can print, as [first, last] ranges."""
    ranges: list[list[int]] = []
    for code in sorted(c for c in codes if c >= characters.FIRST_PRIVATE):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    return ranges


def _list(value: Any) -> list[dict[str, Any]]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


def _code_pages() -> list[Page]:
    pages = []
    for folder in CODE_DIRS:
        for file in sorted((WEB / folder).rglob("*")):
            if file.is_file() and (file.suffix in CODE_TYPES or file.name in CODE_TYPES):
                relative = file.relative_to(WEB).as_posix()
                pages.append(Page(f"{FOLDER}/{relative}", file.read_text("utf-8")))
    return pages


def branch_file_name(slug: str) -> str:
    """Where a branch's own YAML file is published, inside its site."""
    return f"downloads/{slug}.yml"

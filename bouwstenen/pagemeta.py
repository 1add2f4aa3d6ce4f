"""What search engines and shared links read of each page: its description and what a shared
link shows (title, image, colour), as the front matter of the page (macros/site/_meta.md.j2;
macros/overrides/main.html writes the tags).

A description has 50 to 160 characters, so that a search engine and an app show it whole:
the first sentences of the page's own text (a card's summary, a branch's foreword, the lead
of a guide page), with the next text while it is too short, cut after a sentence or else a
word when it is too long. The texts come from the Edition, their variables filled in.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from bouwstenen import glossary, preview
from bouwstenen.compose import LIBRARY_SLUG, Edition
from bouwstenen.handbook import GUIDE_FOLDER
from bouwstenen.stemhulp import shorten

SHORT_PAGE, SHORT_TITLE = "kort.md", "In het kort"
"""The page 'In het kort' (render.py's SHORT_PAGE and SHORT_TITLE, which imports this module)."""
DESCRIPTION_SIZE = (50, 160)
"""A page's description in characters: what search engines and shared links show in full."""


Meta = dict[str, Markup]
"""The front matter of one page: its description, and the title, image and colour that a
shared link shows (macros/site/_meta.md.j2 writes it, macros/overrides/main.html the tags).
Each value is JSON, which YAML reads as it is meant whatever it holds: quotes, a colon, a
'<' (the template prints it as it is), or an emoji (Jinja's tojson would write that as two
halves that YAML cannot join)."""


def for_branch(edition: Edition) -> dict[str, Meta]:
    """The front matter of every page of a branch site, by the page's path: the home page
    describes itself with the first sentences of the foreword, a theme page with the card's
    summary, a guide page with its lead; each theme page shares its own image."""
    branch, town = preview.words(edition.afdeling), preview.words(edition.gemeente)
    own = preview.site_picture(edition)
    program = f"Het gemeenteprogramma van {branch} voor het sociaal domein in {town}."
    pages = {
        "index.md": _meta(edition, f"Gemeenteprogramma {town}", own, edition.voorwoord, program),
        SHORT_PAGE: _meta(
            edition,
            SHORT_TITLE,
            own,
            f"De belangrijkste punten uit het programma van {branch} voor {town}, per thema.",
            program,
        ),
        "over.md": _meta(
            edition,
            "Over dit programma",
            own,
            f"Hoe {branch} het programma voor {town} maakte uit de landelijke bouwstenen van"
            f" {preview.words(edition.partij.naam)}: de gekozen thema's en wat de afdeling anders deed.",
        ),
        "zoeken.md": _meta(
            edition,
            "Zoeken",
            own,
            f"Zoek in het programma van {branch} voor {town} en in de gids voor aspirant-wethouders.",
            program,
        ),
    }
    for chapter in edition.hoofdstukken:
        picture = preview.theme_picture(edition, chapter)
        texts = (chapter.samenvatting, chapter.inleiding, program)
        pages[f"themas/{chapter.id}.md"] = _meta(edition, preview.words(chapter.titel), picture, *texts)
    return pages | _guide(edition, own, program)


def for_portal(library: Edition) -> dict[str, Meta]:
    """The front matter of every page of the portal, by the page's path: the portal itself says
    what the party does here; a card of the library describes itself with its summary."""
    party = preview.words(library.partij.naam)
    own = preview.site_picture(library)
    sentence = (
        f"{party} maakt gemeenteprogramma's voor het sociaal domein. Hier staan de programma's van"
        " de afdelingen en alle landelijke themakaarten."
    )
    pages = {
        "index.md": _meta(library, f"Gemeenteprogramma's van {party}", own, sentence),
        "bibliotheek/index.md": _meta(
            library,
            "De bibliotheek",
            own,
            f"Alle landelijke themakaarten van {party} voor het sociaal domein, met al hun standpunten,"
            " zonder aanpassingen van een afdeling.",
        ),
        "samenstellen/index.md": _meta(
            library,
            "Programma samenstellen",
            own,
            f"Stel het programma van je afdeling van {party} samen in de browser: kies thema's en"
            " standpunten en voeg eigen punten toe, zonder iets te installeren.",
        ),
        "zoeken.md": _meta(
            library,
            "Zoeken",
            own,
            f"Zoek in de programma's van alle afdelingen van {party}, in de bibliotheek met themakaarten"
            " en in de gids voor aspirant-wethouders.",
        ),
    }
    for chapter in library.hoofdstukken:
        picture = preview.theme_picture(library, chapter)
        texts = (chapter.samenvatting, chapter.inleiding, sentence)
        pages[f"bibliotheek/{chapter.id}.md"] = _meta(library, preview.words(chapter.titel), picture, *texts)
    return pages | _guide(library, own, sentence)


def for_glossary(edition: Edition) -> Meta:
    whose = (
        "alle programma's"
        if edition.slug == LIBRARY_SLUG
        else f"het programma van {preview.words(edition.afdeling)}"
    )
    return _meta(
        edition,
        glossary.TITLE,
        preview.site_picture(edition),
        f"Wat de moeilijke woorden en afkortingen in {whose} betekenen, in gewone taal uitgelegd.",
    )


def _guide(edition: Edition, picture: preview.Picture, fallback: str) -> dict[str, Meta]:
    return {
        f"{GUIDE_FOLDER}/{page.slug}.md": _meta(
            edition,
            preview.words(page.titel),
            picture,
            _lead(page.tekst),
            _without_headings(page.tekst),
            fallback,
        )
        for page in edition.gids
    }


def _meta(edition: Edition, heading: str, picture: preview.Picture, *texts: str) -> Meta:
    """A page's front matter: `heading` and the site's name as the title of a shared link, its
    description from `texts`, its image `picture`, and the party's colour for the browser."""
    site = preview.words(edition.partij.naam if edition.slug == LIBRARY_SLUG else edition.afdeling)
    values = {
        "description": description(*texts),
        "titel": heading if site in heading else f"{heading} – {site}",
        "beeld": picture.path,
        "breedte": preview.WIDTH,
        "hoogte": preview.HEIGHT,
        "alt": picture.alt,
        "kleur": edition.partij.primair,
    }
    return {key: Markup(json.dumps(value, ensure_ascii=False)) for key, value in values.items()}


def description(*texts: str) -> str:
    """A page's description: the words of the first of `texts`, with the next ones while it is
    shorter than DESCRIPTION_SIZE allows, cut after a sentence or else a word to fit."""
    shortest, longest = DESCRIPTION_SIZE
    words = ""
    for text in texts:
        words = f"{words} {preview.words(text)}".strip()
        if len(words) >= shortest:
            break
    return shorten(words, longest)


def _lead(markdown: str) -> str:
    """The first paragraph of a guide page under its title."""
    return next((block for block in _blocks(markdown) if not block.startswith("#")), "")


def _without_headings(markdown: str) -> str:
    return "\n\n".join(block for block in _blocks(markdown) if not block.startswith("#"))


def _blocks(markdown: str) -> list[str]:
    return [block.strip() for block in markdown.split("\n\n") if block.strip()]

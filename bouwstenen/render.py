"""Stage 4, render: an Edition becomes a tree of Markdown pages for one website.

Templates in macros/site/ hold the presentation; they run in Jinja2's immutable
sandbox with StrictUndefined, and every value they print passes `_escape`, so text
from a YAML file never becomes live HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from markupsafe import Markup

from bouwstenen.compose import Chapter, Edition

SITE_TEMPLATES = Path(__file__).resolve().parent.parent / "macros" / "site"
GUIDE_TITLE = "Gids voor aspirant-wethouders"
STYLESHEET = "assets/huisstijl.css"


@dataclass(frozen=True, slots=True)
class Page:
    """One Markdown file of a site, by its path inside docs/."""

    path: str
    text: str


@dataclass(frozen=True, slots=True)
class NavItem:
    """An entry of the site's navigation: a page, or a section with children."""

    titel: str
    path: str | None = None
    children: tuple[NavItem, ...] = ()


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the build stage needs for one website."""

    slug: str
    site_name: str
    pages: tuple[Page, ...]
    nav: tuple[NavItem, ...]
    logo: str | None


def render(edition: Edition) -> Site:
    """The website of one branch: home, a page per chosen card, the guide, 'Over'."""
    pages = [
        _page("index.md", "home.md.j2", e=edition),
        *(_card_page(f"themas/{h.id}.md", h, edition, "../") for h in edition.hoofdstukken),
        _page("over.md", "over.md.j2", e=edition),
        *_guide_pages(edition),
    ]
    nav = (
        NavItem("Home", "index.md"),
        NavItem("Thema's", children=_card_nav("themas", edition.hoofdstukken)),
        NavItem(GUIDE_TITLE, children=_guide_nav(edition)),
        NavItem("Over dit programma", "over.md"),
    )
    return _site(edition.slug, edition.afdeling, pages, nav, edition)


def render_portal(editions: Sequence[Edition], library: Edition) -> Site:
    """The portal at the root: every branch, the whole national library, the guide."""
    pages = [
        _page("index.md", "portal.md.j2", editions=editions, library=library, partij=library.partij),
        _page("bibliotheek/index.md", "bibliotheek.md.j2", e=library),
        *(_card_page(f"bibliotheek/{h.id}.md", h, library, "../") for h in library.hoofdstukken),
        *_guide_pages(library),
    ]
    nav = (
        NavItem("Afdelingen", "index.md"),
        NavItem(
            "Bibliotheek",
            children=(
                NavItem("Alle thema's", "bibliotheek/index.md"),
                *_card_nav("bibliotheek", library.hoofdstukken),
            ),
        ),
        NavItem(GUIDE_TITLE, children=_guide_nav(library)),
    )
    name = library.partij.naam
    return _site("", name, pages, nav, library)


def _site(slug: str, name: str, pages: list[Page], nav: tuple[NavItem, ...], edition: Edition) -> Site:
    return Site(
        slug=slug,
        site_name=name,
        pages=tuple(
            sorted([*pages, _page(STYLESHEET, "huisstijl.css.j2", partij=edition.partij)], key=_path)
        ),
        nav=nav,
        logo=edition.logo,
    )


def _path(page: Page) -> str:
    return page.path


def _card_page(path: str, chapter: Chapter, edition: Edition, prefix: str) -> Page:
    return _page(path, "thema.md.j2", h=chapter, gemeente=edition.gemeente, prefix=prefix)


def _guide_pages(edition: Edition) -> list[Page]:
    return [Page(f"gids/{page.slug}.md", _escape(page.tekst)) for page in edition.gids]


def _card_nav(folder: str, chapters: Sequence[Chapter]) -> tuple[NavItem, ...]:
    return tuple(NavItem(_escape(h.titel), f"{folder}/{h.id}.md") for h in chapters)


def _guide_nav(edition: Edition) -> tuple[NavItem, ...]:
    return tuple(
        NavItem("Inleiding" if page.slug == "index" else _escape(page.titel), f"gids/{page.slug}.md")
        for page in edition.gids
    )


def _page(path: str, template: str, **context: Any) -> Page:
    text = _environment().get_template(template).render(**context)
    return Page(path, re.sub(r"\n{3,}", "\n\n", text).strip() + "\n")


def _escape(value: Any) -> Any:
    """Neutralise HTML in text from YAML: '<' can no longer open a tag."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return value.replace("<", "&lt;")
    return value


def _cell(value: str) -> str:
    """Text that fits in one Markdown table cell."""
    return " ".join(str(value).split()).replace("|", "\\|")


@cache
def _environment() -> ImmutableSandboxedEnvironment:
    environment = ImmutableSandboxedEnvironment(
        loader=FileSystemLoader(SITE_TEMPLATES),
        undefined=StrictUndefined,
        finalize=_escape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    environment.filters["cell"] = _cell
    return environment

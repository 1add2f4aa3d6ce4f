"""Stage 4, render: an Edition becomes a tree of Markdown pages for one website.

Templates in macros/site/ hold the presentation (see templates.py for the sandbox).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import partial
from operator import attrgetter
from pathlib import Path
from typing import Any

from markupsafe import Markup

from bouwstenen import glossary, pagemeta, preview
from bouwstenen.compose import LIBRARY_SLUG, Chapter, Edition, GuidePage, Listing
from bouwstenen.documents import Download
from bouwstenen.handbook import GUIDE_FOLDER, GUIDE_TITLE
from bouwstenen.kernpunten import alt_name, image_name, pdf_name
from bouwstenen.load import BRANCHES_DIR, GLOSSARY_FILE, GUIDE_DIR, PARTY_FILE, THEMES_DIR
from bouwstenen.sanitize import (
    MARKDOWN_FIELDS,
    PLAIN_FIELDS,
    each_text,
    link_target,
    plain,
    site_markdown,
)
from bouwstenen.templates import escape, render_template

STYLESHEET = "assets/huisstijl.css"
PRINT_STYLESHEET = "assets/druk.css"
"""How a page prints (macros/site/druk.css.j2); main.html links it for print only."""
SEARCH_SCRIPT = "assets/zoeken.js"
"""On every page: '/' opens the search; on the search page (zoeken/), the search itself."""
SHORT_PAGE, SHORT_TITLE = pagemeta.SHORT_PAGE, pagemeta.SHORT_TITLE
"""The page with the branch's core points per theme, second in the navigation."""
_SEARCH_CODE = Path(__file__).resolve().parent.parent / "web" / "zoeken" / "zoeken.js"


@dataclass(frozen=True, slots=True)
class Page:
    """One Markdown file of a site, by its path inside docs/."""

    path: str
    text: str
    sources: tuple[str, ...] = ()
    """The files the text of this page comes from, to point a problem at."""


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
    status: str | None = None
    """'concept' puts a banner on every page (macros/overrides/main.html)."""
    logo_beschrijving: str | None = None
    """The logo's alt text (macros/overrides/partials/logo.html)."""
    drawing: preview.Drawing | None = None
    """The preview images of its pages and its icon, which the build draws (preview.py)."""


def render(
    edition: Edition,
    downloads: Sequence[Download] = (),
    guide: Download | None = None,
    amendments: Sequence[Download] = (),
    short: Sequence[Download] = (),
) -> Site:
    """The website of one branch: home, 'In het kort', a page per chosen card, the guide, 'Over'.

    `guide` is the guide's PDF, which the portal publishes once for every site
    (gids/ at the root); each guide page links to it. `amendments` are the files of the
    amendments document for the members' meeting, linked from the home page. `short` are the
    core points on one A4 and as images (kernpunten.py), linked from home and 'In het kort'.
    """
    files = [(d.label, f"downloads/{d.filename}", _size(d.size)) for d in downloads]
    amended = [(d.label, f"downloads/{d.filename}", _size(d.size)) for d in amendments]
    shared = _short_files(edition, short)
    branch = f"{BRANCHES_DIR}/{edition.slug}.yml"
    safe: Edition = for_site(edition, glossary.Glossary(edition.begrippen))
    core = tuple(h for h in safe.hoofdstukken if h.kern)
    about = pagemeta.for_branch(edition)
    pages = [
        _page(
            "index.md",
            "home.md.j2",
            (branch,),
            e=safe,
            downloads=files,
            amendementen=amended,
            kort=shared,
            meta=about["index.md"],
        ),
        _page(
            SHORT_PAGE,
            "kort.md.j2",
            _card_files(safe, branch),
            e=safe,
            hoofdstukken=core,
            kort=shared,
            meta=about[SHORT_PAGE],
        ),
        *(_card_page(f"themas/{h.id}.md", h, safe, (branch,), about) for h in safe.hoofdstukken),
        _page("over.md", "over.md.j2", (branch,), e=safe, meta=about["over.md"]),
        *_guide_pages(safe, guide, up=1, about=about),
        _page(
            "zoeken.md",
            "zoeken.md.j2",
            up=1,
            site=edition.slug,
            gemeente=safe.gemeente,
            meta=about["zoeken.md"],
        ),
    ]
    nav = (
        NavItem("Home", "index.md"),
        NavItem(SHORT_TITLE, SHORT_PAGE),
        NavItem("Thema's", children=_card_nav("themas", edition.hoofdstukken)),
        *_guide_section(edition),
        NavItem("Over dit programma", "over.md"),
        NavItem("Zoeken", "zoeken.md"),
    )
    return _site(edition.slug, edition.afdeling, *_explained(pages, nav, edition), edition)


def render_portal(
    listings: Sequence[Listing],
    library: Edition,
    composer: Sequence[Page] = (),
    guide: Download | None = None,
) -> Site:
    """The portal at the root: the branches on the site, the whole national library, the guide
    (with `guide`, its PDF), and the composer page (samenstellen/) with `composer`, its data
    file and scripts."""
    safe: Edition = for_site(library, glossary.Glossary(library.begrippen))
    about = pagemeta.for_portal(library)
    pages = [
        _page(
            "index.md",
            "portal.md.j2",
            (PARTY_FILE,),
            listings=for_site(tuple(listings)),
            library=safe,
            partij=safe.partij,
            pdf=_guide_pdf(guide, "index.md", up=0),
            meta=about["index.md"],
        ),
        _page(
            "bibliotheek/index.md",
            "bibliotheek.md.j2",
            (PARTY_FILE,),
            e=safe,
            meta=about["bibliotheek/index.md"],
        ),
        *(_card_page(f"bibliotheek/{h.id}.md", h, safe, (), about) for h in safe.hoofdstukken),
        *_guide_pages(safe, guide, up=0, about=about),
        _page(
            "samenstellen/index.md",
            "samenstellen.md.j2",
            (PARTY_FILE,),
            partij=safe.partij,
            meta=about["samenstellen/index.md"],
        ),
        *composer,
        _page("zoeken.md", "zoeken.md.j2", up=0, site=None, gemeente=None, meta=about["zoeken.md"]),
    ]
    nav = (
        NavItem("Afdelingen", "index.md"),
        NavItem("Samenstellen", "samenstellen/index.md"),
        NavItem(
            "Bibliotheek",
            children=(
                NavItem("Alle thema's", "bibliotheek/index.md"),
                *_card_nav("bibliotheek", library.hoofdstukken),
            ),
        ),
        *_guide_section(library),
        NavItem("Zoeken", "zoeken.md"),
    )
    name = library.partij.naam
    return _site("", name, *_explained(pages, nav, library), library)


def _site(slug: str, name: str, pages: list[Page], nav: tuple[NavItem, ...], edition: Edition) -> Site:
    return Site(
        slug=slug,
        site_name=name,
        pages=tuple(
            sorted(
                [
                    *pages,
                    _page(STYLESHEET, "huisstijl.css.j2", partij=edition.partij),
                    _page(PRINT_STYLESHEET, "druk.css.j2"),
                    Page(SEARCH_SCRIPT, _SEARCH_CODE.read_text("utf-8")),
                ],
                key=attrgetter("path"),
            )
        ),
        nav=nav,
        logo=edition.logo,
        status=edition.status,
        logo_beschrijving=edition.logo_beschrijving,
        drawing=preview.drawing(edition),
    )


def _explained(
    pages: list[Page], nav: tuple[NavItem, ...], edition: Edition
) -> tuple[list[Page], tuple[NavItem, ...]]:
    """The pages with the first use of each glossary word on a page linked to its explanation,
    and the page Begrippen with every word the site uses, in the navigation before Zoeken
    (no page when the site uses none)."""
    terms = edition.begrippen
    used = glossary.marked(page.text for page in pages)
    done = [
        replace(page, text=glossary.finish(page.text, terms, _to(page.path, glossary.PAGE))) for page in pages
    ]
    if not used:
        return done, nav
    meta = pagemeta.for_glossary(edition)
    listing = glossary.listing(terms, used)
    words = _page(glossary.PAGE, "begrippen.md.j2", (GLOSSARY_FILE,), begrippen=listing, meta=meta)
    return [*done, words], (*nav[:-1], NavItem(glossary.TITLE, glossary.PAGE), nav[-1])


def _to(page: str, target: str) -> str:
    """The relative link from the Markdown file `page` to `target` at the top of the docs."""
    return "../" * page.count("/") + target


def for_site(value: Any, words: glossary.Glossary | None = None) -> Any:
    """`value` (an Edition, Listing or part of one) with every text ready for a site page:
    Markdown fields rewritten from their clean HTML (with the uses of `words` marked, for
    _explained), names and titles as plain text, web addresses checked; each marked safe so
    the template environment leaves it alone."""
    return each_text(value, partial(_site_text, words.mark if words and words.terms else None))


def _site_text(mark: Any, name: str, text: str) -> Any:
    if name in MARKDOWN_FIELDS:
        return Markup(site_markdown(text, mark))
    if name in PLAIN_FIELDS:
        return Markup(plain(text))
    return Markup(link_target(text)) if name == "url" else text


def _size(size: int) -> str:
    """A file size as a Dutch reader writes it: '154 kB', '1,2 MB'."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def _short_files(edition: Edition, short: Sequence[Download]) -> dict[str, Any]:
    """The core points' files for the templates: the A4 as (address, size), and per theme
    with an image its title, the image's address and size, and its alt text's address."""
    made = {d.filename: d for d in short}
    pdf = made.get(pdf_name(edition.slug))
    images = []
    for chapter in for_site(edition).hoofdstukken:
        image = made.get(image_name(edition.slug, chapter))
        if image is not None:
            alt = alt_name(image.filename)
            images.append(
                (chapter.titel, f"downloads/{image.filename}", _size(image.size), f"downloads/{alt}")
            )
    return {"pdf": (f"downloads/{pdf.filename}", _size(pdf.size)) if pdf else None, "beelden": images}


def _card_files(edition: Edition, branch: str) -> tuple[str, ...]:
    return (branch, *(f"{THEMES_DIR}/{h.id}.yml" for h in edition.hoofdstukken))


def _card_page(
    path: str, chapter: Chapter, edition: Edition, extra: tuple[str, ...], about: Mapping[str, pagemeta.Meta]
) -> Page:
    sources = (f"{THEMES_DIR}/{chapter.id}.yml", *extra)
    library = edition.slug == LIBRARY_SLUG  # the library pages show each point's id
    return _page(
        path,
        "thema.md.j2",
        sources,
        h=chapter,
        gemeente=edition.gemeente,
        bibliotheek=library,
        meta=about[path],
    )


def _guide_pages(
    edition: Edition, guide: Download | None, up: int, about: Mapping[str, pagemeta.Meta]
) -> list[Page]:
    """The pages of the guide, each with the link to the guide's PDF; `up` is how many
    folders the site lies below the published root (1 for a branch, 0 for the portal)."""
    return [_guide_page(page, edition, guide, up, about) for page in edition.gids]


def _guide_page(
    page: GuidePage, edition: Edition, guide: Download | None, up: int, about: Mapping[str, pagemeta.Meta]
) -> Page:
    path = f"{GUIDE_FOLDER}/{page.slug}.md"
    source = f"{GUIDE_DIR}/{page.slug}.md"
    pdf = _guide_pdf(guide, path, up)
    return _page(path, "gids.md.j2", (source,), g=page, e=edition, pdf=pdf, meta=about[path])


def _guide_pdf(guide: Download | None, page: str, up: int) -> tuple[str, str] | None:
    """The address of the guide's PDF (in gids/ at the published root) as seen from the page
    made of `page`, and its size; None without a PDF.

    The link is relative, so it works on GitHub Pages and in `bekijk` alike, and it is HTML
    in the page: the file lies outside the site's own docs, where MkDocs cannot check it.
    """
    if guide is None:
        return None
    folders = page.removesuffix(".md").split("/")
    depth = len(folders) - (folders[-1] == "index")  # use_directory_urls: a/b.md is a/b/index.html
    return "../" * (depth + up) + f"{GUIDE_FOLDER}/{guide.filename}", _size(guide.size)


def _card_nav(folder: str, chapters: Sequence[Chapter]) -> tuple[NavItem, ...]:
    return tuple(NavItem(escape(h.titel), f"{folder}/{h.id}.md") for h in chapters)


def _guide_section(edition: Edition) -> tuple[NavItem, ...]:
    """The guide's section of the navigation, or nothing when there is no guide."""
    pages = tuple(
        NavItem("Inleiding" if page.slug == "index" else escape(page.titel), f"gids/{page.slug}.md")
        for page in edition.gids
    )
    return (NavItem(GUIDE_TITLE, children=pages),) if pages else ()


def _page(path: str, template: str, sources: tuple[str, ...] = (), **context: Any) -> Page:
    return Page(path, render_template("site", template, **context), sources)

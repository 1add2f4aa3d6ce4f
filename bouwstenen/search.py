"""Stage 6b, index: one Pagefind index of the whole published site, after whichever engine
(MkDocs or Zensical) made the HTML.

The index lies in pagefind/ at the published root. The portal's search page searches all of
it, with filters for the branch (its municipality), the theme and the status; a branch's
search page asks the same index for that branch and the guide.

Pagefind reads a copy of each page, not the published page: in the copy, the filters of the
page (which branch, which kind, which theme) are marked, and each point of a theme page is a
heading with the point's id, so that Pagefind makes every point its own sub-result with its
anchor (#<id>) and a hit opens the point. The published HTML stays the engine's. The copies
go to Pagefind in one request (`add_directory`): its Python API answers one request per tenth
of a second.
"""

from __future__ import annotations

import asyncio
import html
import re
import shutil
import tempfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from pagefind.index import IndexConfig, PagefindIndex

from bouwstenen.cache import SEARCH_FOLDER, Manifest

FOLDER = SEARCH_FOLDER
"""Where the index lies, at the published root."""
LANGUAGE = "nl"
SKIPPED = frozenset({"404.html", "assets", "samenstellen", "zoeken", FOLDER})
"""What no search should find: the error page, the theme's files, the composer page and the
search page itself (at the root of the portal and of each branch)."""
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>[^<]*</a>')
"""The '#' after each heading (toc's permalink), which would end every title in the results."""
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-highlight.js",
)
"""Pagefind's own interfaces, which no page loads (web/zoeken/zoeken.js asks pagefind.js)."""
POINTS_HEADING = "standpunten"
"""The anchor of the heading above the list of points on a theme page (macros/site/thema.md.j2)."""


@dataclass(frozen=True, slots=True)
class Point:
    """One point of a theme page: its anchor, and where its opening words lie in the page
    (from its <span id> to the end of its first <strong>)."""

    id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Entry:
    """A page to index: its address below the published root and what it is."""

    path: str
    """Relative to the published root, e.g. 'utrecht/themas/jeugd/index.html'."""
    kind: str
    """'programma' (a branch's pages), 'bibliotheek' (the library), 'gids' or 'portaal'."""
    branch: str | None = None
    """The branch's municipality, the value of the 'afdeling' filter."""
    status: str | None = None
    site: str | None = None
    """The branch's slug, with which its own search page asks for its pages alone."""


def index(site_dir: Path, manifest: Manifest) -> int:
    """Write the index of the pages of `site_dir` into site_dir/pagefind; the number of pages."""
    target = site_dir / FOLDER
    if target.exists():
        shutil.rmtree(target)
    with tempfile.TemporaryDirectory(prefix="bouwstenen-zoekindex-") as copies:
        entries = list(entries_of(site_dir, manifest))
        for entry in entries:
            copy = Path(copies) / entry.path
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(for_index((site_dir / entry.path).read_text("utf-8"), entry), "utf-8")
        # In a thread of its own: asyncio.run needs a thread without a running event loop
        with ThreadPoolExecutor(1) as thread:
            thread.submit(asyncio.run, _write(Path(copies), target)).result()
    for unused in UNUSED:
        (target / unused).unlink(missing_ok=True)
    return len(entries)


def entries_of(site_dir: Path, manifest: Manifest) -> Iterator[Entry]:
    """The pages of `site_dir` a search should find, sorted, with what each one is."""
    for file in sorted(site_dir.rglob("*.html")):
        parts = file.relative_to(site_dir).parts
        if parts[0] in SKIPPED or (parts[-1] != "index.html" and parts[-1] in SKIPPED):
            continue
        path = "/".join(parts)
        if parts[0] in manifest.branches:
            listing = manifest.branches[parts[0]][1]
            if len(parts) > 1 and parts[1] in SKIPPED | {"gids", "begrippen"}:
                continue  # the guide: once, on the portal; the glossary explains, it is no program
            yield Entry(path, "programma", listing.gemeente, listing.status, parts[0])
        elif parts[0] in ("bibliotheek", "gids"):
            yield Entry(path, parts[0])
        elif len(parts) == 1:
            yield Entry(path, "portaal")


async def _write(copies: Path, target: Path) -> None:
    config = IndexConfig(output_path=str(target), force_language=LANGUAGE, root_selector="article")
    async with PagefindIndex(config=config) as search_index:
        await search_index.add_directory(str(copies))


def for_index(text: str, entry: Entry) -> str:
    """The page as Pagefind should read it: its filters marked, each point a heading."""
    reader = _Reader(text)
    reader.feed(text)
    reader.close()
    filters = {"soort": entry.kind, "afdeling": entry.branch, "status": entry.status, "site": entry.site}
    if reader.points:
        filters["thema"] = reader.title
    marks = "".join(
        f'<span data-pagefind-filter="{key}">{html.escape(value)}</span>'
        for key, value in filters.items()
        if value
    )
    pieces, done = [], 0
    for point in reader.points:
        opening = _plain(text[point.start : point.end])
        pieces += [text[done : point.start], f'<h3 id="{html.escape(point.id)}">{opening}</h3>']
        done = point.end
    text = _PERMALINK.sub("", "".join([*pieces, text[done:]]))
    article = text.find("<article")
    if article < 0:
        return text
    after = text.index(">", article) + 1
    return text[:after] + f"<div data-pagefind-ignore>{marks}</div>" + text[after:]


def _plain(fragment: str) -> str:
    """The text of an HTML fragment, escaped again for HTML."""
    reader = _Text()
    reader.feed(fragment)
    reader.close()
    return html.escape(" ".join("".join(reader.words).split()))


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []

    def handle_data(self, data: str) -> None:
        self.words.append(data)


class _Reader(HTMLParser):
    """Reads a built page: its title (the h1, without the heading's permalink) and where each
    point of the list after the heading 'Standpunten' opens (a list item that holds the
    point's <span id>, then its text in <strong>)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title: str | None = None
        self.points: list[Point] = []
        self._lines = [0] + [number + 1 for number, char in enumerate(text) if char == "\n"]
        self._text = text
        self._title: list[str] | None = None
        self._permalink = False
        self._after_heading = False
        self._depth = 0  # how deep inside the list of points; 0: outside
        self._open: tuple[str, int] | None = None  # a point's id and where its span begins

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "h1" and self.title is None:
            self._title = []
        elif tag == "a" and "headerlink" in (values.get("class") or "").split():
            self._permalink = True
        elif tag == "h2" and values.get("id") == POINTS_HEADING:
            self._after_heading = True
        elif tag == "ol" and self._after_heading and not self._depth:
            self._after_heading, self._depth = False, 1
        elif tag in ("ol", "ul") and self._depth:
            self._depth += 1
        elif tag == "span" and self._depth == 1 and values.get("id") and self._open is None:
            self._open = (values["id"] or "", self._offset())

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._permalink = False
        elif tag == "h1" and self._title is not None:
            self.title = " ".join("".join(self._title).split()) or None
            self._title = None
        elif tag in ("ol", "ul") and self._depth:
            self._depth -= 1
        elif tag == "strong" and self._open is not None:
            anchor, start = self._open
            end = self._text.index(">", self._offset()) + 1
            self.points.append(Point(anchor, start, end))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._title is not None and not self._permalink:
            self._title.append(data)

    def _offset(self) -> int:
        """Where the tag being read begins in the page."""
        line, column = self.getpos()
        return self._lines[line - 1] + column

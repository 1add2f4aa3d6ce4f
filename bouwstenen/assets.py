"""Keep the published tree small: one copy of the theme's assets for every site.

A plain Material site carries about 2.6 MB of theme assets (all of lunr's languages and
its search worker, source maps, the bundle and the stylesheets). The portal keeps one
trimmed copy at the root, without lunr: Pagefind searches the site (search.py). Every
branch site points its pages there and drops its own copy. Every page also loses the
indentation of the theme's templates (a quarter of its bytes), which a browser shows the
same: a run of white space that starts a line counts as one space, except inside
<pre> and <textarea>, which keep theirs. This happens after the engine has built the
site, so no MkDocs plugin is involved.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from bouwstenen.render import PRINT_STYLESHEET, STYLESHEET

THEME_FOLDERS = ("javascripts", "stylesheets", "images")
SHARED_FILES = tuple(name.removeprefix("assets/") for name in (STYLESHEET, PRINT_STYLESHEET))
"""Our own stylesheets, the same for every site (from content/partij.yml): one copy, the portal's.
The search script stays with each site: it finds that site's search page from where it is."""
LUNR = ("lunr", "workers")
"""Material's own search (lunr and the worker that runs it), which no page loads: the search
is Pagefind's, and the theme starts its worker only for its own search field."""
_SHARED = "|".join([*(f"{folder}/" for folder in THEME_FOLDERS), *map(re.escape, SHARED_FILES)])
_RELATIVE = re.compile(rf'"((?:\.\./)*)assets/({_SHARED})')
_KEEPS_SPACES = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"\n\s+")


def trim_theme_assets(site: Path) -> None:
    """Drop source maps and Material's own search, which no page uses; compact every page."""
    for source_map in site.glob("assets/**/*.map"):
        source_map.unlink()
    for folder in LUNR:
        shutil.rmtree(site / "assets" / "javascripts" / folder, ignore_errors=True)
    for page in site.rglob("*.html"):
        _rewrite(page, compact)


def compact(html: str) -> str:
    """`html` without the indentation at the start of its lines (outside <pre> and <textarea>)."""
    parts = _KEEPS_SPACES.split(html)
    # split() returns text, then per match the whole element and its tag name, and so on
    return "".join(
        _INDENT.sub("\n", part) if i % 3 == 0 else part for i, part in enumerate(parts) if i % 3 != 2
    )


def _rewrite(page: Path, change: Callable[[str], str]) -> None:
    text = page.read_text("utf-8")
    changed = change(text)
    if changed != text:
        page.write_text(changed, encoding="utf-8")


def share_theme_assets(branch: Path, slug: str, site_path: str) -> None:
    """Compact the pages of the branch site in `branch`, point them at the theme assets and
    our stylesheets one level up, and drop its 404 page.

    `site_path` is the path of the published root, such as '/bouwstenen/'; the 404 page
    uses it for absolute links.
    """
    absolute = re.compile(rf'"{re.escape(site_path)}{re.escape(slug)}/assets/({_SHARED})')

    def shared(text: str) -> str:
        text = _RELATIVE.sub(r'"../\1assets/\2', text)
        return compact(absolute.sub(rf'"{site_path}assets/\1', text))

    for page in branch.rglob("*.html"):
        _rewrite(page, shared)
    for folder in THEME_FOLDERS:
        shutil.rmtree(branch / "assets" / folder, ignore_errors=True)
    for name in SHARED_FILES:
        (branch / "assets" / name).unlink(missing_ok=True)
    # GitHub Pages answers every missing address of the site with the root's 404.html: the
    # branch's own would never be shown.
    (branch / "404.html").unlink(missing_ok=True)

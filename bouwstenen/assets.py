"""Keep the published tree small: one copy of the theme's assets for every site.

A plain Material site carries about 2.6 MB of theme assets (all of lunr's languages and
its search worker, source maps, the bundle and the stylesheets). The portal keeps one
trimmed copy at the root, without lunr: Pagefind searches the site (search.py). Every
branch site points its pages there and drops its own copy. This happens
after the engine has built the site, so no MkDocs plugin is involved.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

THEME_FOLDERS = ("javascripts", "stylesheets", "images")
LUNR = ("lunr", "workers")
"""Material's own search (lunr and the worker that runs it), which no page loads: the search
is Pagefind's, and the theme starts its worker only for its own search field."""
_RELATIVE = re.compile(r'"((?:\.\./)*)assets/(javascripts|stylesheets|images)/')


def trim_theme_assets(site: Path) -> None:
    """Drop source maps and Material's own search, which no page uses."""
    for source_map in site.glob("assets/**/*.map"):
        source_map.unlink()
    for folder in LUNR:
        shutil.rmtree(site / "assets" / "javascripts" / folder, ignore_errors=True)


def share_theme_assets(branch: Path, slug: str, site_path: str) -> None:
    """Point the pages of the branch site in `branch` at the theme assets one level up.

    `site_path` is the path of the published root, such as '/bouwstenen/'; the 404 page
    uses it for absolute links.
    """
    absolute = re.compile(rf'"{re.escape(site_path)}{re.escape(slug)}/assets/({"|".join(THEME_FOLDERS)})/')
    for page in branch.rglob("*.html"):
        text = page.read_text("utf-8")
        shared = _RELATIVE.sub(r'"../\1assets/\2/', text)
        shared = absolute.sub(rf'"{site_path}assets/\1/', shared)
        if shared != text:
            page.write_text(shared, encoding="utf-8")
    for folder in THEME_FOLDERS:
        shutil.rmtree(branch / "assets" / folder, ignore_errors=True)

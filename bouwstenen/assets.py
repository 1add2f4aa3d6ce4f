"""Keep the published tree small: one copy of the theme's assets for every site.

A plain Material site carries about 2.6 MB of theme assets (all of lunr's languages,
source maps, the bundle and the stylesheets). The portal keeps one trimmed copy at the
root; every branch site points its pages there and drops its own copy. This happens
after the engine has built the site, so no MkDocs plugin is involved.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

THEME_FOLDERS = ("javascripts", "stylesheets", "images")
DUTCH_SEARCH = frozenset({"lunr.nl.min.js", "lunr.stemmer.support.min.js", "lunr.multi.min.js"})
_RELATIVE = re.compile(r'"((?:\.\./)*)assets/(javascripts|stylesheets|images)/')


def trim_theme_assets(site: Path) -> None:
    """Drop source maps and the search languages a Dutch site never loads."""
    for source_map in site.glob("assets/**/*.map"):
        source_map.unlink()
    lunr = site / "assets" / "javascripts" / "lunr"
    for script in (*lunr.glob("*.js"), *lunr.glob("min/*.js")):
        if script.name not in DUTCH_SEARCH:
            script.unlink()


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

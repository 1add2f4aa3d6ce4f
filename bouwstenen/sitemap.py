"""One map of the whole published site for search engines, and robots.txt that names it.

MkDocs writes a sitemap.xml for each site it builds: the portal's at the root, and each
branch's in its own folder, with the full address of every page. A sitemap may only list
pages in its own folder and below, so each branch keeps its own; at the root, sitemap.xml
becomes a sitemap index that lists the portal's (moved to sitemap-portaal.xml) and every
branch's on the site. It is written when the site is assembled (pipeline.py), also after
`samenvoegen` put the parts of a sharded build together, so it lists exactly the branches on
the new site: a branch with `publiceren: nee` never reaches site/, and is on no map.

robots.txt counts only at the root of a host: on https://org.github.io/repo/ search engines
do not read it, and the sitemap is best given to them by hand (README, "Gevonden worden").
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

INDEX = "sitemap.xml"
"""The sitemap index at the root, and the name of each site's own sitemap in its folder."""
PORTAL_SITEMAP = "sitemap-portaal.xml"
"""The portal's own sitemap, at the root beside the index."""
ROBOTS = "robots.txt"
_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
_XML = '<?xml version="1.0" encoding="UTF-8"?>\n'


def portal_sitemap(built: Path) -> None:
    """Move the sitemap MkDocs wrote for the portal in `built` out of the index's way, and
    drop its gzip copy (which would hold the portal's map under the index's name)."""
    own = built / INDEX
    if own.is_file():
        own.replace(built / PORTAL_SITEMAP)
    (built / f"{INDEX}.gz").unlink(missing_ok=True)


def write_root(site: Path, url: str, branches: Iterable[str]) -> None:
    """Write the sitemap index and robots.txt at the root of `site`, whose address is `url`
    (ending in a slash): the portal's sitemap and that of each of `branches` that has one.

    The files are removed before they are written: a portal kept from the last build is a
    set of hard links to the published files, which must stay as they are until the swap.
    """
    maps = [PORTAL_SITEMAP] if (site / PORTAL_SITEMAP).is_file() else []
    maps += [f"{slug}/{INDEX}" for slug in sorted(branches) if (site / slug / INDEX).is_file()]
    entries = "".join(f"<sitemap><loc>{escape(url + name)}</loc></sitemap>\n" for name in maps)
    index = f'{_XML}<sitemapindex xmlns="{_NAMESPACE}">\n{entries}</sitemapindex>\n'
    robots = f"User-agent: *\nDisallow:\n\nSitemap: {url}{INDEX}\n"
    for name, text in ((INDEX, index), (ROBOTS, robots)):
        _replace(site / name, text)


def _replace(path: Path, text: str) -> None:
    if path.exists() or path.is_symlink():
        os.unlink(path)
    path.write_text(text, encoding="utf-8")

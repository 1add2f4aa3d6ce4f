"""Content keys for incremental builds: a site is rebuilt only when what goes into it changed.

A branch's key covers its own file, the cards it uses, the party file and logo, the
guide, and everything of ours that shapes the output (templates, code, schemas,
mkdocs.yml, pinned tool versions, the site URL and the printed build date).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache
from pathlib import Path

from bouwstenen.build import site_url
from bouwstenen.load import PARTY_FILE, THEMES_DIR, Library
from bouwstenen.names import stem
from bouwstenen.yamlfile import Document

PROJECT = Path(__file__).resolve().parent.parent
TOOLING = ("bouwstenen", "macros", "schemas", "mkdocs.yml", "requirements.lock")
MANIFEST = ".bouwstenen.json"
PORTAL = "_portaal"


def site_keys(library: Library, built_on: date) -> dict[str, str]:
    """The content key of every branch site (by slug) and of the portal (PORTAL).

    Each input file is read and hashed once, however many branches use it.
    """
    digests = _FileDigests(library.root)
    keys = {stem(branch.path): _branch_key(library, branch, built_on, digests) for branch in library.branches}
    keys[PORTAL] = _portal_key(library, built_on, digests)
    return keys


def _branch_key(library: Library, branch: Document, built_on: date, digests: _FileDigests) -> str:
    """The content key of one branch site with its handbooks."""
    slug = stem(branch.path)
    cards = [f"{THEMES_DIR}/{choice['kaart']}.yml" for choice in branch.data["themas"]]
    files = [branch.path, *cards, PARTY_FILE, *_guide(library), *_logos(library, branch.data)]
    return digests.combine(files, [slug, site_url(slug), built_on.isoformat(), tooling()])


def _portal_key(library: Library, built_on: date, digests: _FileDigests) -> str:
    """The content key of the portal: it shows every branch and every card."""
    files = [
        *(card.path for card in library.themes),
        *(branch.path for branch in library.branches),
        PARTY_FILE,
        *_guide(library),
        *_logos(library, {}),
    ]
    return digests.combine(files, [site_url(""), built_on.isoformat(), tooling()])


@cache
def tooling() -> str:
    """One digest of our code, templates, schemas, config and pinned tool versions."""
    digest = hashlib.sha256(sys.version.encode())
    for name in TOOLING:
        path = PROJECT / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(str(file.relative_to(PROJECT)).encode())
                digest.update(file.read_bytes())
    digest.update(os.environ.get("BOUWSTENEN_SITE_URL", "").encode())
    return digest.hexdigest()


def read_manifest(site_dir: Path) -> dict[str, str]:
    """The keys of the sites in the published `site_dir`, or {} when there is none."""
    try:
        data = json.loads((site_dir / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def write_manifest(site_dir: Path, keys: Mapping[str, str]) -> None:
    """Record which content each site in `site_dir` was built from."""
    (site_dir / MANIFEST).write_text(json.dumps(dict(sorted(keys.items())), indent=1) + "\n", "utf-8")


def _guide(library: Library) -> list[str]:
    return [page.path for page in library.guide]


def _logos(library: Library, branch: Mapping[str, object]) -> list[str]:
    party = library.party.data if library.party else {}
    return [str(logo) for logo in (branch.get("logo"), party.get("logo")) if logo]


class _FileDigests:
    """SHA-256 of files under a root, each read once for the lifetime of this object."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._seen: dict[str, bytes] = {}

    def combine(self, files: Iterable[str], extra: Iterable[str]) -> str:
        """One digest over `extra` and the named files, in a fixed order."""
        digest = hashlib.sha256()
        for part in extra:
            digest.update(part.encode())
        for relative in sorted(set(files)):
            digest.update(relative.encode())
            digest.update(self._file(relative))
        return digest.hexdigest()

    def _file(self, relative: str) -> bytes:
        if relative not in self._seen:
            self._seen[relative] = hashlib.sha256((self._root / relative).read_bytes()).digest()
        return self._seen[relative]

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
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType

from bouwstenen.build import site_url
from bouwstenen.compose import Listing
from bouwstenen.isolate import branch_inputs, guide_files, logo_files
from bouwstenen.load import PARTY_FILE, Library

PROJECT = Path(__file__).resolve().parent.parent
TOOLING = ("bouwstenen", "macros", "schemas", "mkdocs.yml", "requirements/bouw.lock")
MANIFEST = ".bouwstenen.json"
PORTAL = "_portaal"


@dataclass(frozen=True, slots=True)
class Manifest:
    """What a published site/ holds: each branch's key and listing, the portal's key, and the
    branches its build had to leave as they were (or out) because of their problems."""

    branches: Mapping[str, tuple[str, Listing]] = field(default_factory=lambda: MappingProxyType({}))
    portal: str | None = None
    blocked: tuple[str, ...] = ()

    def key(self, slug: str) -> str | None:
        """The content key `slug` was built from, or None when it is not on the site."""
        entry = self.branches.get(slug)
        return entry[0] if entry else None


def branch_keys(library: Library, slugs: Iterable[str], built_on: date) -> dict[str, str]:
    """The content key of the site of each branch in `slugs` (which must have validated).

    Each input file is read and hashed once, however many branches use it.
    """
    digests = _FileDigests(library.root)
    catalogue = _catalogue(library)
    return {
        slug: digests.combine(
            branch_inputs(library, slug), [slug, site_url(slug), built_on.isoformat(), tooling(), catalogue]
        )
        for slug in slugs
    }


def _catalogue(library: Library) -> str:
    """The id and title of every card: a branch site names the cards it did not choose."""
    return json.dumps(sorted((card.path, str(card.data.get("titel"))) for card in library.themes))


def portal_key(library: Library, listings: Iterable[Listing], built_on: date) -> str:
    """The content key of the portal: the cards it shows and the branches on the site."""
    files = [
        *(card.path for card in library.themes),
        PARTY_FILE,
        *guide_files(library),
        *logo_files(library, {}),
    ]
    shown = json.dumps([asdict(entry) for entry in listings], ensure_ascii=False)
    return _FileDigests(library.root).combine(files, [site_url(""), built_on.isoformat(), tooling(), shown])


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


def read_manifest(site_dir: Path) -> Manifest:
    """What the published `site_dir` holds; an empty Manifest when it has none we can read."""
    try:
        data = json.loads((site_dir / MANIFEST).read_text("utf-8"))
        branches = {
            slug: (
                str(entry["sleutel"]),
                Listing(slug, entry["afdeling"], entry["gemeente"], tuple(entry["themas"])),
            )
            for slug, entry in data["afdelingen"].items()
            if (site_dir / slug).is_dir()
        }
        blocked = tuple(map(str, data.get("geblokkeerd", [])))
        return Manifest(MappingProxyType(branches), data.get("portaal"), blocked)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Manifest()


def write_manifest(site_dir: Path, manifest: Manifest) -> None:
    """Record which content each site in `site_dir` was built from."""
    branches = {
        slug: {"sleutel": key, **{k: v for k, v in asdict(entry).items() if k != "slug"}}
        for slug, (key, entry) in sorted(manifest.branches.items())
    }
    data = {"afdelingen": branches, "portaal": manifest.portal, "geblokkeerd": sorted(manifest.blocked)}
    (site_dir / MANIFEST).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")


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

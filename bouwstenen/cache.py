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
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from types import MappingProxyType

from bouwstenen.build import site_url
from bouwstenen.compose import Listing
from bouwstenen.isolate import branch_inputs, guide_files, logo_files, source_files
from bouwstenen.load import PARTY_FILE, Library
from bouwstenen.names import SLUG
from bouwstenen.validate import RESERVED

PROJECT = Path(__file__).resolve().parent.parent
TOOLING = (
    "bouwstenen",
    "macros",
    "schemas",
    "web/src",
    "web/vendor",
    "web/zoeken",
    "mkdocs.yml",
    "requirements/bouw.lock",
)
MANIFEST = ".bouwstenen.json"
SEARCH_FOLDER = "pagefind"
"""The search index at the published root (search.py). Every build that changes the site
writes it afresh, and Pagefind names some of its files differently each time, so it is left
out of the portal's inventory; the portal counts as published only with an index."""
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
        *source_files(library),
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
    """What the published `site_dir` holds, as far as the disk agrees; an empty Manifest when it
    has none we can read.

    A branch counts only when its folder holds the same files as when the manifest was
    written; the portal only when every branch counts and everything outside the branch
    folders is as it was, index.html and assets/ among it. What does not count is built again.
    """
    try:
        data = json.loads((site_dir / MANIFEST).read_text("utf-8"))
        branches = {
            slug: (
                str(entry["sleutel"]),
                Listing(
                    slug, entry["afdeling"], entry["gemeente"], tuple(entry["themas"]), entry.get("status")
                ),
            )
            for slug, entry in data["afdelingen"].items()
            if _is_branch(slug) and _matches(entry.get("inhoud"), _inventory(site_dir / slug))
        }
        whole = len(branches) == len(data["afdelingen"])
        trusted = whole and _portal_on_disk(site_dir, branches, data.get("portaal_inhoud"))
        portal = data.get("portaal") if trusted else None
        blocked = tuple(map(str, data.get("geblokkeerd", [])))
        return Manifest(MappingProxyType(branches), portal, blocked)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return Manifest()


def write_manifest(site_dir: Path, manifest: Manifest) -> None:
    """Record which content each site in `site_dir` was built from, and which files it has."""
    branches = {
        slug: {
            "sleutel": key,
            **{k: v for k, v in asdict(entry).items() if k != "slug"},
            "inhoud": _inventory(site_dir / slug),
        }
        for slug, (key, entry) in sorted(manifest.branches.items())
    }
    data = {
        "afdelingen": branches,
        "portaal": manifest.portal,
        "portaal_inhoud": _inventory(site_dir, frozenset({*manifest.branches, SEARCH_FOLDER})),
        "geblokkeerd": sorted(manifest.blocked),
    }
    (site_dir / MANIFEST).write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", "utf-8")


def _is_branch(name: str) -> bool:
    """Whether `name` can be a branch's folder at all (not 'assets', not '..', not '.x')."""
    return SLUG.fullmatch(name) is not None and name not in RESERVED


def _matches(recorded: object, found: str | None) -> bool:
    return isinstance(recorded, str) and recorded == found


def _portal_on_disk(site_dir: Path, branches: Mapping[str, object], recorded: object) -> bool:
    """Whether everything outside the branch folders is as the portal's build left it."""
    whole = all(
        (site_dir / name).exists() for name in ("index.html", "assets", f"{SEARCH_FOLDER}/pagefind.js")
    )
    return whole and _matches(recorded, _inventory(site_dir, frozenset({*branches, SEARCH_FOLDER})))


def _inventory(folder: Path, skip: frozenset[str] = frozenset()) -> str | None:
    """One digest of the name and size of every file under `folder` (but the top-level names in
    `skip` and those starting with '.'); None when `folder` is no real folder.

    A link counts as a kind of its own, so a folder with one never matches what a build wrote.
    """
    if folder.is_symlink() or not folder.is_dir():
        return None
    digest = hashlib.sha256()
    for line in sorted(_files(folder, "", skip)):
        digest.update(line.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def _files(folder: Path, prefix: str, skip: frozenset[str]) -> Iterator[str]:
    with os.scandir(folder) as entries:
        for entry in entries:
            if not prefix and (entry.name in skip or entry.name.startswith(".")):
                continue
            name = prefix + entry.name
            if entry.is_symlink():
                yield f"{name} -> link"
            elif entry.is_dir():
                yield from _files(Path(entry.path), f"{name}/", skip)
            else:
                yield f"{name} {entry.stat().st_size}"


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

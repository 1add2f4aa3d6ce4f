"""Which branches a build is about: all, some by name, those a change touches, or a shard."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from bouwstenen.isolate import branch_inputs, branch_slugs
from bouwstenen.load import Library

TOOLING_PATHS = ("bouwstenen/", "macros/", "schemas/", "mkdocs.yml", "requirements/bouw.lock")
"""A change here can change every site."""


def touched_by(library: Library, changed: Iterable[str]) -> list[str]:
    """The branches whose site a change to the files `changed` (paths from the root) can change."""
    paths = {path.strip().removeprefix("./") for path in changed if path.strip()}
    if any(path.startswith(TOOLING_PATHS) for path in paths):
        return list(branch_slugs(library))
    return [slug for slug in branch_slugs(library) if paths & set(branch_inputs(library, slug))]


def shard_of(slug: str, count: int) -> int:
    """The shard (1..count) of a branch: a stable hash of its name, so that adding or
    removing other branches never moves it."""
    digest = hashlib.sha256(slug.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def in_shard(slugs: Sequence[str], index: int, count: int) -> list[str]:
    """The branches of shard `index` of `count`."""
    return [slug for slug in slugs if shard_of(slug, count) == index]

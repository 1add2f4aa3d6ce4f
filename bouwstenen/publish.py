"""Stage 6, publish: swap a fully built tree in as site/, or leave site/ untouched."""

from __future__ import annotations

import shutil
from pathlib import Path


def staging_for(site: Path) -> Path:
    """A fresh, empty folder next to `site` to build into."""
    staging = site.with_name(f".{site.name}-nieuw")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    return staging


def discard(staging: Path) -> None:
    """Throw away a build that failed; site/ stays as it was."""
    shutil.rmtree(staging, ignore_errors=True)


def publish(staging: Path, site: Path) -> None:
    """Make `staging` the new `site` with renames only, so no reader sees half a site."""
    old = site.with_name(f".{site.name}-oud")
    if old.exists():
        shutil.rmtree(old)
    if site.exists():
        site.rename(old)
    staging.rename(site)
    shutil.rmtree(old, ignore_errors=True)

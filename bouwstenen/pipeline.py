"""The whole pipeline on one screen: load → validate → compose → render → build → publish."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

from bouwstenen.build import build_site
from bouwstenen.compose import Edition, compose, compose_library
from bouwstenen.load import Library
from bouwstenen.names import stem
from bouwstenen.problem import Problem
from bouwstenen.publish import discard, publish, staging_for
from bouwstenen.render import Site, render, render_portal

Report = Callable[[str], None]
WORK_DIR = ".build"


def build_all(library: Library, slugs: Sequence[str], site_dir: Path, report: Report) -> list[Problem]:
    """Build the portal and the branches `slugs` into `site_dir`; all or nothing."""
    root = library.root
    everyone = [compose(library, stem(branch.path)) for branch in library.branches]
    chosen = [edition for edition in everyone if edition.slug in slugs]
    staging = staging_for(site_dir)
    _keep_other_branches(site_dir, staging, everyone, slugs)
    problems = _build_into(render_portal(everyone, compose_library(library)), root, staging)
    report("portaal: klaar" if not problems else "portaal: mislukt")
    for edition in chosen:
        found = _build_into(render(edition), root, staging / edition.slug)
        report(f"{edition.slug}: {_summary(edition)}" if not found else f"{edition.slug}: mislukt")
        problems += found
    if problems:
        discard(staging)
        return problems
    publish(staging, site_dir)
    return []


def _build_into(site: Site, root: Path, target: Path) -> list[Problem]:
    built, problems = build_site(site, root, root / WORK_DIR / (site.slug or "_portaal"))
    if not problems:
        target.mkdir(parents=True, exist_ok=True)
        shutil.copytree(built, target, dirs_exist_ok=True)
    return problems


def _keep_other_branches(
    site_dir: Path, staging: Path, everyone: Sequence[Edition], slugs: Sequence[str]
) -> None:
    """With --afdeling, the branches not rebuilt keep the site they had."""
    for edition in everyone:
        previous = site_dir / edition.slug
        if edition.slug not in slugs and previous.is_dir():
            shutil.copytree(previous, staging / edition.slug)


def _summary(edition: Edition) -> str:
    points = [p for chapter in edition.hoofdstukken for p in chapter.standpunten]
    own = sum(p.lokaal for p in points)
    dropped = sum(len(chapter.weggelaten) for chapter in edition.hoofdstukken)
    return (
        f"{len(edition.hoofdstukken)} thema's, {len(points)} standpunten ({own} eigen, {dropped} weggelaten)"
    )

"""The whole pipeline on one screen: load → validate → compose → render → build → publish."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path

from bouwstenen.build import build_site, site_url
from bouwstenen.compose import Edition, compose, compose_library
from bouwstenen.documents import build_documents
from bouwstenen.handbook import build_date, render_handbook
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
    built_on = build_date()
    for edition in chosen:
        found = _build_branch(edition, root, staging / edition.slug, built_on)
        report(f"{edition.slug}: {_summary(edition)}" if not found else f"{edition.slug}: mislukt")
        problems += found
    if problems:
        discard(staging)
        return problems
    publish(staging, site_dir)
    return []


def _build_branch(edition: Edition, root: Path, target: Path, built_on: date) -> list[Problem]:
    """The handbook in four formats first, then the site that links to them."""
    work = root / WORK_DIR / edition.slug
    handbook = render_handbook(edition, built_on, site_url(edition.slug))
    moment = int(datetime.combine(built_on, time(), UTC).timestamp())
    downloads, problems = build_documents(handbook, root, work / "downloads", moment)
    if problems:
        return problems
    problems = _build_into(render(edition, downloads), root, target)
    if not problems:
        shutil.copytree(work / "downloads", target / "downloads", dirs_exist_ok=True)
    return problems


def _build_into(site: Site, root: Path, target: Path) -> list[Problem]:
    built, problems = build_site(site, root, root / WORK_DIR / (site.slug or "_portaal") / "mkdocs")
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

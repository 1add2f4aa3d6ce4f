"""The whole pipeline on one screen: load → validate → compose → render → build → publish.

The CLI has loaded and validated the library; this module composes the editions,
builds every branch whose content changed in worker processes, and publishes the
result in one swap, or nothing at all.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from datetime import time as midnight
from pathlib import Path
from urllib.parse import urlsplit

from bouwstenen.assets import share_theme_assets, trim_theme_assets
from bouwstenen.build import build_site, site_url
from bouwstenen.cache import PORTAL, read_manifest, site_keys, write_manifest
from bouwstenen.compose import Edition, compose, compose_library
from bouwstenen.documents import build_documents
from bouwstenen.handbook import build_date, render_handbook
from bouwstenen.load import Library
from bouwstenen.names import stem
from bouwstenen.problem import Problem
from bouwstenen.publish import discard, publish, staging_for
from bouwstenen.render import render, render_portal

WORK_DIR = ".build"
Report = Callable[["Outcome"], None]


@dataclass(frozen=True, slots=True)
class Outcome:
    """What building one site gave: problems, and seconds per stage."""

    slug: str
    problems: tuple[Problem, ...] = ()
    timings: dict[str, float] = field(default_factory=dict)
    cached: bool = False
    summary: str = ""


@dataclass(frozen=True, slots=True)
class Result:
    """What a whole build gave: every outcome, and whether site/ was replaced."""

    outcomes: tuple[Outcome, ...]
    published: bool

    @property
    def problems(self) -> list[Problem]:
        return [problem for outcome in self.outcomes for problem in outcome.problems]


def build_all(
    library: Library,
    slugs: Sequence[str],
    site_dir: Path,
    report: Report,
    *,
    workers: int = 0,
    clean: bool = False,
) -> Result:
    """Build the portal and the branches `slugs` into `site_dir`: all or nothing."""
    built_on = build_date()
    branches = [stem(branch.path) for branch in library.branches]
    keys = site_keys(library, built_on)
    previous = {} if clean or not site_dir.is_dir() else read_manifest(site_dir)
    wanted = [slug for slug in branches if slug in slugs]
    due = [slug for slug in wanted if previous.get(slug) != keys[slug]]
    portal_due = previous.get(PORTAL) != keys[PORTAL]
    if not due and not portal_due and all((site_dir / s).is_dir() for s in slugs):
        return Result(tuple(Outcome(slug, cached=True) for slug in wanted), False)
    staging = staging_for(site_dir)
    try:
        kept = _keep_unchanged(site_dir, staging, previous, branches, due, portal_due)
        outcomes = [Outcome(slug, cached=True) for slug in wanted if slug not in due]
        outcomes.append(_portal(library, staging) if portal_due else Outcome(PORTAL, cached=True))
        report(outcomes[-1])
        todo = [compose(library, slug) for slug in due]
        outcomes += _branches(library.root, todo, staging, built_on, workers, report)
    except BaseException:
        discard(staging)  # a bug of ours or Ctrl-C: the old site stays, the half one goes
        raise
    result = Result(tuple(outcomes), published=not any(o.problems for o in outcomes))
    if not result.published:
        discard(staging)
        return result
    write_manifest(staging, {**{s: previous[s] for s in kept}, **_built_keys(outcomes, keys)})
    publish(staging, site_dir)
    return result


def _portal(library: Library, staging: Path) -> Outcome:
    started = time.perf_counter()
    everyone = [compose(library, stem(branch.path)) for branch in library.branches]
    site = render_portal(everyone, compose_library(library))
    work = library.root / WORK_DIR / PORTAL
    built, problems = build_site(site, library.root, work)
    if not problems:
        trim_theme_assets(built)
        shutil.copytree(built, staging, dirs_exist_ok=True)
    return Outcome(PORTAL, tuple(problems), {"portaal": time.perf_counter() - started})


def _branches(
    root: Path,
    todo: Sequence[Edition],
    staging: Path,
    built_on: date,
    workers: int,
    report: Report,
) -> list[Outcome]:
    jobs = [(root, edition, built_on) for edition in todo]
    outcomes: list[Outcome] = []
    if len(jobs) <= 1 or workers == 1:
        finished = (build_branch(*job) for job in jobs)
        return [_place(outcome, root, staging, report) for outcome in finished]
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
        futures = [pool.submit(build_branch, *job) for job in jobs]
        for future in as_completed(futures):
            outcomes.append(_place(future.result(), root, staging, report))
    return sorted(outcomes, key=lambda outcome: outcome.slug)


def build_branch(root: Path, edition: Edition, built_on: date) -> Outcome:
    """Handbook in four formats, then the site that links to them; runs in a worker."""
    timings: dict[str, float] = {}
    work = root / WORK_DIR / edition.slug
    out = work / "uit"
    for leftover in (out, work / "downloads"):
        shutil.rmtree(leftover, ignore_errors=True)
    moment = int(datetime.combine(built_on, midnight(), UTC).timestamp())
    started = time.perf_counter()
    handbook = render_handbook(edition, built_on, site_url(edition.slug))
    timings["handboek renderen"] = time.perf_counter() - started
    downloads, problems = build_documents(handbook, root, work / "downloads", moment, timings)
    if problems:
        return Outcome(edition.slug, tuple(problems), timings)
    started = time.perf_counter()
    site = render(edition, downloads)
    timings["site renderen"] = time.perf_counter() - started
    started = time.perf_counter()
    built, problems = build_site(site, root, work / "mkdocs")
    timings["mkdocs"] = time.perf_counter() - started
    if problems:
        return Outcome(edition.slug, tuple(problems), timings)
    started = time.perf_counter()
    share_theme_assets(built, edition.slug, urlsplit(site_url("")).path)
    (work / "downloads").rename(built / "downloads")
    built.rename(out)
    timings["delen"] = time.perf_counter() - started
    return Outcome(edition.slug, (), timings, summary=_summary(edition))


def _summary(edition: Edition) -> str:
    points = [p for chapter in edition.hoofdstukken for p in chapter.standpunten]
    own = sum(p.lokaal for p in points)
    dropped = sum(len(chapter.weggelaten) for chapter in edition.hoofdstukken)
    return (
        f"{len(edition.hoofdstukken)} thema's, {len(points)} standpunten ({own} eigen, {dropped} weggelaten)"
    )


def _place(outcome: Outcome, root: Path, staging: Path, report: Report) -> Outcome:
    if not outcome.problems:
        (root / WORK_DIR / outcome.slug / "uit").rename(staging / outcome.slug)
    report(outcome)
    return outcome


def _keep_unchanged(
    site_dir: Path,
    staging: Path,
    previous: dict[str, str],
    all_branches: Sequence[str],
    due: Sequence[str],
    portal_due: bool,
) -> list[str]:
    """Hard-link what is not rebuilt from the published site into the new one."""
    kept = []
    branches = set(all_branches)
    for slug in sorted(branches - set(due)):
        if slug in previous and (site_dir / slug).is_dir():
            _link(site_dir / slug, staging / slug)
            kept.append(slug)
    if not portal_due:
        for entry in site_dir.iterdir():
            if entry.name not in branches | set(previous) and not entry.name.startswith("."):
                _link(entry, staging / entry.name)
        kept.append(PORTAL)
    return kept


def _link(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, copy_function=os.link)
    else:
        os.link(source, target)


def _built_keys(outcomes: Sequence[Outcome], keys: dict[str, str]) -> dict[str, str]:
    return {o.slug: keys[o.slug] for o in outcomes if not o.cached and not o.problems}

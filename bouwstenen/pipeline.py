"""The whole pipeline on one screen: load → validate → compose → render → build → publish.

The CLI has loaded and validated the library and knows which branches their own
problems block; this module composes the editions of the others, makes the guide's PDF
(once, for every site), builds every branch whose content changed in worker processes,
keeps what a blocked branch last published, builds the portal for exactly the branches
on the new site, and publishes it all in one swap.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import as_completed
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from datetime import time as midnight
from pathlib import Path
from types import MappingProxyType
from urllib.parse import urlsplit

from bouwstenen import preview, processes, search, sitemap
from bouwstenen.assets import share_theme_assets, trim_theme_assets
from bouwstenen.build import build_site, site_url
from bouwstenen.cache import (
    MANIFEST,
    PORTAL,
    Manifest,
    branch_keys,
    portal_key,
    read_manifest,
    tooling,
    write_manifest,
)
from bouwstenen.compose import Edition, Listing, compose, compose_library, listing
from bouwstenen.composer import composer_pages
from bouwstenen.documents import Download, build_documents, build_pdf
from bouwstenen.handbook import GUIDE_FOLDER, build_date, render_amendments, render_guide, render_handbook
from bouwstenen.isolate import branch_slugs, unpublished
from bouwstenen.kernpunten import build_kernpunten
from bouwstenen.load import BRANCHES_DIR, Library
from bouwstenen.problem import Problem
from bouwstenen.publish import discard, disk_trouble_in, publish, staging_for
from bouwstenen.render import Site, render, render_portal

WORK_DIR = ".build"
GUIDE_WORK = "_gids"
"""The guide's PDF is made in .build/_gids/ (no branch can be called that) and kept there."""
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
    """What a whole build gave: every outcome, the branches on the site, whether it changed."""

    outcomes: tuple[Outcome, ...]
    published: bool
    on_site: frozenset[str]

    @property
    def problems(self) -> list[Problem]:
        return [problem for outcome in self.outcomes for problem in outcome.problems]


@dataclass(frozen=True, slots=True)
class Scope:
    """Which branches a build is about, and what else the new site/ holds."""

    wanted: tuple[str, ...]
    blocked: frozenset[str] = frozenset()
    keep_others: bool = True
    """Keep published branches that are not wanted (False for a shard: it holds only its own)."""
    portal: bool = True
    """Build the portal and the shared assets (False for a shard: the merge does that)."""


@dataclass(frozen=True, slots=True)
class _Plan:
    """What a build will do: which branches to build anew and which to keep as published."""

    previous: Manifest
    source: Path
    built_on: date
    keys: Mapping[str, str]
    editions: Mapping[str, Edition]
    kept: tuple[str, ...]
    blocked: tuple[str, ...]
    clean: bool = False


def build_all(
    library: Library,
    scope: Scope,
    site_dir: Path,
    report: Report,
    *,
    workers: int = 0,
    clean: bool = False,
    all_or_nothing: bool = False,
    previous_dir: Path | None = None,
) -> Result:
    """Build what is wanted, not blocked and changed; keep the rest as published; swap in once.

    With `all_or_nothing`, one failing site leaves site/ as it was. `previous_dir` is
    where the published site is read from (default: `site_dir`).
    """
    plan = _plan(library, scope, previous_dir or site_dir, clean)
    if scope.wanted and not plan.keys:  # every wanted branch is blocked: nothing to do
        return Result((), False, frozenset(plan.previous.branches))
    if _unchanged(library, scope, plan, site_dir):
        buildable = [slug for slug in scope.wanted if slug in plan.keys]
        return Result(tuple(Outcome(s, cached=True) for s in buildable), False, frozenset(plan.kept))
    staging = staging_for(site_dir)
    try:
        outcomes, manifest = _assemble(library, scope, plan, staging, workers, report)
        if _stops(outcomes, all_or_nothing):
            discard(staging)
            return Result(tuple(outcomes), False, frozenset(plan.previous.branches))
        write_manifest(staging, manifest)
        publish(staging, site_dir)
    except BaseException:
        discard(staging)  # a bug of ours, Ctrl+C or a full disk: the old site stays, the half one goes
        raise
    return Result(tuple(outcomes), True, frozenset(manifest.branches))


def _plan(library: Library, scope: Scope, source: Path, clean: bool) -> _Plan:
    previous = read_manifest(source)
    built_on = build_date()  # once: a build that runs past midnight keeps one date
    existing = set(branch_slugs(library)) - unpublished(library)
    buildable = [slug for slug in scope.wanted if slug not in scope.blocked and slug in existing]
    keys = branch_keys(library, buildable, built_on)
    due = [slug for slug in buildable if clean or previous.key(slug) != keys[slug]]
    kept = [
        slug
        for slug in sorted(existing & set(previous.branches))
        if slug not in due and (scope.keep_others or slug in scope.wanted)
    ]
    editions = {slug: compose(library, slug) for slug in due}
    blocked = tuple(sorted(scope.blocked.intersection(scope.wanted)))
    return _Plan(previous, source, built_on, MappingProxyType(keys), editions, tuple(kept), blocked, clean)


def _assemble(
    library: Library, scope: Scope, plan: _Plan, staging: Path, workers: int, report: Report
) -> tuple[list[Outcome], Manifest]:
    """Build the plan into `staging`: the guide's PDF, kept branches linked, due ones built,
    then the portal."""
    guide, trouble = _guide(library, plan)
    if trouble:  # a site without the PDF its pages link to is not published
        report(trouble)
        return [trouble], plan.previous
    for slug in plan.kept:
        _link(plan.source / slug, staging / slug)
    todo = sorted(
        plan.editions.values(), key=_work, reverse=True
    )  # the longest first: no worker idles at the end
    hoped = _hoped_portal(library, plan, guide) if scope.portal else None
    outcomes = [Outcome(slug, cached=True) for slug in plan.keys if slug not in plan.editions]
    built, early = _branches(library.root, todo, staging, plan.built_on, guide, workers, report, hoped)
    outcomes += built
    failed = {o.slug for o in outcomes if o.problems}
    restored = sorted(failed & set(plan.previous.branches))
    for slug in restored:  # a branch that did not build keeps what it last published
        _link(plan.source / slug, staging / slug)
    good = {slug: edition for slug, edition in plan.editions.items() if slug not in failed}
    branches = _branch_entries(plan.previous, [*plan.kept, *restored], good, plan.keys)
    manifest = Manifest(branches, None, tuple(sorted({*plan.blocked, *failed})))
    if scope.portal:
        portal, key = _portal(library, staging, plan, manifest, guide, hoped, early)
        manifest = Manifest(branches, key, manifest.blocked)
        if not portal.problems:  # the map of exactly the sites this build publishes
            sitemap.write_root(staging, site_url(""), manifest.branches)
        same_pages = not good and portal.cached and (staging / search.FOLDER / "pagefind.js").is_file()
        if not portal.problems and not same_pages:  # the index of exactly what this build publishes
            started = time.perf_counter()
            search.index(staging, manifest)
            portal = replace(portal, timings={**portal.timings, "zoekindex": time.perf_counter() - started})
        outcomes.append(portal)
        report(portal)
    return outcomes, manifest


def _unchanged(library: Library, scope: Scope, plan: _Plan, site_dir: Path) -> bool:
    """Nothing to build, the same branches as published and the same portal: site/ stays."""
    previous = plan.previous
    published = plan.source == site_dir and (site_dir / MANIFEST).is_file()
    same = not plan.editions and plan.kept == tuple(sorted(previous.branches))
    if not (published and same and previous.blocked == plan.blocked):
        return False
    if not scope.portal:
        return previous.portal is None
    return previous.portal == portal_key(library, _listings(previous.branches), plan.built_on)


def _stops(outcomes: Sequence[Outcome], all_or_nothing: bool) -> bool:
    """A failed portal stops publishing (the site would have no front page); so does any
    failure when the party asked for all or nothing."""
    return any(o.problems and (all_or_nothing or o.slug == PORTAL) for o in outcomes)


def _branch_entries(
    previous: Manifest, kept: Sequence[str], editions: Mapping[str, Edition], keys: Mapping[str, str]
) -> Mapping[str, tuple[str, Listing]]:
    """The manifest entries of the `kept` branches as published, plus `editions` built anew."""
    branches = {slug: previous.branches[slug] for slug in kept}
    branches |= {slug: (keys[slug], listing(edition)) for slug, edition in editions.items()}
    return MappingProxyType(dict(sorted(branches.items())))


def _listings(branches: Mapping[str, tuple[str, Listing]]) -> list[Listing]:
    """The listings of manifest entries (slug -> key and listing), in their order."""
    return [entry for _, entry in branches.values()]


def _guide(library: Library, plan: _Plan) -> tuple[Download | None, Outcome | None]:
    """The guide as one PDF, the same for every site: made once per build, before the branch
    sites that link to it, or kept from an earlier build when nothing in it changed. None
    without a guide; a failure is the portal's, which publishes the file."""
    edition = compose_library(library)
    if not edition.gids:
        return None, None
    work = library.root / WORK_DIR / GUIDE_WORK
    if plan.clean:
        shutil.rmtree(work, ignore_errors=True)
    timings: dict[str, float] = {}
    guide = render_guide(edition, plan.built_on)
    pdf, problems = build_pdf(guide, library.root, work, _moment(plan.built_on), tooling(), timings)
    return pdf, _blame_the_disk(Outcome(PORTAL, tuple(problems), timings)) if problems else None


@dataclass(frozen=True, slots=True)
class _EarlyPortal:
    """The portal as it will be if every branch builds: built by a worker beside the branches."""

    key: str
    site: Site


def _hoped_portal(library: Library, plan: _Plan, guide: Download | None) -> _EarlyPortal | None:
    """The portal for the branches on the site if every due one builds; None when the published
    portal is that one already."""
    listings = _listings(_branch_entries(plan.previous, plan.kept, plan.editions, plan.keys))
    key = portal_key(library, listings, plan.built_on)
    return None if key == plan.previous.portal else _EarlyPortal(key, _portal_site(library, listings, guide))


def _portal(
    library: Library,
    staging: Path,
    plan: _Plan,
    manifest: Manifest,
    guide: Download | None,
    hoped: _EarlyPortal | None = None,
    early: Outcome | None = None,
) -> tuple[Outcome, str]:
    """The portal for exactly the branches in `manifest`: the published one if nothing changed,
    or the `hoped` one if it is for the same branches (built `early` by a worker, or now).
    It publishes the guide's PDF in gids/, where every site links to it."""
    listings = _listings(manifest.branches)
    key = portal_key(library, listings, plan.built_on)
    if plan.previous.portal == key:
        for entry in _portal_entries(plan.source, plan.previous):
            _link(entry, staging / entry.name)
        return Outcome(PORTAL, cached=True), key
    if hoped is not None and hoped.key == key:
        outcome = early or build_portal(hoped.site, library.root, guide)
    else:  # a branch failed, so the portal lists another set of branches than hoped
        outcome = build_portal(_portal_site(library, listings, guide), library.root, guide)
    if not outcome.problems:  # moved, not copied: a full disk has room for one portal, not two
        for entry in sorted((library.root / WORK_DIR / PORTAL / "site").iterdir()):
            entry.rename(staging / entry.name)
    return outcome, key


def _portal_site(library: Library, listings: Sequence[Listing], guide: Download | None) -> Site:
    return render_portal(listings, compose_library(library), composer_pages(library, listings), guide)


def build_portal(site: Site, root: Path, guide: Download | None) -> Outcome:
    """Build the portal's `site` in .build/_portaal/site, with the guide's PDF in gids/; runs in
    a worker beside the branches, or here."""
    started = time.perf_counter()
    built, problems = build_site(site, root, root / WORK_DIR / PORTAL)
    if not problems:
        trim_theme_assets(built)
        problems = preview.draw(
            site.drawing, root, built, site_url(""), root / WORK_DIR / preview.PORTAL_KEPT
        )
        sitemap.portal_sitemap(built)
        if guide is not None:
            work = root / WORK_DIR / GUIDE_WORK
            shutil.copyfile(work / guide.filename, built / GUIDE_FOLDER / guide.filename)
    return Outcome(PORTAL, tuple(problems), {"portaal": time.perf_counter() - started})


def _portal_entries(site_dir: Path, previous: Manifest) -> list[Path]:
    """What the published portal put in `site_dir`: all but the branches and our own files."""
    if not site_dir.is_dir():
        return []
    return [p for p in sorted(site_dir.iterdir()) if p.name not in previous.branches and p.name[0] != "."]


def _branches(
    root: Path,
    todo: Sequence[Edition],
    staging: Path,
    built_on: date,
    guide: Download | None,
    workers: int,
    report: Report,
    portal: _EarlyPortal | None = None,
) -> tuple[list[Outcome], Outcome | None]:
    """Build `todo` in this order; with a pool, a worker builds the `portal` first, beside them."""
    jobs = [(root, edition, built_on, guide) for edition in todo]
    if len(jobs) <= 1 or workers == 1:
        finished = (build_branch(*job) for job in jobs)
        return [_place(outcome, root, staging, report) for outcome in finished], None
    executor = processes.pool(processes.count(workers, len(jobs) + (portal is not None)))
    try:
        early = executor.submit(build_portal, portal.site, root, guide) if portal else None
        futures = [executor.submit(build_branch, *job) for job in jobs]
        outcomes = [_place(future.result(), root, staging, report) for future in as_completed(futures)]
        built = early.result() if early else None
    except BaseException:  # Ctrl+C, a full disk or a bug: the workers stop now, not after their sites
        processes.stop(executor)
        raise
    executor.shutdown()
    return sorted(outcomes, key=lambda outcome: outcome.slug), built


def _work(edition: Edition) -> int:
    """How long `edition` takes to build, roughly: its pages and points."""
    return sum(3 + len(chapter.standpunten) for chapter in edition.hoofdstukken)


def build_branch(root: Path, edition: Edition, built_on: date, guide: Download | None = None) -> Outcome:
    """Handbook in four formats, the core points on one A4 and as images, then the site that
    links to them and to the guide's PDF (`guide`, which the portal publishes); runs in a worker."""
    timings: dict[str, float] = {}
    work = root / WORK_DIR / edition.slug
    out = work / "uit"
    for leftover in (out, work / "downloads"):
        shutil.rmtree(leftover, ignore_errors=True)
    moment = _moment(built_on)
    started = time.perf_counter()
    handbook = render_handbook(edition, built_on, site_url(edition.slug))
    timings["handboek renderen"] = time.perf_counter() - started
    downloads, problems = build_documents(handbook, root, work / "downloads", moment, timings)
    if problems:
        return Outcome(edition.slug, tuple(problems), timings)
    amendments, problems = _amendments(edition, root, work, built_on, timings)
    if problems:
        return Outcome(edition.slug, tuple(problems), timings)
    url = site_url(edition.slug)
    short, problems = build_kernpunten(edition, root, work / "downloads", url, moment, timings)
    if problems:
        return Outcome(edition.slug, tuple(problems), timings)
    # The branch's own file beside its handbooks: the composer page (samenstellen/) opens it.
    shutil.copyfile(root / BRANCHES_DIR / f"{edition.slug}.yml", work / "downloads" / f"{edition.slug}.yml")
    started = time.perf_counter()
    site = render(edition, downloads, guide, amendments, short)
    timings["site renderen"] = time.perf_counter() - started
    started = time.perf_counter()
    built, problems = build_site(site, root, work / "mkdocs")
    timings["mkdocs"] = time.perf_counter() - started
    if problems:
        return Outcome(edition.slug, tuple(problems), timings)
    started = time.perf_counter()
    problems = preview.draw(site.drawing, root, built, url, work / preview.KEPT)
    timings["voorbeeldplaatjes"] = time.perf_counter() - started
    if problems:
        return Outcome(edition.slug, tuple(problems), timings)
    started = time.perf_counter()
    share_theme_assets(built, edition.slug, urlsplit(site_url("")).path)
    (work / "downloads").rename(built / "downloads")
    built.rename(out)
    timings["delen"] = time.perf_counter() - started
    return Outcome(edition.slug, (), timings, summary=_summary(edition))


def _amendments(
    edition: Edition, root: Path, work: Path, built_on: date, timings: dict[str, float]
) -> tuple[tuple[Download, ...], list[Problem]]:
    """The amendments document for the members' meeting (PDF and DOCX) beside the handbooks,
    when the branch has amendments."""
    document = render_amendments(edition, built_on)
    if document is None:
        return (), []
    folder = work / "amendementen"
    shutil.rmtree(folder, ignore_errors=True)
    made, problems = build_documents(document, root, folder, _moment(built_on), timings, kinds=("docx",))
    kept = tuple(download for download in made if download.filename.endswith((".pdf", ".docx")))
    for download in kept:
        (folder / download.filename).rename(work / "downloads" / download.filename)
    return kept, problems


def _moment(built_on: date) -> int:
    """The build date as seconds since 1970: the creation date written into every document."""
    return int(datetime.combine(built_on, midnight(), UTC).timestamp())


def _summary(edition: Edition) -> str:
    points = [p for chapter in edition.hoofdstukken for p in chapter.standpunten]
    own = sum(p.lokaal for p in points)
    dropped = sum(len(chapter.weggelaten) for chapter in edition.hoofdstukken)
    return (
        f"{len(edition.hoofdstukken)} thema's, {len(points)} standpunten ({own} eigen, {dropped} weggelaten)"
    )


def _place(outcome: Outcome, root: Path, staging: Path, report: Report) -> Outcome:
    outcome = _blame_the_disk(outcome)
    if not outcome.problems:
        (root / WORK_DIR / outcome.slug / "uit").rename(staging / outcome.slug)
    report(outcome)
    return outcome


def _blame_the_disk(outcome: Outcome) -> Outcome:
    """An engine that could not write (disk full, read-only) reports it as our bug; it is not."""
    for problem in outcome.problems:
        trouble = disk_trouble_in(problem.message) if problem.severity == "intern" else None
        if trouble is not None:
            return replace(outcome, problems=(Problem(problem.file, 0, *trouble),))
    return outcome


def _link(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, copy_function=os.link)
    else:
        os.link(source, target)

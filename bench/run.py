"""Benchmark: N synthetic branches built from the real cards, measured in one run.

    .venv/bin/python bench/run.py                 # N = 10, 50, 342 and bench/live.py; writes docs/benchmarks.md
    .venv/bin/python bench/run.py --aantallen 10  # a quick look, prints only

Every figure in the report comes from this run on this machine. Nothing here is a test:
the targets are reported as met or missed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import live  # noqa: E402  (bench/, beside this script)

from bouwstenen import search  # noqa: E402
from bouwstenen.cache import Manifest, read_manifest  # noqa: E402
from bouwstenen.compose import compose  # noqa: E402
from bouwstenen.load import load  # noqa: E402
from bouwstenen.names import stem  # noqa: E402
from bouwstenen.pipeline import Outcome, Result, Scope, build_all  # noqa: E402
from bouwstenen.validate import validate  # noqa: E402

REPORT = ROOT / "docs" / "benchmarks.md"
ENGINE_STAGES = (
    "mkdocs",
    "typst",
    "kernpunten",
    "voorbeeldplaatjes",
    "pandoc start",
    "pandoc read",
    "pandoc docx",
    "pandoc odt",
    "pandoc typst",
)
OWN_STAGES = ("handboek renderen", "site renderen", "delen")
PAGES_LIMIT_MB = 1024
SIZE_TARGET_MB = 400
FULL_TARGET_S = 60
RATIO_TARGET = 1.2
LIVE_HEADING = "## Bekijken terwijl je werkt"
"""Where the section of bench/live.py begins; this script leaves it as it is."""
LIGHTHOUSE_HEADING = "## Lighthouse op een telefoon"
"""Where the section of bench/lighthouse.py begins (before bench/live.py's); also kept."""


@dataclass
class Run:
    """The figures of one N."""

    count: int
    load: float
    validate: float
    compose: float
    full: float
    noop: float
    change: float
    changed_card: str
    users: int
    rebuilt: int
    outcomes: tuple[Outcome, ...]
    size_mb: float
    plain_mkdocs: float
    index_full: float
    """Seconds of the search index in the full build (portal outcome, 'zoekindex')."""
    index_change: float
    """The same in the build after one card changed."""
    index_mb: float
    shard_index: list[float]
    """Seconds to index each of SHARDS parts on its own (the mergeIndex alternative)."""
    versus: Versus | None
    """Only for the smallest N: our whole build against plain MkDocs (whole processes)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--aantallen", type=int, nargs="+", default=[10, 50, 342])
    parser.add_argument("--werkers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--uit", type=Path, default=REPORT)
    args = parser.parse_args(argv)
    runs = [_measure(count, args.werkers, count == min(args.aantallen)) for count in args.aantallen]
    report = _report(runs, args.werkers, " ".join(["bench/run.py", *(argv or sys.argv[1:])]))
    print(report)
    if args.aantallen == [10, 50, 342]:
        args.uit.write_text(report + _live_section(args.uit), encoding="utf-8")
        if args.uit == REPORT:
            return live.main([])  # edit-to-refresh of `bekijk --afdeling`, in the same run
    return 0


def _live_section(report: Path) -> str:
    """The sections bench/lighthouse.py and bench/live.py wrote at the end of `report`, kept
    as they were."""
    text = report.read_text("utf-8") if report.is_file() else ""
    starts = [at for at in (text.find(LIGHTHOUSE_HEADING), text.find(LIVE_HEADING)) if at >= 0]
    return "" if not starts else "\n" + text[min(starts) :]


def _measure(count: int, workers: int, compare: bool) -> Run:
    with tempfile.TemporaryDirectory(prefix=f"bouwstenen-bench-{count}-") as folder:
        root = Path(folder)
        _synthetic_repo(root, count)
        started = time.perf_counter()
        library = load(root)
        loaded = time.perf_counter()
        problems = validate(library)
        validated = time.perf_counter()
        assert not problems, problems[:3]
        slugs = [stem(branch.path) for branch in library.branches]
        for slug in slugs:
            compose(library, slug)
        composed = time.perf_counter()
        full, result = _timed_build(root, slugs, workers)
        noop, _ = _timed_build(root, slugs, workers)
        card, users = _change_a_card(root)
        change, changed = _timed_build(root, slugs, workers)
        size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) / 1e6
        index_mb = sum(p.stat().st_size for p in (root / "site/pagefind").rglob("*") if p.is_file()) / 1e6
        shard_index = _index_per_shard(root / "site", Path(folder) / "delen")
        plain = _plain_mkdocs(root, slugs[: min(5, count)])
        versus = _versus_mkdocs(root, workers) if compare else None
        return Run(
            count=count,
            load=loaded - started,
            validate=validated - loaded,
            compose=composed - validated,
            full=full,
            noop=noop,
            change=change,
            changed_card=card,
            users=users,
            rebuilt=sum(not o.cached for o in changed.outcomes if o.slug != "_portaal"),
            outcomes=result.outcomes,
            size_mb=size,
            plain_mkdocs=plain,
            index_full=_index_seconds(result),
            index_change=_index_seconds(changed),
            index_mb=index_mb,
            shard_index=shard_index,
            versus=versus,
        )


SHARDS = 4


def _index_per_shard(site: Path, parts: Path) -> list[float]:
    """Index the branches of each of SHARDS parts on its own, as a shard's runner would before
    Pagefind's mergeIndex joined the parts in the browser; the seconds of each part."""
    manifest = read_manifest(site)
    slugs = sorted(manifest.branches)
    seconds = []
    for number in range(SHARDS):
        part = parts / str(number)
        own = slugs[number::SHARDS]
        for slug in own:
            shutil.copytree(site / slug, part / slug, copy_function=os.link)
        started = time.perf_counter()
        search.index(part, Manifest({slug: manifest.branches[slug] for slug in own}))
        seconds.append(time.perf_counter() - started)
    return seconds


def _index_seconds(result: Result) -> float:
    return sum(o.timings.get("zoekindex", 0.0) for o in result.outcomes if o.slug == "_portaal")


def _timed_build(root: Path, slugs: list[str], workers: int) -> tuple[float, Result]:
    """A build as `python build.py` does it: load, validate, then build (process start not counted)."""
    started = time.perf_counter()
    library = load(root)
    assert not validate(library)
    result = build_all(library, Scope(tuple(slugs)), root / "site", lambda outcome: None, workers=workers)
    elapsed = time.perf_counter() - started
    assert not result.problems, result.problems[:3]
    return elapsed, result


def _change_a_card(root: Path) -> tuple[str, int]:
    """Change one word in the card used by the fewest branches; return it and its users."""
    uses: dict[str, int] = {}
    for branch in (root / "content/afdelingen").glob("*.yml"):
        for choice in yaml.safe_load(branch.read_text("utf-8"))["themas"]:
            uses[choice["kaart"]] = uses.get(choice["kaart"], 0) + 1
    card = min(sorted(uses), key=lambda name: uses[name])
    path = root / "themes" / f"{card}.yml"
    path.write_text(
        path.read_text("utf-8").replace("samenvatting: >-", "samenvatting: >-\n  Nieuw.", 1), "utf-8"
    )
    return card, uses[card]


def _plain_mkdocs(root: Path, slugs: list[str]) -> float:
    """Seconds per site for a plain in-process `mkdocs build` of our generated Markdown."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    times = []
    for slug in slugs:
        config = load_config(config_file=str(root / ".build" / slug / "mkdocs" / "mkdocs.yml"))
        started = time.perf_counter()
        build(config)
        times.append(time.perf_counter() - started)
    return statistics.mean(times)


PLAIN_BUILDS = """
import json, os, sys, time
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
from mkdocs.commands.build import build
from mkdocs.config import load_config
if sys.argv[1] == "hergebruik":
    from bouwstenen.build import reuse_theme
    reuse_theme()
times = []
for path in sys.argv[2:]:
    config = load_config(config_file=path)
    started = time.perf_counter()
    build(config)
    times.append(time.perf_counter() - started)
print(json.dumps(times))
"""
ROUNDS = 3


@dataclass
class Versus:
    """Our whole build against plain MkDocs of the same sites, whole processes, median of ROUNDS."""

    sites: int
    ours_one: float
    """`build.py --schoon --werkers 1`: every format, the portal and the search index."""
    ours_all: float
    """The same with a worker per core."""
    plain: float
    """One process that builds the same generated mkdocs.yml files with plain MkDocs."""
    per_site: float
    """MkDocs per site in that process, without reuse."""
    per_site_reused: float
    """The same with reuse_theme()."""


def _versus_mkdocs(root: Path, workers: int) -> Versus:
    """Run after the other measurements of `root` (its .build/ holds every generated mkdocs.yml)."""
    configs = sorted(str(path) for path in (root / ".build").glob("*/mkdocs/mkdocs.yml"))
    configs.append(str(root / ".build" / "_portaal" / "mkdocs.yml"))
    ours_one, ours_all, plain, plain_sites, reused_sites = [], [], [], [], []
    for _ in range(ROUNDS):
        ours_one.append(_process(["build.py", "--map", str(root), "--schoon", "--werkers", "1"]))
        ours_all.append(_process(["build.py", "--map", str(root), "--schoon", "--werkers", str(workers)]))
        seconds, times = _plain_process("kaal", configs)
        plain.append(seconds)
        plain_sites.append(statistics.mean(times))
        reused_sites.append(statistics.mean(_plain_process("hergebruik", configs)[1][1:]))
    median = statistics.median
    return Versus(
        len(configs),
        median(ours_one),
        median(ours_all),
        median(plain),
        median(plain_sites),
        median(reused_sites),
    )


def _process(arguments: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, *arguments], cwd=ROOT, check=True, capture_output=True)
    return time.perf_counter() - started


def _plain_process(mode: str, configs: list[str]) -> tuple[float, list[float]]:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", PLAIN_BUILDS, mode, *configs],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return time.perf_counter() - started, json.loads(done.stdout)


def _synthetic_repo(root: Path, count: int) -> None:
    for name in ("themes", "content/gids", "content/logo"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("partij.yml", "bronnen.yml"):
        shutil.copy(ROOT / "content" / name, root / "content" / name)
    cards = {
        path.stem: yaml.safe_load(path.read_text("utf-8")) for path in sorted((ROOT / "themes").glob("*.yml"))
    }
    rng = random.Random(342)
    folder = root / "content/afdelingen"
    folder.mkdir(parents=True)
    for number in range(1, count + 1):
        chosen = rng.sample(sorted(cards), rng.randint(4, 7))
        themas = []
        for card_id in chosen:
            choice: dict[str, object] = {"kaart": card_id}
            ids = [point["id"] for point in cards[card_id]["standpunten"]]
            if rng.random() < 0.5:
                choice["weglaten"] = rng.sample(ids, 1)
            themas.append(choice)
        themas[0]["eigen_standpunten"] = [
            {"id": "eigen-punt", "tekst": "{{ gemeente.naam }} houdt elk jaar een avond over dit thema."}
        ]
        themas[0]["lokale_feiten"] = [
            {
                "tekst": f"Gemeente {number} telt {rng.randint(10, 300)}.000 inwoners.",
                "bron": "Synthetisch",
                "jaar": 2024,
            }
        ]
        branch = {
            "afdeling": f"Samen Lokaal Gemeente {number}",
            "gemeente": {"naam": f"Gemeente {number}"},
            "voorwoord": "Dit is het programma voor {{ gemeente.naam }}, gemaakt voor de benchmark.",
            "themas": themas,
        }
        text = yaml.safe_dump(branch, allow_unicode=True, sort_keys=False)
        (folder / f"gemeente-{number:03d}.yml").write_text(text, encoding="utf-8")


def _per_branch(run: Run) -> dict[str, float]:
    built = [o for o in run.outcomes if o.slug != "_portaal" and not o.cached]
    stages: dict[str, float] = {}
    for outcome in built:
        for stage, seconds in outcome.timings.items():
            stages[stage] = stages.get(stage, 0.0) + seconds
    return {stage: seconds / len(built) for stage, seconds in stages.items()}


def _report(runs: list[Run], workers: int, command: str) -> str:
    largest = runs[-1]
    rows = []
    for run in runs:
        stages = _per_branch(run)
        own = (run.load + run.validate + run.compose) / run.count + sum(
            stages.get(s, 0.0) for s in OWN_STAGES
        )
        engines = sum(stages.get(s, 0.0) for s in ENGINE_STAGES)
        rows.append((run, stages, own, engines))
    lines = [
        "# Benchmark",
        "",
        f"Gemeten op {datetime.now(UTC):%Y-%m-%d} met `.venv/bin/python {command}`, in één run.",
        f"Machine: {platform.machine()}, {os.cpu_count()} kernen, Python {platform.python_version()},"
        f" {workers} werkers. Synthetische afdelingen uit de echte themakaarten (4-7 kaarten elk).",
        "",
        "## Kosten per afdeling (seconden, gemiddeld over de gebouwde afdelingen)",
        "",
        "| stap | " + " | ".join(f"N = {run.count}" for run in runs) + " |",
        "|---|" + "---|" * len(runs),
    ]
    labels = [
        ("load", lambda r, s: r.load / r.count),
        ("validate", lambda r, s: r.validate / r.count),
        ("compose", lambda r, s: r.compose / r.count),
        ("render (site)", lambda r, s: s.get("site renderen", 0.0)),
        ("render (handboek)", lambda r, s: s.get("handboek renderen", 0.0)),
        ("site (MkDocs)", lambda r, s: s.get("mkdocs", 0.0)),
        ("PDF (pandoc → Typst + Typst)", lambda r, s: s.get("pandoc typst", 0.0) + s.get("typst", 0.0)),
        ("DOCX (pandoc-writer)", lambda r, s: s.get("pandoc docx", 0.0)),
        ("ODT (pandoc-writer)", lambda r, s: s.get("pandoc odt", 0.0)),
        (
            "pandoc starten + lezen (één keer voor drie formaten)",
            lambda r, s: s.get("pandoc start", 0.0) + s.get("pandoc read", 0.0),
        ),
        ("kernpunten (A4 en deelplaatjes)", lambda r, s: s.get("kernpunten", 0.0)),
        ("voorbeeldplaatjes voor gedeelde links", lambda r, s: s.get("voorbeeldplaatjes", 0.0)),
        ("thema-bestanden delen", lambda r, s: s.get("delen", 0.0)),
    ]
    for label, value in labels:
        lines.append(
            f"| {label} | " + " | ".join(f"{value(run, stages):.3f}" for run, stages, _, _ in rows) + " |"
        )
    lines += ["", "## Resultaten", ""]
    for run, stages, own, engines in rows:
        ratio_plain = (own + engines) / run.plain_mkdocs
        site_only = (run.load + run.validate + run.compose) / run.count + sum(
            stages.get(s, 0.0) for s in ("site renderen", "mkdocs", "delen")
        )
        lines += [
            f"### N = {run.count}",
            "",
            f"- Volledige bouw: {run.full:.1f} s ({run.full / run.count:.2f} s per afdeling met {workers} werkers).",
            f"- Eigen stappen: {own:.3f} s per afdeling, {100 * own / engines:.1f} % van de tijd van de engines"
            f" ({engines:.3f} s) — doel ≤ 10 %: {'gehaald' if own <= 0.1 * engines else 'niet gehaald'}.",
            f"- Een kale MkDocs-bouw in het proces van dezelfde Markdown kost {run.plain_mkdocs:.3f} s per site"
            f" (na elkaar, zonder andere werkers). Onze site-stappen (load, validate, compose, render, MkDocs,"
            f" delen) kosten {site_only:.3f} s = {site_only / run.plain_mkdocs:.2f}× de kale bouw, gemeten"
            f" terwijl {workers} werkers tegelijk liepen; de hele afdeling met drie handboekformaten"
            f" {ratio_plain:.1f}×.",
            f"- Niets veranderd: {run.noop:.2f} s = {100 * run.noop / run.full:.1f} % van de volledige bouw"
            f" — doel ≤ 5 %: {'gehaald' if run.noop <= 0.05 * run.full else 'niet gehaald'}.",
            f"- Eén kaart veranderd (`{run.changed_card}`, gebruikt door {run.users} van {run.count} afdelingen):"
            f" {run.rebuilt} afdelingen opnieuw gebouwd in {run.change:.1f} s = {100 * run.change / run.full:.1f} %"
            f" van de volledige bouw (evenredig: {100 * run.users / run.count:.1f} %).",
            f"- Gepubliceerde grootte: {run.size_mb:.1f} MB ({run.size_mb / run.count:.2f} MB per afdeling).",
            f"- Zoekindex (Pagefind, één voor de hele site): {run.index_mb:.1f} MB; maken kost"
            f" {run.index_full:.1f} s bij de volledige bouw ({100 * run.index_full / run.full:.1f} %) en"
            f" {run.index_change:.1f} s na één veranderde kaart. In {SHARDS} delen apart (voor Pagefinds"
            f" mergeIndex): {max(run.shard_index):.1f} s voor het langste deel, {sum(run.shard_index):.1f} s"
            f" samen, en de browser laadt dan {SHARDS} indexen.",
            "",
        ]
    lines += _versus_lines(next(run for run in runs if run.versus), workers)
    setup = 90.0
    branch_time = largest.full
    lines += [
        f"## {largest.count} afdelingen",
        "",
        f"- Op deze machine: {largest.full:.0f} s ({largest.full / 60:.1f} min) voor alles, alle formaten"
        f" — doel ≤ {FULL_TARGET_S} s op 2 kernen: {'gehaald' if largest.full <= FULL_TARGET_S else 'niet gehaald'}.",
        f"- Grootte: {largest.size_mb:.0f} MB van de {PAGES_LIMIT_MB} MB die GitHub Pages toestaat"
        f" — doel < {SIZE_TARGET_MB} MB: {'gehaald' if largest.size_mb < SIZE_TARGET_MB else 'niet gehaald'}.",
        f"- Piekgeheugen: {_peak_mb():.0f} MB (grootste proces).",
        "",
        f"Verwachte duur met k runners van 2 kernen, met {setup:.0f} s per runner voor checkout en installatie"
        " (een schatting, niet gemeten):",
        "",
        "| k | minuten |",
        "|---|---|",
        *(f"| {k} | {(setup + branch_time / k) / 60:.1f} |" for k in (1, 2, 4, 8)),
        "",
    ]
    return "\n".join(lines)


def _versus_lines(run: Run, workers: int) -> list[str]:
    versus = run.versus
    assert versus is not None
    ratio = versus.ours_one / versus.plain
    return [
        f"## Sneller dan MkDocs zelf? (N = {run.count}, hele processen, mediaan van {ROUNDS})",
        "",
        f"- Onze hele bouw met één werker (`build.py --schoon --werkers 1`: {run.count} afdelingen met"
        f" handboek in vier formaten, kernpunten, portaal en zoekindex): {versus.ours_one:.1f} s.",
        f"- Kale MkDocs van dezelfde {versus.sites} gegenereerde sites (mkdocs.yml van de afdelingen en het"
        f" portaal), na elkaar in één proces: {versus.plain:.1f} s.",
        f"- Verhouding: {ratio:.2f}× — doel ≤ {RATIO_TARGET}×: {'gehaald' if ratio <= RATIO_TARGET else 'niet gehaald'}."
        f" Met {workers} werkers: {versus.ours_all:.1f} s = {versus.ours_all / versus.plain:.2f}× de kale bouw"
        " op één kern.",
        f"- MkDocs per site: {versus.per_site:.3f} s kaal, {versus.per_site_reused:.3f} s met hergebruik van het"
        f" thema (`reuse_theme`, zonder de eerste site) = {versus.per_site_reused / versus.per_site:.2f}×.",
        "",
    ]


def _peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


if __name__ == "__main__":
    sys.exit(main())

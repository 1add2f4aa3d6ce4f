"""How a build uses the machine: the longest branches first, the portal beside them, no more
workers than the memory carries; and the portal a worker built early is only used when it lists
exactly the branches that made it onto the site."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import copy_library, run_cli

from bouwstenen import processes
from bouwstenen.cache import PORTAL
from bouwstenen.compose import compose
from bouwstenen.load import load
from bouwstenen.pipeline import Outcome, Scope, _work, build_all


def _portal_links(site: Path) -> list[str]:
    html = (site / "index.html").read_text("utf-8")
    return sorted(set(re.findall(r'<h3 id="[^"]*"><a href="([a-z-]+)/">', html)))


def test_a_new_branch_that_fails_is_not_on_the_portal_a_worker_built_beside_it(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    branch = root / "content/afdelingen/ede.yml"
    text = (root / "content/afdelingen/waadhoeke.yml").read_text("utf-8")
    text = text.replace("Samen Lokaal Waadhoeke", "Samen Lokaal Ede")
    branch.write_text(text.replace("in het dorp,", "in het dorp ([plan](geen-plan.md)),"), "utf-8")
    run = run_cli("--map", str(root), "--werkers", "2")
    assert run.status == 2 and "ede: mislukt" in run.stdout
    assert _portal_links(root / "site") == ["utrecht", "waadhoeke", "zwolle"]
    assert not (root / "site/ede").exists()


def test_the_longest_branches_are_built_first(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    library = load(root)
    slugs = ("utrecht", "waadhoeke", "zwolle")
    order: list[str] = []

    def report(outcome: Outcome) -> None:
        order.append(outcome.slug)

    result = build_all(library, Scope(slugs), root / "site", report, workers=1)
    assert not result.problems
    work = {slug: _work(compose(library, slug)) for slug in slugs}
    assert len(set(work.values())) == 3, work  # the examples differ, so the order says something
    assert order == [*sorted(slugs, key=work.__getitem__, reverse=True), PORTAL]


@pytest.mark.parametrize(
    ("free_gb", "cores", "jobs", "workers"),
    [(24, 2, 10, 2), (24, 0, 1, 1), (1.0, 4, 10, 1), (1.3, 4, 10, 2), (0.1, 4, 10, 1)],
)
def test_no_more_workers_than_the_memory_carries(
    monkeypatch: pytest.MonkeyPatch, free_gb: float, cores: int, jobs: int, workers: int
) -> None:
    monkeypatch.setattr(processes, "_free_memory", lambda: int(free_gb * 2**30))
    assert processes.count(cores, jobs) == workers

"""Every branch on its own: a branch is blocked only by problems in what it uses.

Each test runs `python build.py` as a subprocess on a copy of the real library, as a
volunteer or the Pages workflow would.
"""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
from conftest import bekijk, build_ok, copy_library, run_cli, tree, without_warnings

from bouwstenen.load import load
from bouwstenen.select import in_shard, shard_of, touched_by

BROKEN = "content/afdelingen/waadhoeke.yml:26: onbekende themakaart 'vrijwiligers' (in themes/) — bedoel je 'vrijwilligers'?"


def _break_waadhoeke(root: Path) -> None:
    path = root / "content/afdelingen/waadhoeke.yml"
    path.write_text(path.read_text("utf-8").replace("kaart: vrijwilligers", "kaart: vrijwiligers"), "utf-8")


def _portal_links(site: Path) -> list[str]:
    html = (site / "index.html").read_text("utf-8")
    return sorted(set(re.findall(r'<h3 id="[^"]*"><a href="([a-z-]+)/">', html)))


def test_a_broken_branch_keeps_its_last_version_and_the_others_are_published(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    build_ok(root)
    waadhoeke = tree(root / "site/waadhoeke")
    _break_waadhoeke(root)
    zwolle = root / "content/afdelingen/zwolle.yml"
    zwolle.write_text(zwolle.read_text("utf-8").replace("Zwolle telt ruim", "Zwolle heeft ruim"), "utf-8")
    run = run_cli("--map", str(root))
    assert run.status == 2
    assert without_warnings(run.lines) == [
        BROKEN,
        "fout: 1 afdeling niet bijgewerkt door de problemen hierboven; de rest staat in site/:",
        "  waadhoeke: de vorige versie blijft op de site",
    ]
    assert run.stdout.splitlines()[0] == "zwolle: 5 thema's, 36 standpunten (1 eigen, 2 weggelaten)"
    assert "Zwolle heeft ruim" in (root / "site/zwolle/index.html").read_text("utf-8")
    assert tree(root / "site/waadhoeke") == waadhoeke
    assert _portal_links(root / "site") == ["utrecht", "waadhoeke", "zwolle"]


def test_a_broken_branch_that_was_never_published_stays_off_the_site(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    _break_waadhoeke(root)
    run = run_cli("--map", str(root))
    assert run.status == 2
    assert run.lines[-1] == "  waadhoeke: staat niet op de site"
    assert not (root / "site/waadhoeke").exists()
    assert _portal_links(root / "site") == ["utrecht", "zwolle"]
    assert run_cli("--map", str(root)).stdout == "Niets veranderd: site/ is al bij.\n"


def test_all_or_nothing_keeps_the_old_rule(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    build_ok(root)
    before = tree(root / "site")
    _break_waadhoeke(root)
    run = run_cli("--map", str(root), "--alles-of-niets")
    assert run.status == 2
    assert run.lines == [BROKEN, "fout: de website is niet bijgewerkt; site/ is nog precies zoals hij was"]
    assert tree(root / "site") == before


def test_a_failure_while_building_blocks_only_that_branch(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    build_ok(root)
    before = tree(root / "site/waadhoeke")
    path = root / "content/afdelingen/waadhoeke.yml"
    path.write_text(
        path.read_text("utf-8").replace("in het dorp,", "in het dorp ([plan](geen-plan.md)),"), "utf-8"
    )
    run = run_cli("--map", str(root), "--werkers", "2")
    assert run.status == 2
    assert "waadhoeke: mislukt" in run.stdout
    assert any(
        line.startswith("content/afdelingen/waadhoeke.yml:") and "geen-plan.md" in line for line in run.lines
    )
    assert run.lines[-1] == "  waadhoeke: de vorige versie blijft op de site"
    assert tree(root / "site/waadhoeke") == before
    assert not any(p.name.startswith(".site-") for p in root.iterdir())


def test_new_build_one_and_bekijk_work_next_to_a_broken_branch(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    _break_waadhoeke(root)
    new = run_cli("--map", str(root), "nieuw", "ede", "--gemeente", "Ede")
    assert new.status == 0, new.stderr
    one = run_cli("--map", str(root), "--afdeling", "ede")
    assert one.status == 0, one.stderr
    assert without_warnings(one.lines) == [
        "let op: nog 1 probleem in andere bestanden; zie: python build.py controleer"
    ]
    assert _portal_links(root / "site") == ["ede"]
    with bekijk(root) as address, urllib.request.urlopen(f"{address}ede/", timeout=10) as response:
        assert response.status == 200


def test_after_one_branch_on_a_fresh_checkout_the_portal_links_only_to_it(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    build_ok(root, "--afdeling", "utrecht")
    site = root / "site"
    assert _portal_links(site) == ["utrecht"]
    html = (site / "index.html").read_text("utf-8")
    for link in re.findall(r'href="([^":#?]+)"', html):
        target = site / link
        assert target.exists() or (target / "index.html").exists(), link


def test_a_problem_in_a_file_no_branch_uses_blocks_nothing(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    card = (root / "themes/jeugd.yml").read_text("utf-8").replace("id: jeugd", "id: jeugd-oud", 1)
    (root / "themes/jeugd-oud.yml").write_text(card.replace("jaar: 2022", 'jaar: "2022"', 1), "utf-8")
    run = run_cli("--map", str(root))
    assert run.status == 2
    assert run.lines[-1].startswith("fout: 1 probleem in 1 bestand; geen afdeling gebruikt dat")
    assert run.lines[0].startswith("themes/jeugd-oud.yml:")
    assert _portal_links(root / "site") == ["utrecht", "waadhoeke", "zwolle"]
    assert not (root / "site/bibliotheek/jeugd-oud").exists()


def test_problems_show_as_github_annotations(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    _break_waadhoeke(root)
    run = run_cli("--map", str(root), "controleer", env={"GITHUB_ACTIONS": "true"})
    assert run.status == 2
    assert run.lines[0] == f"::error file=content/afdelingen/waadhoeke.yml,line=26::{BROKEN}"


def test_annotation_escapes_what_github_reads_as_syntax() -> None:
    from bouwstenen.cli import _annotation
    from bouwstenen.problem import Problem

    problem = Problem("a,b:c.yml", 3, "100% fout\r\nregel", "los op")
    assert (
        _annotation(problem) == "::error file=a%2Cb%3Ac.yml,line=3::a,b:c.yml:3: 100%25 fout↵regel — los op"
    )


def test_changed_files_pick_the_branches_they_touch(tmp_path: Path) -> None:
    library = load(copy_library(tmp_path / "repo"))
    assert touched_by(library, ["content/afdelingen/zwolle.yml"]) == ["zwolle"]
    assert touched_by(library, ["themes/statushouders.yml", "README.md"]) == ["utrecht"]
    assert touched_by(library, ["themes/jeugd.yml"]) == ["utrecht", "waadhoeke", "zwolle"]
    assert touched_by(library, ["macros/site/thema.md.j2"]) == ["utrecht", "waadhoeke", "zwolle"]
    assert touched_by(library, ["README.md", ""]) == []


def test_a_pull_request_build_checks_all_and_builds_what_it_touches(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    changed = tmp_path / "gewijzigd.txt"
    changed.write_text("themes/statushouders.yml\n", "utf-8")
    run = run_cli("--map", str(root), "bouw", "--gewijzigd", str(changed))
    assert run.status == 0, run.stderr
    assert [line.split(":")[0] for line in run.stdout.splitlines()[:2]] == ["utrecht", "portaal"]
    assert _portal_links(root / "site") == ["utrecht"]


def test_shards_are_stable_when_branches_are_added() -> None:
    names = [f"gemeente-{i}" for i in range(200)]
    before = {name: shard_of(name, 4) for name in names}
    after = {name: shard_of(name, 4) for name in [*names, "almere", "aa-en-hunze"]}
    assert all(after[name] == shard for name, shard in before.items())
    assert {len(in_shard(names, i, 4)) for i in range(1, 5)} <= set(range(30, 71))


def _merge(root: Path, parts: list[Path]) -> Path:
    run = run_cli("--map", str(root), "samenvoegen", *map(str, parts))
    assert run.status == 0, run.stderr
    return root / "site"


def _add_almere(root: Path) -> None:
    zwolle = (root / "content/afdelingen/zwolle.yml").read_text("utf-8")
    (root / "content/afdelingen/almere.yml").write_text(zwolle.replace("Zwolle", "Almere"), "utf-8")
    card = root / "themes/jeugd.yml"
    card.write_text(card.read_text("utf-8").replace("titel: Jeugd", "titel: Jeugd en gezin", 1), "utf-8")


@pytest.mark.parametrize("count", [2, 3])
def test_merged_shards_equal_a_fresh_full_build_after_changes(tmp_path: Path, count: int) -> None:
    shards = [copy_library(tmp_path / f"deel{i}") for i in range(1, count + 1)]
    for index, shard in enumerate(shards, 1):
        build_ok(shard, "--shard", f"{index}/{count}")
    merged = _merge(copy_library(tmp_path / "samen1"), [s / "site" for s in shards])
    full = copy_library(tmp_path / "heel1")
    build_ok(full)
    assert tree(merged) == tree(full / "site")
    for shard in [*shards, full]:
        _add_almere(shard)
    for index, shard in enumerate(shards, 1):
        build_ok(shard, "--shard", f"{index}/{count}")
        own = sorted(p.name for p in (shard / "site").iterdir() if not p.name.startswith("."))
        assert own == in_shard(["almere", "utrecht", "waadhoeke", "zwolle"], index, count)
    again = copy_library(tmp_path / "samen2")
    _add_almere(again)
    merged = _merge(again, [s / "site" for s in shards])
    build_ok(full)
    assert tree(merged) == tree(full / "site")
    assert "Jeugd en gezin" in (merged / "almere/index.html").read_text("utf-8")


def test_merging_refuses_incomplete_parts(tmp_path: Path) -> None:
    shard = copy_library(tmp_path / "deel")
    build_ok(shard, "--shard", "1/3")
    root = copy_library(tmp_path / "samen")
    missing = sorted(
        {"utrecht", "waadhoeke", "zwolle"} - set(in_shard(["utrecht", "waadhoeke", "zwolle"], 1, 3))
    )
    run = run_cli("--map", str(root), "samenvoegen", str(shard / "site"))
    assert run.status == 2
    assert run.lines == [
        f"fout: geen enkel deel heeft de afdeling '{missing[0]}' — geef de mappen van alle delen"
        " (bouw --shard 1/N tot en met N/N)"
    ]
    assert not (root / "site").exists()

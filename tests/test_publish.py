"""Publishing at scale: all or nothing, incremental, deterministic, sharded."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import copy_library, run_cli

from bouwstenen import cache, pipeline
from bouwstenen.cli import main
from bouwstenen.handbook import build_date
from bouwstenen.load import load
from bouwstenen.problem import Problem


def _tree(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under `folder` with the hash of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in skip
    }


def _stat(folder: Path, files_only: bool = False) -> dict[str, tuple[int, int]]:
    """Inode and modification time of everything under `folder`."""
    return {
        str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() or not files_only
    }


def _build(root: Path, *args: str) -> list[str]:
    run = run_cli("--map", str(root), *args)
    assert run.status == 0, run.stderr
    return run.stdout.splitlines()


def test_a_failing_branch_in_a_parallel_build_keeps_the_old_site(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    _build(root)
    before = _tree(root / "site")
    branch = root / "content/afdelingen/waadhoeke.yml"
    text = branch.read_text("utf-8").replace("in het dorp,", "in het dorp ([plan](geen-plan.md)),")
    branch.write_text(text, encoding="utf-8")
    run = run_cli("--map", str(root), "--schoon", "--werkers", "2")
    assert run.status == 2
    assert "waadhoeke: mislukt" in run.stdout
    assert any(
        line.startswith("content/afdelingen/waadhoeke.yml:") and "geen-plan.md" in line for line in run.lines
    )
    assert run.lines[-1] == "fout: de website is niet bijgewerkt; site/ is nog precies zoals hij was"
    assert _tree(root / "site") == before
    assert not any(p.name.startswith(".site-") for p in root.iterdir())


def test_a_no_op_rebuild_writes_nothing(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    _build(root)
    before = {**_stat(root / "site"), **_stat(root / ".build")}
    assert _build(root) == ["Niets veranderd: site/ is al bij."]
    assert {**_stat(root / "site"), **_stat(root / ".build")} == before


def test_a_card_change_rebuilds_only_the_branches_using_it(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    _build(root)
    zwolle = _stat(root / "site/zwolle", files_only=True)
    card = root / "themes/statushouders.yml"  # chosen by Utrecht only
    card.write_text(card.read_text("utf-8").replace("Statushouders en integratie", "Nieuwkomers"), "utf-8")
    lines = _build(root)
    assert [line.split(":")[0] for line in lines] == ["portaal", "utrecht", "Klaar"]
    assert lines[-1].startswith("Klaar: 1 afdeling gebouwd, 2 ongewijzigd")
    assert _stat(root / "site/zwolle", files_only=True) == zwolle, "unchanged: hard links, not copies"
    assert "Nieuwkomers" in (root / "site/utrecht/themas/statushouders/index.html").read_text("utf-8")


def test_a_change_to_our_templates_or_code_changes_every_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = load(copy_library(tmp_path / "repo"))
    day = build_date()
    before = [cache.site_keys(library, day)[slug] for slug in ("utrecht", "zwolle")]
    monkeypatch.setattr(cache, "tooling", lambda: "een ander sjabloon")
    after = [cache.site_keys(library, day)[slug] for slug in ("utrecht", "zwolle")]
    assert all(old != new for old, new in zip(before, after, strict=True))


def test_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = copy_library(tmp_path / "een"), copy_library(tmp_path / "twee")
    _build(first, "--werkers", "2")
    _build(second, "--werkers", "1")
    assert _tree(first / "site") == _tree(second / "site")


def test_the_union_of_shards_is_the_full_build(tmp_path: Path) -> None:
    full = copy_library(tmp_path / "heel")
    _build(full)
    parts = [copy_library(tmp_path / f"deel{i}") for i in (1, 2)]
    built = [_build(part, "--shard", f"{i}/2") for i, part in enumerate(parts, 1)]
    assert sorted(line.split(":")[0] for line in built[0]) == ["Klaar", "portaal", "utrecht", "zwolle"]
    assert [line.split(":")[0] for line in built[1]] == ["portaal", "waadhoeke", "Klaar"]
    union: dict[str, str] = {}
    for part in parts:
        union.update(_tree(part / "site", skip=(cache.MANIFEST,)))
    assert union == _tree(full / "site", skip=(cache.MANIFEST,))


def test_shard_argument_is_checked(tmp_path: Path) -> None:
    run = run_cli("--map", str(copy_library(tmp_path / "repo")), "--shard", "3/2")
    assert run.status == 2
    assert run.stderr.strip() == "fout: --shard: '3/2' is geen deel; schrijf bijvoorbeeld 2/4 (deel 2 van 4)"


def test_an_engine_failure_is_our_bug_exit_1_and_the_old_site_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_library(tmp_path / "repo")
    _build(root)
    before = _tree(root / "site")

    def broken_pandoc(*_args: object, **_kwargs: object) -> tuple[tuple[()], list[Problem]]:
        where = "site/zwolle/downloads/zwolle-gemeenteprogramma"
        return (), [Problem(where, 0, "pandoc is stuk", "meld het", severity="intern")]

    monkeypatch.setattr(pipeline, "build_documents", broken_pandoc)
    assert main(["--map", str(root), "--afdeling", "zwolle", "--schoon", "--werkers", "1"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "interne fout: site/zwolle/downloads/zwolle-gemeenteprogramma: pandoc is stuk — meld het"
    assert _tree(root / "site") == before


def test_a_crash_leaves_no_half_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_library(tmp_path / "repo")
    _build(root)
    before = _tree(root / "site")

    def crash(*_args: object) -> None:
        raise RuntimeError("kapot")

    monkeypatch.setattr(pipeline, "build_branch", crash)
    assert main(["--map", str(root), "--schoon", "--werkers", "1"]) == 1
    assert _tree(root / "site") == before
    assert not any(p.name.startswith(".site-") for p in root.iterdir())

"""Publishing at scale: incremental, deterministic, and safe when our code fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import build_ok, copy_library, run_cli, tree

from bouwstenen import cache, pipeline
from bouwstenen.cli import main
from bouwstenen.handbook import build_date
from bouwstenen.load import load
from bouwstenen.problem import Problem


def _stat(folder: Path, files_only: bool = False) -> dict[str, tuple[int, int]]:
    """Inode and modification time of everything under `folder`."""
    return {
        str(p.relative_to(folder)): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file() or not files_only
    }


def test_a_no_op_rebuild_writes_nothing(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    build_ok(root)
    before = {**_stat(root / "site"), **_stat(root / ".build")}
    assert build_ok(root) == ["Niets veranderd: site/ is al bij."]
    assert {**_stat(root / "site"), **_stat(root / ".build")} == before


def test_a_card_change_rebuilds_only_the_branches_using_it(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    build_ok(root)
    zwolle = _stat(root / "site/zwolle", files_only=True)
    card = root / "themes/statushouders.yml"  # chosen by Utrecht only
    card.write_text(card.read_text("utf-8").replace("Een nieuw leven opbouwen", "Opnieuw beginnen"), "utf-8")
    lines = build_ok(root)
    assert [line.split(":")[0] for line in lines] == ["utrecht", "portaal", "Klaar", "Bekijk de site met"]
    assert lines[-2].startswith("Klaar: 1 afdeling gebouwd, 2 ongewijzigd")
    assert _stat(root / "site/zwolle", files_only=True) == zwolle, "unchanged: hard links, not copies"
    assert "Opnieuw beginnen" in (root / "site/utrecht/themas/statushouders/index.html").read_text("utf-8")


def test_a_change_to_our_templates_or_code_changes_every_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = load(copy_library(tmp_path / "repo"))
    day = build_date()
    before = list(cache.branch_keys(library, ("utrecht", "zwolle"), day).values())
    monkeypatch.setattr(cache, "tooling", lambda: "een ander sjabloon")
    after = list(cache.branch_keys(library, ("utrecht", "zwolle"), day).values())
    assert all(old != new for old, new in zip(before, after, strict=True))


def test_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    first, second = copy_library(tmp_path / "een"), copy_library(tmp_path / "twee")
    build_ok(first, "--werkers", "2")
    build_ok(second, "--werkers", "1")
    assert tree(first / "site") == tree(second / "site")


def test_shard_argument_is_checked(tmp_path: Path) -> None:
    run = run_cli("--map", str(copy_library(tmp_path / "repo")), "--shard", "3/2")
    assert run.status == 2
    assert run.stderr.strip() == "fout: --shard: '3/2' is geen deel; schrijf bijvoorbeeld 2/4 (deel 2 van 4)"


def test_an_engine_failure_is_our_bug_exit_1_and_the_old_site_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_library(tmp_path / "repo")
    build_ok(root)
    before = tree(root / "site", skip=(cache.MANIFEST,))

    def broken_pandoc(*_args: object, **_kwargs: object) -> tuple[tuple[()], list[Problem]]:
        where = "site/zwolle/downloads/zwolle-gemeenteprogramma"
        return (), [Problem(where, 0, "pandoc is stuk", "meld het", severity="intern")]

    monkeypatch.setattr(pipeline, "build_documents", broken_pandoc)
    assert main(["--map", str(root), "--afdeling", "zwolle", "--schoon", "--werkers", "1"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == "interne fout: site/zwolle/downloads/zwolle-gemeenteprogramma: pandoc is stuk — meld het"
    assert err[-1] == "  zwolle: de vorige versie blijft op de site"
    assert tree(root / "site", skip=(cache.MANIFEST,)) == before
    assert json.loads((root / "site" / cache.MANIFEST).read_text("utf-8"))["geblokkeerd"] == ["zwolle"]


def test_a_crash_leaves_no_half_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_library(tmp_path / "repo")
    build_ok(root)
    before = tree(root / "site")

    def crash(*_args: object) -> None:
        raise RuntimeError("kapot")

    monkeypatch.setattr(pipeline, "build_branch", crash)
    assert main(["--map", str(root), "--schoon", "--werkers", "1"]) == 1
    assert tree(root / "site") == before
    assert not any(p.name.startswith(".site-") for p in root.iterdir())


def test_a_new_card_title_reaches_the_branches_that_did_not_choose_it(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    build_ok(root)
    card = root / "themes/statushouders.yml"  # chosen by Utrecht only; Zwolle lists it as not chosen
    card.write_text(card.read_text("utf-8").replace("Statushouders en integratie", "Nieuwkomers"), "utf-8")
    build_ok(root)
    assert "Nieuwkomers" in (root / "site/zwolle/over/index.html").read_text("utf-8")

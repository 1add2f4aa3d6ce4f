"""The command line as a volunteer uses it: help, check, new, build."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

from bouwstenen.cli import _parser, main


def test_every_subcommand_has_dutch_help() -> None:
    parser = _parser()
    commands = next(a for a in parser._actions if a.dest == "==SUPPRESS==" and a.choices)
    assert set(commands.choices) == {"check", "new", "bekijk"}
    for action in commands._choices_actions:
        assert action.help, f"{action.dest} has no help text"
    for option in parser._actions:
        assert option is commands or option.help, f"{option.dest} has no help text"
    run = run_cli("--help")
    assert run.status == 0
    assert run.stdout.startswith("gebruik: python build.py")
    assert "controleer alle kaarten" in run.stdout


def test_check_on_the_real_library() -> None:
    run = run_cli("check")
    assert (run.status, run.stdout, run.stderr) == (0, "OK: 8 thema's, 3 afdelingen\n", "")


def test_new_branch_validates_at_once(repo: Path) -> None:
    run = run_cli("--map", str(repo), "new", "den-haag", "--gemeente", "Den Haag")
    assert run.status == 0, run.stderr
    assert run.stdout.startswith("Nieuw: content/afdelingen/den-haag.yml\nWat nu?\n")
    assert "python build.py check" in run.stdout
    text = (repo / "content/afdelingen/den-haag.yml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/afdeling.schema.json\n")
    assert 'naam: "Den Haag"' in text
    check = run_cli("--map", str(repo), "check")
    assert (check.status, check.stdout) == (0, "OK: 8 thema's, 4 afdelingen\n")
    build = run_cli("--map", str(repo), "--afdeling", "den-haag")
    assert build.status == 0
    assert build.stdout.splitlines()[1].startswith("den-haag: 8 thema's")


def test_new_with_a_name_in_quotes_and_accents(repo: Path) -> None:
    run = run_cli("--map", str(repo), "new", "sudwest-fryslan", "--gemeente", 'Súdwest-"Fryslân"')
    assert run.status == 0, run.stderr
    assert run_cli("--map", str(repo), "check").status == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["new", "Den Haag", "--gemeente", "Den Haag"],
            "fout: 'Den Haag' kan geen naam van een afdeling zijn — gebruik alleen kleine letters,"
            " cijfers en streepjes, bijvoorbeeld 'den-haag'",
        ),
        (
            ["new", "zwolle", "--gemeente", "Zwolle"],
            "fout: content/afdelingen/zwolle.yml bestaat al — kies een andere naam of pas het"
            " bestaande bestand aan",
        ),
        (["new", "ede"], "fout: dit ontbreekt nog: --gemeente — zie --help"),
        (
            ["--afdeling", "zwole"],
            "fout: onbekende afdeling 'zwole' — kies uit: utrecht, waadhoeke,"
            " zwolle (de bestandsnamen in content/afdelingen/ zonder .yml)",
        ),
        (["bouw"], "fout: onbekende opdracht 'bouw' — kies check, new of bekijk"),
    ],
)
def test_command_mistakes(repo: Path, args: list[str], message: str) -> None:
    run = run_cli("--map", str(repo), *args)
    assert (run.status, run.stderr.strip()) == (2, message)


def test_wrong_folder_is_explained(tmp_path: Path) -> None:
    run = run_cli("--map", str(tmp_path), "check")
    assert run.status == 2
    assert "staat geen map themes/" in run.stderr


def test_a_bug_of_ours_is_exit_1_without_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*_args: object) -> None:
        raise RuntimeError("kapot")

    monkeypatch.setattr("bouwstenen.cli.load", broken)
    assert main(["check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("interne fout in Bouwstenen (RuntimeError: kapot)")
    assert "Traceback" not in err


def test_only_the_chosen_branches_are_built(repo: Path) -> None:
    run = run_cli("--map", str(repo), "--afdeling", "zwolle", "--afdeling", "utrecht")
    assert run.status == 0
    names = [line.split(":")[0] for line in run.stdout.splitlines()]
    assert sorted(names[1:3]) == ["utrecht", "zwolle"] and names[::3] == ["portaal", "Klaar"]
    assert sorted(
        p.name for p in (repo / "site").iterdir() if p.name in ("utrecht", "waadhoeke", "zwolle")
    ) == [
        "utrecht",
        "zwolle",
    ]


def test_bekijk_serves_the_built_site(built_site: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--map", str(built_site.parent), "bekijk", "--poort", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        match = re.match(r"Bekijk de site op (http://127\.0\.0\.1:\d+/) \(stoppen: Ctrl\+C\)", line)
        assert match, line
        with urllib.request.urlopen(f"{match[1]}zwolle/", timeout=10) as response:
            assert "Gemeenteprogramma Zwolle" in response.read().decode("utf-8")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_bekijk_without_a_site(repo: Path) -> None:
    run = run_cli("--map", str(repo), "bekijk")
    assert (run.status, run.stderr.strip()) == (
        2,
        "fout: er is nog geen site om te bekijken — bouw hem eerst met: python build.py",
    )

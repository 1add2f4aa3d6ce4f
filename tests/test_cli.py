"""The command line as a volunteer uses it: help, check, new, build."""

from __future__ import annotations

import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, bekijk, run_cli

from bouwstenen import __version__
from bouwstenen.cli import command_line, main

COMMANDS = (
    "bouw",
    "controleer",
    "nieuw",
    "bekijk",
    "samenvoegen",
    "vastleggen",
    "bijwerken",
    "rapport",
    "stemhulp",
)


def _subcommands() -> dict[str, object]:
    parser = command_line()
    action = next(a for a in parser._actions if a.dest == "==SUPPRESS==" and a.choices)
    return dict(action.choices)  # type: ignore[arg-type]


def test_every_subcommand_has_dutch_help() -> None:
    commands = _subcommands()
    assert set(commands) == {*COMMANDS, "check", "new"}
    for name, command in commands.items():
        for option in command._actions:  # type: ignore[attr-defined]
            assert option.help, f"{name} {option.dest} has no help text"
    for option in command_line()._actions:
        assert option.help or option.dest == "==SUPPRESS==", f"{option.dest} has no help text"
    run = run_cli("--help")
    assert run.status == 0
    assert run.stdout.startswith("gebruik: python build.py")
    assert "controleer alle kaarten" in run.stdout


@pytest.mark.parametrize("command", [*COMMANDS, "check", "new"])
def test_each_command_explains_itself(command: str) -> None:
    run = run_cli(command, "--help")
    assert run.status == 0, run.stderr
    canonical = {"check": "controleer", "new": "nieuw"}.get(command, command)
    assert run.stdout.startswith(f"gebruik: python build.py {canonical}")
    assert "opties:" in run.stdout


def test_version() -> None:
    run = run_cli("--versie")
    assert (run.status, run.stdout) == (0, f"Bouwstenen {__version__}\n")


def test_check_on_the_real_library() -> None:
    for command in ("controleer", "check"):
        run = run_cli(command)
        assert (run.status, run.stdout) == (0, "OK: 8 thema's, 3 afdelingen\n")
        assert all(line.startswith("let op: ") for line in run.lines), run.stderr  # warnings only


@pytest.mark.parametrize(
    "args",
    [
        ["--map", "{repo}", "controleer"],
        ["controleer", "--map", "{repo}"],
        ["--map", "{repo}", "--afdeling", "zwolle", "bouw"],
        ["bouw", "--map", "{repo}", "--afdeling", "zwolle"],
        ["--afdeling", "zwolle", "bouw", "--map", "{repo}"],
    ],
)
def test_options_before_and_after_the_command(repo: Path, args: list[str]) -> None:
    run = run_cli(*(arg.format(repo=repo) for arg in args))
    assert run.status == 0, run.stderr
    if "bouw" in args:
        assert sorted(p.name for p in (repo / "site").iterdir() if p.name in ("utrecht", "zwolle")) == [
            "zwolle"
        ]


def test_outside_the_venv_it_says_how_to_install(tmp_path: Path) -> None:
    bare = tmp_path / "kaal"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True, timeout=120)
    python = bare / "bin" / "python"
    copy = tmp_path / "bouwstenen-kopie"
    copy.mkdir()
    shutil.copy(ROOT / "build.py", copy / "build.py")
    shutil.copytree(ROOT / "bouwstenen", copy / "bouwstenen")
    done = subprocess.run(
        [str(python), "build.py", "controleer"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("fout: Bouwstenen is nog niet geïnstalleerd (")
    assert done.stderr.rstrip().endswith(
        "ontbreekt) — draai eerst 'make' in deze map; dat installeert alles in .venv. Daarna werkt: python build.py"
    )
    assert "Traceback" not in done.stderr
    with_venv = subprocess.run(
        [str(python), str(ROOT / "build.py"), "--versie"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (with_venv.returncode, with_venv.stdout) == (0, f"Bouwstenen {__version__}\n"), with_venv.stderr


def test_new_branch_validates_at_once(repo: Path) -> None:
    run = run_cli("--map", str(repo), "new", "den-haag", "--gemeente", "Den Haag")
    assert run.status == 0, run.stderr
    assert run.stdout.startswith("Nieuw: content/afdelingen/den-haag.yml\nWat nu?\n")
    assert "python build.py controleer" in run.stdout
    text = (repo / "content/afdelingen/den-haag.yml").read_text("utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schemas/afdeling.schema.json\n")
    assert 'naam: "Den Haag"' in text
    check = run_cli("--map", str(repo), "check")
    assert (check.status, check.stdout) == (0, "OK: 8 thema's, 4 afdelingen\n")
    build = run_cli("--map", str(repo), "--afdeling", "den-haag")
    assert build.status == 0
    assert build.stdout.splitlines()[0].startswith("den-haag: 8 thema's")


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
        (
            ["bouwen"],
            "fout: onbekende opdracht 'bouwen' — kies bouw, controleer, nieuw, bekijk, vastleggen, bijwerken, rapport, stemhulp of samenvoegen",
        ),
        (["--werkers", "0"], "fout: --werkers: '0' is geen aantal; geef 1 of meer, bijvoorbeeld 4"),
        (
            ["bouw", "--werkers", "twee"],
            "fout: --werkers: 'twee' is geen aantal; geef 1 of meer, bijvoorbeeld 4",
        ),
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
    assert sorted(names[:2]) == ["utrecht", "zwolle"] and names[2:] == [
        "portaal",
        "Klaar",
        "Bekijk de site met",
    ]
    assert sorted(
        p.name for p in (repo / "site").iterdir() if p.name in ("utrecht", "waadhoeke", "zwolle")
    ) == [
        "utrecht",
        "zwolle",
    ]


def test_bekijk_serves_the_built_site(built_site: Path) -> None:
    with (
        bekijk(built_site.parent) as address,
        urllib.request.urlopen(f"{address}zwolle/", timeout=10) as response,
    ):
        assert "Gemeenteprogramma Zwolle" in response.read().decode("utf-8")


def test_bekijk_without_a_site(repo: Path) -> None:
    run = run_cli("--map", str(repo), "bekijk")
    assert (run.status, run.stderr.strip()) == (
        2,
        "fout: er is nog geen site om te bekijken — bouw hem eerst met: python build.py",
    )


def test_one_problem_is_named_in_the_singular(repo: Path) -> None:
    branch = repo / "content/afdelingen/zwolle.yml"
    branch.write_text(branch.read_text("utf-8").replace("kaart: jeugd", "kaart: jeugt"), "utf-8")
    run = run_cli("--map", str(repo), "controleer")
    assert run.status == 2
    assert run.lines[-1] == "fout: 1 probleem in 1 bestand; los het op en probeer het opnieuw"


@pytest.mark.parametrize(
    ("gemeente", "file"),
    [
        ("Súdwest-Fryslân", "sudwest-fryslan"),
        ("'s-Hertogenbosch", "s-hertogenbosch"),
        ("Den Haag", "den-haag"),
    ],
)
def test_new_makes_the_web_address_from_the_municipality(repo: Path, gemeente: str, file: str) -> None:
    run = run_cli("--map", str(repo), "nieuw", "--gemeente", gemeente)
    assert run.status == 0, run.stderr
    assert run.stdout.startswith(f"Nieuw: content/afdelingen/{file}.yml\n")
    assert run_cli("--map", str(repo), "controleer", "--afdeling", file).status == 0

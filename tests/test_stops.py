"""Stops, races and odd disks: however a build ends, site/ is whole and no process is left.

Builds run as `python build.py` in their own process group, as from a terminal. Every
process a build starts (workers, pandoc) inherits the environment variable named in
TAG, with a value of its own per build, so the test finds each of them in /proc,
orphans included. Bouwstenen itself never reads that variable.
"""

from __future__ import annotations

import errno
import fcntl
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import (
    FIXTURES,
    ROOT,
    bekijk,
    copy_library,
    ctrl_c_as_in_a_terminal,
    run_cli,
    tree,
    without_warnings,
)

from bouwstenen import lock, pipeline, publish, scaffold
from bouwstenen.cache import MANIFEST
from bouwstenen.cli import main
from bouwstenen.problem import Problem

TAG = "BOUWSTENEN_TEST_STOPS_TAG"
STOPPED = "afgebroken met Ctrl+C — site/ is heel gebleven; start opnieuw wanneer je wilt"
WAITING = "let op: er draait al een bouw in deze map; Bouwstenen wacht hoogstens 10 seconden"
BRANCHES = ("utrecht", "waadhoeke", "zwolle")


def _unsafe(name: str) -> str:
    return (
        f"fout: {name} is een snelkoppeling (symlink) — Bouwstenen volgt die niet, zodat het nooit"
        " buiten deze map schrijft of wist; haal de snelkoppeling weg (Bouwstenen maakt de map zelf"
        " opnieuw) en bouw opnieuw"
    )


# --- helpers -------------------------------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, int]:
    """Every path under `folder`, with the modification time of each file and symlink."""
    return {
        str(p): 0 if p.is_dir() and not p.is_symlink() else p.lstat().st_mtime_ns for p in folder.rglob("*")
    }


def _leftovers(root: Path) -> list[str]:
    """What a build must not leave next to site/: staging folders, old sites, the lock."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".site-", lock.LOCK_FILE)))


def _whole(site: Path, branches: tuple[str, ...] = BRANCHES) -> None:
    """site/ has its front page, a manifest with exactly `branches`, and each branch complete."""
    assert (site / "index.html").is_file()
    manifest = (site / MANIFEST).read_text("utf-8")
    for slug in branches:
        assert f'"{slug}"' in manifest
        assert (site / slug / "index.html").is_file()
        downloads = sorted(path.name for path in (site / slug / "downloads").iterdir())
        stem = f"{slug}-gemeenteprogramma"
        handbook = [f"{stem}.docx", f"{stem}.md", f"{stem}.odt", f"{stem}.pdf"]
        short = [name for name in downloads if name.startswith(f"{slug}-kernpunten")]
        assert f"{slug}-kernpunten.pdf" in short
        images = {name.removesuffix(".png") for name in short if name.endswith(".png")}
        assert images and images == {name.removesuffix(".txt") for name in short if name.endswith(".txt")}
        assert downloads == sorted([*handbook, *short, f"{slug}.yml"])


def _start(root: Path, *args: str, tag: str) -> subprocess.Popen[str]:
    """`python build.py --map root ARGS` in a process group of its own, tagged with `tag`."""
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI")}
    return subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--map", str(root), *args],
        env=environment | {TAG: tag},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=ctrl_c_as_in_a_terminal,
    )


def _read_lines(process: subprocess.Popen[str], count: int) -> list[str]:
    assert process.stdout is not None
    lines = [process.stdout.readline() for _ in range(count)]
    assert all(lines), f"the build ended early: {lines}"
    return lines


def _tagged(tag: str) -> list[int]:
    """Living processes (not zombies) whose environment holds `tag`."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            environment = (proc / "environ").read_bytes()
            state = (proc / "stat").read_text("ascii", "replace").rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if f"{TAG}={tag}".encode() in environment.split(b"\0") and state != "Z":
            found.append(int(proc.name))
    return found


def _all_gone(tag: str, seconds: float = 15) -> list[int]:
    """Wait until no process carries `tag`; return those still there after `seconds`."""
    deadline = time.monotonic() + seconds
    while (left := _tagged(tag)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=120)
    return process.returncode, out, err


@pytest.fixture(scope="session")
def _built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_library(tmp_path_factory.mktemp("stops") / "repo")
    run = run_cli("--map", str(root), "--werkers", "2")
    assert run.status == 0, run.stderr
    return root


@pytest.fixture
def built(_built: Path, tmp_path: Path) -> Path:
    """A copy of the real library with site/ built, private to this test."""
    root = tmp_path / "repo"
    shutil.copytree(_built, root, symlinks=True)
    return root


@pytest.fixture
def two_branches(mini: Path) -> Path:
    """The mini library with a second branch, so that a build uses worker processes."""
    assert main(["--map", str(mini), "nieuw", "--gemeente", "Epe"]) == 0
    return mini


def _root_only() -> None:
    """Mounting a file system and making a folder immutable need root, as in CI (.ci/run)."""
    if os.geteuid() != 0:
        pytest.skip("needs root: mount and chattr (CI runs the tests as root)")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """An 8 MB tmpfs, so that the disk can really be full or read-only."""
    _root_only()
    disk = tmp_path / "schijf"
    disk.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)], check=True)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def _fill(disk: Path, leave: int) -> Path:
    """A file that leaves only `leave` bytes free on `disk`."""
    filler = disk / "vulling"
    stat = os.statvfs(disk)
    size = stat.f_bavail * stat.f_frsize - leave
    with filler.open("wb") as handle:
        if size > 0:
            os.posix_fallocate(handle.fileno(), 0, size)
    return filler


# --- two builds at once ---------------------------------------------------------------------


def test_two_builds_at_once_take_turns_and_the_site_is_whole(tmp_path: Path) -> None:
    root = copy_library(tmp_path / "repo")
    tag = uuid.uuid4().hex
    builds = [_start(root, "--werkers", "1", tag=tag) for _ in range(2)]
    runs = [_finish(build) for build in builds]
    assert "Traceback" not in "".join(out + err for _, out, err in runs)
    waited = [err for _, _, err in runs if err.startswith(WAITING)]
    assert len(waited) == 1, runs  # the other one held the lock from start to end
    busy = re.compile(
        r"fout: er draait al een andere bouw in deze map \(proces \d+\) — wacht tot die klaar is"
        r" en probeer het dan opnieuw"
    )
    for status, out, err in runs:  # the second one built after the first, or gave up after 10 s
        assert status == 0 or (status == 2 and busy.fullmatch(err.splitlines()[-1])), (status, out, err)
    assert any(status == 0 for status, _, _ in runs)
    _whole(root / "site")
    assert _leftovers(root) == []
    again = run_cli("--map", str(root))
    assert (again.status, again.stdout) == (0, "Niets veranderd: site/ is al bij.\n")


def test_a_second_build_gives_up_with_a_message_when_the_first_takes_long(
    two_branches: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    held = os.open(two_branches / lock.LOCK_FILE, os.O_RDWR | os.O_CREAT)
    fcntl.flock(held, fcntl.LOCK_EX)
    os.write(held, b"4242\n")
    monkeypatch.setattr(lock, "WAIT_SECONDS", 0.5)
    try:
        started = time.monotonic()
        assert main(["--map", str(two_branches)]) == 2
        assert time.monotonic() - started >= 0.5
    finally:
        os.close(held)
    assert capsys.readouterr().err.splitlines()[-1] == (
        "fout: er draait al een andere bouw in deze map (proces 4242) — wacht tot die klaar is en"
        " probeer het dan opnieuw"
    )
    assert not (two_branches / "site").exists()
    assert (two_branches / lock.LOCK_FILE).exists(), "the waiting build leaves the holder's lock alone"


# --- kill -9 ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lines", [1, 2], ids=["na-1-afdeling", "na-2-afdelingen"])
def test_kill_9_leaves_no_process_and_the_old_site_whole(built: Path, lines: int) -> None:
    before = tree(built / "site")
    tag = uuid.uuid4().hex
    build = _start(built, "--schoon", "--werkers", "2", tag=tag)
    _read_lines(build, lines)
    assert len(_tagged(tag)) >= 3, "the build and its two workers run"
    os.kill(build.pid, signal.SIGKILL)
    build.wait(timeout=10)
    assert _all_gone(tag) == [], "a worker or engine outlived the build"
    assert tree(built / "site") == before
    after = run_cli("--map", str(built))
    assert after.status == 0, after.stderr
    assert _leftovers(built) == []
    assert tree(built / "site") == before


@pytest.mark.parametrize(
    "left",
    [(".site-oud",), (".site-oud-0badc0de", ".site-nieuw-0ddba11e"), (".site-nieuw-0ddba11e",)],
    ids=["oude-naam", "oud-en-nieuw", "alleen-nieuw"],
)
def test_a_stop_between_the_two_renames_is_repaired_by_the_next_build(
    built: Path, left: tuple[str, ...]
) -> None:
    """What kill -9 between site/ → .site-oud-… and .site-nieuw-… → site/ leaves: no site/."""
    before = tree(built / "site")
    for name in left:
        shutil.copytree(built / "site", built / name)
    shutil.rmtree(built / "site")
    run = run_cli("--map", str(built))
    assert run.status == 0, run.stderr
    assert without_warnings(run.lines) == [
        f"let op: site/ ontbrak na een onderbroken bouw; teruggezet uit {left[0]}/"
    ]
    assert run.stdout == "Niets veranderd: site/ is al bij.\n"
    assert tree(built / "site") == before
    assert _leftovers(built) == []


def test_a_half_removed_old_site_is_never_put_back(built: Path) -> None:
    half = built / ".site-oud-0badc0de"
    (built / "site").rename(half)
    (half / MANIFEST).unlink()  # a folder being removed loses its manifest first
    run = run_cli("--map", str(built))
    assert run.status == 0, run.stderr
    assert "ontbrak" not in run.stderr
    _whole(built / "site")
    assert _leftovers(built) == []


def test_when_the_second_rename_fails_the_old_site_comes_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "oud.html").write_text("oud", "utf-8")
    staging = publish.staging_for(site)
    (staging / "nieuw.html").write_text("nieuw", "utf-8")
    monkeypatch.setattr(publish, "_exchange", lambda *_: False)
    rename = Path.rename

    def failing(self: Path, target: Path) -> Path:
        if self == staging:
            raise OSError(errno.ENOSPC, "No space left on device")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(OSError):
        publish.publish(staging, site)
    assert [p.name for p in site.iterdir()] == ["oud.html"]


def test_on_linux_the_swap_is_one_step(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "oud.html").write_text("oud", "utf-8")
    staging = publish.staging_for(site)
    (staging / "nieuw.html").write_text("nieuw", "utf-8")

    def no_rename(self: Path, target: Path) -> Path:
        raise AssertionError("renamed in two steps")

    monkeypatch.setattr(Path, "rename", no_rename)
    publish.publish(staging, site)
    assert [p.name for p in site.iterdir()] == ["nieuw.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


# --- Ctrl+C -------------------------------------------------------------------------------------


@pytest.mark.parametrize("moment", ["opstarten", "1 afdeling", "2 afdelingen"])
def test_ctrl_c_at_any_moment_is_one_dutch_line_and_exit_130(built: Path, moment: str) -> None:
    before = tree(built / "site")
    tag = uuid.uuid4().hex
    build = _start(built, "--schoon", "--werkers", "2", tag=tag)
    if moment == "opstarten":
        time.sleep(0.3)  # Python is still loading Bouwstenen
    else:
        _read_lines(build, int(moment[0]))
    os.killpg(build.pid, signal.SIGINT)  # what Ctrl+C in a terminal does: the whole group
    status, _, err = _finish(build)
    assert (status, err) == (130, STOPPED + "\n")
    assert _all_gone(tag) == []
    assert tree(built / "site") == before
    assert _leftovers(built) == []


# --- symlinks -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["site", ".build", ".build/dorp", ".site-nieuw", ".bouwstenen.lock"])
def test_a_symlink_where_the_build_writes_is_refused_and_never_followed(
    mini: Path, tmp_path: Path, name: str
) -> None:
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "dorp").mkdir()
    (outside / "dorp" / "bewaren.txt").write_text("van iemand anders", "utf-8")
    (outside / "bewaren.txt").write_text("van iemand anders", "utf-8")
    link = mini / name
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside / "bewaren.txt" if name.endswith(".lock") else outside)
    before = _snapshot(outside)
    run = run_cli("--map", str(mini))
    assert (run.status, run.lines) == (2, [_unsafe(name)])
    assert _snapshot(outside) == before
    assert (outside / "bewaren.txt").read_text("utf-8") == "van iemand anders"
    assert link.is_symlink()


def test_a_symlink_inside_site_is_refused(mini: Path, tmp_path: Path) -> None:
    assert run_cli("--map", str(mini)).status == 0
    (tmp_path / "geheim.txt").write_text("geheim", "utf-8")
    (mini / "site/dorp/geheim.txt").symlink_to(tmp_path / "geheim.txt")
    run = run_cli("--map", str(mini), "--schoon")
    assert (run.status, run.lines) == (2, [_unsafe("site/dorp/geheim.txt")])


def test_leftovers_that_cannot_be_removed_never_block_a_build(two_branches: Path) -> None:
    """An old site and a staging folder, each with an immutable folder inside (chattr +i)."""
    _root_only()
    root = two_branches
    assert run_cli("--map", str(root)).status == 0
    stuck = [root / ".site-oud" / "vast", root / ".site-nieuw" / "vast"]
    shutil.copytree(root / "site", root / ".site-oud")
    with _immutable(stuck):
        for _ in range(2):
            run = run_cli("--map", str(root), "--schoon")
            assert run.status == 0, run.stderr
            _whole(root / "site", ("dorp", "epe"))
        assert all((folder / "bestand").is_file() for folder in stuck)
        assert _leftovers(root) == [".site-nieuw", ".site-oud"]
        assert [p.name for p in (root / ".site-oud").iterdir()] == ["vast"], "the rest is removed"


@contextmanager
def _immutable(folders: list[Path]) -> Iterator[None]:
    """Each folder made, with a file in it, and immutable (chattr +i) while the block runs."""
    for folder in folders:
        folder.mkdir(parents=True)
        (folder / "bestand").write_text("x", "utf-8")
    subprocess.run(["chattr", "+i", *map(str, folders)], check=True)
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", *map(str, folders)], check=True)


def test_a_merge_folder_that_cannot_be_removed_never_blocks_samenvoegen(
    two_branches: Path, tmp_path: Path
) -> None:
    _root_only()
    root = two_branches
    shards = []
    for index in (1, 2):
        shard = tmp_path / f"deel{index}"
        shutil.copytree(root, shard)
        assert run_cli("--map", str(shard), "--shard", f"{index}/2").status == 0
        shards.append(str(shard / "site"))
    with _immutable([root / ".site-delen" / "vast", root / ".site-delen-oud" / "vast"]):
        for _ in range(2):
            run = run_cli("--map", str(root), "samenvoegen", *shards)
            assert run.status == 0, run.stderr
            _whole(root / "site", ("dorp", "epe"))
        assert _leftovers(root) == [".site-delen", ".site-delen-oud"]


# --- full and read-only disks ---------------------------------------------------------------


@pytest.mark.parametrize("free_kb", [0, 400, 1200])
def test_a_full_disk_is_a_dutch_message_and_the_site_stays_whole(small_disk: Path, free_kb: int) -> None:
    root = small_disk / "repo"
    shutil.copytree(FIXTURES / "mini", root)
    assert main(["--map", str(root), "nieuw", "--gemeente", "Epe"]) == 0
    assert run_cli("--map", str(root)).status == 0
    before = tree(root / "site")
    filler = _fill(small_disk, free_kb * 1024)
    run = run_cli("--map", str(root), "--schoon", "--werkers", "2")
    assert "Traceback" not in run.stderr and "interne fout" not in run.stderr, run.stderr
    if free_kb == 0 or run.status != 0:
        assert run.status == 2, run.stderr
        assert any(
            line.startswith("fout: de schijf is vol") or "de schijf is vol —" in line for line in run.lines
        )
        assert tree(root / "site") == before
    new = run_cli("--map", str(root), "nieuw", "--gemeente", "Olst")
    assert new.status in (0, 2), new.stderr
    made = sorted(p.name for p in (root / "content/afdelingen").iterdir())
    assert made in (["dorp.yml", "epe.yml"], ["dorp.yml", "epe.yml", "olst.yml"]), "no half file"
    filler.unlink()
    again = run_cli("--map", str(root))
    assert again.status == 0, again.stderr
    _whole(root / "site", tuple(name.removesuffix(".yml") for name in made))
    assert _leftovers(root) == []


def test_a_full_disk_while_pandoc_writes_is_not_called_our_bug(
    two_branches: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a small disk: pandoc's own words for ENOSPC, as it reports them."""

    def full(*_args: object, **_kwargs: object) -> tuple[tuple[()], list[Problem]]:
        message = "pandoc kon het handboek niet omzetten: withBinaryFile: resource exhausted (No space left on device)"
        return (), [Problem("site/dorp/downloads/dorp", 0, message, "meld het", severity="intern")]

    monkeypatch.setattr(pipeline, "build_documents", full)
    assert main(["--map", str(two_branches), "--werkers", "1"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (
        "site/dorp/downloads/dorp: de schijf is vol — maak ruimte vrij en probeer het opnieuw;"
        " site/ blijft zoals hij was"
    )
    assert not any("interne fout" in line for line in err)


def test_a_full_disk_while_publishing_leaves_the_site_and_no_staging(
    two_branches: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--map", str(two_branches)]) == 0
    before = tree(two_branches / "site")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(two_branches / "site"))

    monkeypatch.setattr(pipeline, "write_manifest", full)
    capsys.readouterr()
    assert main(["--map", str(two_branches), "--schoon", "--werkers", "1"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "fout: de schijf is vol — maak ruimte vrij en probeer het opnieuw; site/ blijft zoals hij was"
    )
    assert tree(two_branches / "site") == before
    assert _leftovers(two_branches) == []


def test_a_read_only_folder_is_a_dutch_message(small_disk: Path) -> None:
    root = small_disk / "repo"
    shutil.copytree(FIXTURES / "mini", root)
    assert run_cli("--map", str(root)).status == 0
    before = tree(root / "site")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        build = run_cli("--map", str(root), "--schoon")
        new = run_cli("--map", str(root), "nieuw", "--gemeente", "Olst")
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    hint = "geef jezelf schrijfrechten op deze map, of kies met --map een map waarin dat wel mag; site/ blijft zoals hij was"
    assert (build.status, build.lines) == (
        2,
        [f"fout: de map is alleen-lezen ({root / lock.LOCK_FILE}) — {hint}"],
    )
    assert new.status == 2
    assert re.fullmatch(
        rf"fout: de map is alleen-lezen \({re.escape(str(root))}/content/afdelingen/\.olst\.yml\.[0-9a-f]+\.deel\) — {re.escape(hint)}",
        new.stderr.strip(),
    )
    assert tree(root / "site") == before
    assert sorted(p.name for p in (root / "content/afdelingen").iterdir()) == ["dorp.yml"]


# --- what the command line refuses --------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--werkers", "-1"], "fout: --werkers: '-1' is geen aantal; geef 1 of meer, bijvoorbeeld 4"),
        (["--werkers", "²"], "fout: --werkers: '²' is geen aantal; geef 1 of meer, bijvoorbeeld 4"),
        (
            ["--werkers", "100000"],
            "fout: --werkers: '100000' is te veel; geef hoogstens 64 (meer processen dan kernen maakt het"
            " niet sneller)",
        ),
        (
            ["bekijk", "--poort", "99999"],
            "fout: --poort: '99999' is geen poort; geef een getal van 1024 tot en met 65535, bijvoorbeeld 8000",
        ),
        (
            ["bekijk", "--poort", "-1"],
            "fout: --poort: '-1' is geen poort; geef een getal van 1024 tot en met 65535, bijvoorbeeld 8000",
        ),
        (
            ["nieuw", "assets", "--gemeente", "Assen"],
            "fout: 'assets' kan geen naam van een afdeling zijn: de website gebruikt die naam zelf — kies"
            " een andere, bijvoorbeeld 'afdeling-assets'",
        ),
        (
            ["nieuw", "--gemeente", "Search"],
            "fout: 'search' kan geen naam van een afdeling zijn: de website gebruikt die naam zelf — kies"
            " een andere, bijvoorbeeld 'afdeling-search'",
        ),
        (
            ["nieuw", "--gemeente", "Den <b>Haag</b>"],
            "fout: 'Den <b>Haag</b>' kan geen naam van een gemeente zijn (het teken < hoort niet in een"
            ' naam) — geef de gewone naam, bijvoorbeeld --gemeente "Den Haag"',
        ),
        (
            ["nieuw", "--gemeente", "Den\u2028Haag"],
            "fout: 'Den\\u2028Haag' kan geen naam van een gemeente zijn (het teken \\u2028 hoort niet in"
            ' een naam) — geef de gewone naam, bijvoorbeeld --gemeente "Den Haag"',
        ),
    ],
)
def test_bad_command_input_is_a_dutch_message_and_writes_nothing(
    mini: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = _snapshot(mini)
    assert main(["--map", str(mini), *args]) == 2
    assert capsys.readouterr().err.strip() == message
    assert _snapshot(mini) == before


def test_a_new_file_that_would_not_validate_is_never_written(
    mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Whatever `check` refuses in a new file, `nieuw` refuses before it writes."""

    def refuses(library: object) -> list[Problem]:
        return [Problem("content/afdelingen/epe.yml", 8, "deze naam kan niet", "geef een andere")]

    monkeypatch.setattr(scaffold, "validate", refuses)
    before = _snapshot(mini)
    assert main(["--map", str(mini), "nieuw", "--gemeente", "Epe"]) == 2
    assert capsys.readouterr().err.strip() == (
        "fout: met de naam 'Epe' klopt het nieuwe bestand niet (deze naam kan niet) — geef de gewone"
        ' naam van de gemeente, bijvoorbeeld --gemeente "Den Haag"'
    )
    assert _snapshot(mini) == before


def test_a_full_disk_while_writing_a_new_file_leaves_no_half_file(
    mini: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(scaffold.os, "link", full)
    before = _snapshot(mini)
    assert main(["--map", str(mini), "nieuw", "--gemeente", "Epe"]) == 2
    assert capsys.readouterr().err.strip() == (
        "fout: de schijf is vol — maak ruimte vrij en probeer het opnieuw; site/ blijft zoals hij was"
    )
    assert _snapshot(mini) == before


# --- bekijk -------------------------------------------------------------------------------------


@pytest.fixture
def served(mini: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """`bekijk` on the built mini site, with a secret outside site/ and links to it inside."""
    assert run_cli("--map", str(mini)).status == 0
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "geheim.txt").write_text("geheim", "utf-8")
    site = mini / "site"
    (site / "uit").symlink_to(outside)
    (site / "geheim.html").symlink_to(outside / "geheim.txt")
    (site / "leeg").mkdir()
    (site / "omweg").mkdir()
    (site / "omweg" / "index.htm").symlink_to(outside / "geheim.txt")
    (site / ".verborgen").mkdir()
    (site / ".verborgen" / "index.html").write_text("verborgen", "utf-8")
    with bekijk(mini) as address:
        yield address.rstrip("/"), site


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/dorp/", 200),
        ("/.bouwstenen.json", 404),
        ("/.verborgen/", 404),
        ("/leeg/", 404),
        ("/dorp/downloads/", 404),
        ("/uit/geheim.txt", 404),
        ("/geheim.html", 404),
        ("/omweg/", 404),
        ("/%2e%2e/buiten/geheim.txt", 404),
    ],
)
def test_bekijk_serves_only_the_files_of_site(served: tuple[str, Path], path: str, status: int) -> None:
    address, _ = served
    assert _status(address + path) == status


def test_bekijk_refuses_a_site_that_is_a_symlink(mini: Path, tmp_path: Path) -> None:
    (tmp_path / "elders").mkdir()
    (tmp_path / "elders" / "index.html").write_text("elders", "utf-8")
    (mini / "site").symlink_to(tmp_path / "elders")
    run = run_cli("--map", str(mini), "bekijk", "--poort", "0")
    assert (run.status, run.lines) == (
        2,
        [
            "fout: site is een snelkoppeling (symlink) — Bouwstenen laat alleen een gewone map zien;"
            " haal de snelkoppeling weg en bouw de site opnieuw met: python build.py"
        ],
    )

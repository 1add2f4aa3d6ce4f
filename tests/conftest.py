"""Shared helpers: a copy of a fixture library and the CLI run as a volunteer runs it."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from bouwstenen.cache import SEARCH_FOLDER

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium, which Playwright drives (no browser can be downloaded here)."""
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@dataclass(frozen=True)
class Run:
    """What a volunteer sees after one command."""

    status: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stderr.splitlines()


def without_warnings(lines: list[str]) -> list[str]:
    """`lines` without the blocks of warnings (old figures, duplicate points) that every run on
    the real library prints: a line 'afdeling X: N waarschuwingen:' (or 'landelijke kaarten: N
    waarschuwingen:') and the N lines after it."""
    kept: list[str] = []
    skip = 0
    for line in lines:
        header = re.match(r"(?:let op|fout): (?:afdeling \S+|landelijke kaarten): (\d+) waarschuwing", line)
        if skip:
            skip -= 1
        elif header:
            skip = int(header[1])
        else:
            kept.append(line)
    return kept


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run `python build.py ARGS` as a subprocess, the way a volunteer does."""
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI")}
    done = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args],
        cwd=cwd,
        env=environment | (env or {}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the tests of a module."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small test library in tests/fixtures/mini."""
    target = tmp_path / "mini"
    shutil.copytree(FIXTURES / "mini", target)
    return target


def copy_library(target: Path) -> Path:
    """Copy the real themes/ and content/ to `target`, a stand-in for a party's repo."""
    for name in ("themes", "content"):
        shutil.copytree(ROOT / name, target / name)
    return target


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A writable copy of the real library: themes and content."""
    return copy_library(tmp_path / "repo")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """site/ built once from a copy of the real library, shared by the read-only site tests."""
    root = copy_library(tmp_path_factory.mktemp("gebouwd"))
    run = run_cli("--map", str(root))
    assert run.status == 0, run.stderr
    return root / "site"


def tree(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """Every file under `folder` (but those named in `skip`) with the hash of its bytes.

    The search index (pagefind/) is left out: Pagefind names some of its files differently on
    each run, also for the same pages. tests/test_search.py checks the index by searching it."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name not in skip and path.relative_to(folder).parts[0] != SEARCH_FOLDER
    }


def build_ok(root: Path, *args: str) -> list[str]:
    """`python build.py --map ROOT ARGS`, which must succeed; its output lines."""
    run = run_cli("--map", str(root), *args)
    assert run.status == 0, run.stderr
    return run.stdout.splitlines()


def ctrl_c_as_in_a_terminal() -> None:
    """For a child process (`preexec_fn`): Ctrl+C stops it, as in a volunteer's terminal. A
    shell that started the tests in the background (`nohup ... &`) hands SIGINT down as
    ignored, and Python then never raises KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


@contextmanager
def serving(root: Path, *options: str) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`python build.py --map ROOT bekijk OPTIONS --poort 0` while the block runs; yields its
    address and the process."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--map", str(root), "bekijk", *options, "--poort", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=ctrl_c_as_in_a_terminal,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        match = re.fullmatch(r"Bekijk de site op (http://127\.0\.0\.1:\d+/) \(stoppen: Ctrl\+C\)\n", line)
        assert match, line + (process.stderr.read() if process.stderr and process.poll() is not None else "")
        yield match[1], process
    finally:
        if process.poll() is None:
            process.terminate()
        process.wait(timeout=10)


@contextmanager
def bekijk(root: Path) -> Iterator[str]:
    """`python build.py --map ROOT bekijk --poort 0` while the block runs; yields its address."""
    with serving(root) as (address, _):
        yield address

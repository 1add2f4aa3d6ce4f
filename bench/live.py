"""Benchmark of `bekijk --afdeling`: from saving a card to the refreshed page in Chromium.

    .venv/bin/python bench/live.py               # 21 saves; writes its section of docs/benchmarks.md
    .venv/bin/python bench/live.py --keer 5      # a quick look, prints only

A copy of the real library; `python build.py bekijk --afdeling zwolle --poort 0` runs as a
volunteer runs it. Each round changes the title of the first card Zwolle chooses, and
times from just before the write until the open page (Debian's Chromium, driven by
Playwright) has loaded again and shows the new title. Before the next save it waits
until the handbooks have followed, so each round is one save on a quiet server. Every
figure comes from this run; the target is reported as met or missed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import platform
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import yaml
from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "docs" / "benchmarks.md"
HEADING = "## Bekijken terwijl je werkt (`bekijk --afdeling`)"
BRANCH = "zwolle"
TARGET_SECONDS = 1.0
QUIET = 0.05
"""bouwstenen.live.QUIET_SECONDS: how long `bekijk` waits for the rest of a save."""
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keer", type=int, default=21, help="how many saves to time")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bouwstenen-bench-live-") as folder:
        root = Path(folder)
        for name in ("themes", "content"):
            shutil.copytree(ROOT / name, root / name)
        times = _measure(root, args.keer)
    section = _section(times, " ".join(["bench/live.py", *(argv if argv is not None else sys.argv[1:])]))
    print(section)
    if args.keer == 21:
        _write_section(REPORT, section)
    return 0


def _measure(root: Path, count: int) -> list[tuple[float, float]]:
    build = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--map", str(root), "--afdeling", BRANCH],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr
    card = _first_card(root)
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "--map",
            str(root),
            "bekijk",
            "--afdeling",
            BRANCH,
            "--poort",
            "0",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = _lines(process)
    try:
        match = re.fullmatch(r"Bekijk de site op (http://127\.0\.0\.1:\d+/) .*", lines.get(timeout=120))
        assert match
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            page.goto(f"{match[1]}{BRANCH}/themas/{card.stem}/")
            times = [_one_save(page, card, lines, number) for number in range(1, count + 1)]
            browser.close()
        return times
    finally:
        process.terminate()
        process.wait(timeout=30)


def _one_save(page: Page, card: Path, lines: queue.Queue[str], number: int) -> tuple[float, float]:
    """Seconds from writing the card to the page having loaded again with the new title, and
    the seconds `bekijk` itself says it took (check the files, build the site, swap it in)."""
    text = card.read_text("utf-8")
    title = f"Meting {number}"
    changed = re.sub(r"^titel: .*$", f"titel: {title}", text, count=1, flags=re.MULTILINE)
    _drain(lines)
    with page.expect_navigation(wait_until="load", timeout=30_000):
        started = time.perf_counter()
        card.write_text(changed, "utf-8")
    elapsed = time.perf_counter() - started
    heading = page.locator("h1").first.inner_text()
    assert heading.startswith(title), heading
    built = re.search(r"\((\d+,\d) s\)", _wait_for(lines, "Bijgewerkt: "))
    assert built, "bekijk did not say how long it took"
    _wait_for(lines, "Handboeken en portaal bijgewerkt")
    return elapsed, float(built[1].replace(",", "."))


def _first_card(root: Path) -> Path:
    branch = yaml.safe_load((root / "content/afdelingen" / f"{BRANCH}.yml").read_text("utf-8"))
    return root / "themes" / f"{branch['themas'][0]['kaart']}.yml"


def _lines(process: subprocess.Popen[str]) -> queue.Queue[str]:
    """The lines `bekijk` writes to stdout, as they come."""
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in process.stdout or ():
            found.put(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    return found


def _drain(lines: queue.Queue[str]) -> None:
    while not lines.empty():
        lines.get_nowait()


def _wait_for(lines: queue.Queue[str], start: str) -> str:
    while not (line := lines.get(timeout=120)).startswith(start):
        pass
    return line


def _section(rounds: list[tuple[float, float]], command: str) -> str:
    times = [total for total, _ in rounds]
    built = [seconds for _, seconds in rounds]
    median = statistics.median(times)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    met = "gehaald" if median <= TARGET_SECONDS else "niet gehaald"
    return "\n".join(
        [
            HEADING,
            "",
            f"Gemeten op {datetime.now(UTC):%Y-%m-%d} met `.venv/bin/python {command}`, in één run.",
            f"Machine: {platform.machine()}, {os.cpu_count()} kernen, Python {platform.python_version()}."
            f" De echte bibliotheek, afdeling {BRANCH}; Chromium met Playwright. Belasting van de"
            f" machine aan het eind (load average 1, 5, 15 min): {load}.",
            "",
            f"- Van bewaren tot ververste pagina, {len(times)} keer één kaart bewaard:"
            f" mediaan {median:.2f} s, snelste {min(times):.2f} s, traagste {max(times):.2f} s"
            f" — doel ≤ {TARGET_SECONDS:.0f} s (mediaan): {met}.",
            "- Gemeten vanaf vlak voor het schrijven van het bestand tot de pagina opnieuw geladen is"
            " (load) met de nieuwe titel; de handboeken, het portaal en het manifest volgen daarna en"
            " tellen niet mee, maar zijn klaar voor de volgende keer bewaren.",
            f"- Daarvan zegt `bekijk` zelf (bestanden lezen en controleren, site bouwen en in `site/`"
            f" zetten, vanaf het einde van de wachttijd van {QUIET} s na het bewaren) mediaan"
            f" {statistics.median(built):.1f} s; de rest is opmerken, verversen en laden in de browser.",
            "- Alle tijden (s): " + ", ".join(f"{t:.2f}" for t in times) + ".",
            "",
        ]
    )


def _write_section(report: Path, section: str) -> None:
    """Put `section` in `report` in place of the previous one (bench/run.py keeps it)."""
    text = report.read_text("utf-8") if report.is_file() else ""
    before = text.split(HEADING, 1)[0].rstrip("\n")
    report.write_text(f"{before}\n\n{section}" if before else section, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark: Lighthouse on every kind of page, as a voter's phone meets the published site.

    .venv/bin/python bench/lighthouse.py            # 3 runs per page; writes its section of docs/benchmarks.md
    .venv/bin/python bench/lighthouse.py --keer 1   # a quick look, prints only

The real library is built into a temporary folder and served under /bouwstenen/ on
127.0.0.1, compressed with gzip as GitHub Pages does. Lighthouse (pinned in
tests/lighthouse/package-lock.json; `make test` installs it) runs with its mobile preset:
a mid-range phone on a slow 4G line, simulated. Per kind of page the four scores and the
largest contentful paint, total blocking time and cumulative layout shift are the median of
the runs. Every figure comes from this run; the targets are reported as met or missed,
never asserted (tests/test_lighthouse.py asserts the three scores that do not depend on the
machine).
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from lighthouse_run import DELIBERATE, PAGES, failing, lighthouse, score  # noqa: E402
from served import PREFIX, _SubPathHandler  # noqa: E402

REPORT = ROOT / "docs" / "benchmarks.md"
HEADING = "## Lighthouse op een telefoon"
LIVE_HEADING = "## Bekijken terwijl je werkt"
"""bench/live.py's section, which stays after this one (it rewrites from its heading on)."""
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
NAMES = {
    "performance": "prestaties",
    "accessibility": "toegankelijk",
    "best-practices": "goede praktijk",
    "seo": "SEO",
}
PERFORMANCE_TARGET = 95
LCP_TARGET_S = 2.5
TBT_TARGET_MS = 100
COMPRESSED = {".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt"}


@dataclass(frozen=True)
class Figures:
    """The medians of one kind of page."""

    scores: dict[str, float]
    lcp_s: float
    tbt_ms: float
    cls: float
    runs: int
    failing: tuple[str, ...]
    """The audits of accessibility, best practices and SEO that failed in any run."""
    blocking: tuple[tuple[str, float], ...]
    """Per file, the median of its long tasks' time beyond 50 ms (what total blocking time adds up)."""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--keer", type=int, default=3, help="runs per kind of page (the median counts)")
    parser.add_argument("--bewaar", type=Path, help="a folder to keep Lighthouse's reports (JSON) in")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bouwstenen-bench-lighthouse-") as folder:
        site = _build(Path(folder))
        figures = _measure(site, args.keer, args.bewaar)
    section = _section(
        figures, " ".join(["bench/lighthouse.py", *(argv if argv is not None else sys.argv[1:])])
    )
    print(section)
    if args.keer == 3:
        _write_section(REPORT, section)
    return 0


def _build(root: Path) -> Path:
    for name in ("themes", "content"):
        shutil.copytree(ROOT / name, root / name)
    environment = {k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "CI")}
    subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "--map", str(root)],
        env=environment,
        check=True,
        capture_output=True,
    )
    return root / "site"


def _measure(site: Path, runs: int, keep: Path | None) -> dict[str, Figures]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Compressing, directory=str(site)))
    with server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
        try:
            return {kind: _figures(base + path, kind, runs, keep) for kind, path in PAGES.items()}
        finally:
            server.shutdown()


def _figures(url: str, kind: str, runs: int, keep: Path | None) -> Figures:
    reports = [lighthouse(url, CATEGORIES) for _ in range(runs)]
    if keep:
        keep.mkdir(parents=True, exist_ok=True)
        for number, report in enumerate(reports, 1):
            (keep / f"{kind.replace(' ', '-')}-{number}.json").write_text(json.dumps(report), "utf-8")
    allowed = DELIBERATE.get(kind, set())

    def median(value: Any) -> float:
        return statistics.median(value(report) for report in reports)

    return Figures(
        scores={
            category: median(lambda r, c=category: 100 * score(r, c, allowed if c == "seo" else set()))
            for category in CATEGORIES
        },
        lcp_s=median(lambda r: r["audits"]["largest-contentful-paint"]["numericValue"] / 1000),
        tbt_ms=median(lambda r: r["audits"]["total-blocking-time"]["numericValue"]),
        cls=median(lambda r: r["audits"]["cumulative-layout-shift"]["numericValue"]),
        runs=runs,
        failing=tuple(
            sorted(
                {
                    line.split(":", 1)[0]
                    for report in reports
                    for category in CATEGORIES[1:]
                    for line in failing(report, category, allowed if category == "seo" else set())
                    if not line.startswith(" ")
                }
            )
        ),
        blocking=_blocking(reports),
    )


def _blocking(reports: list[dict[str, Any]]) -> tuple[tuple[str, float], ...]:
    per_run = []
    for report in reports:
        files: dict[str, float] = {}
        for task in report["audits"]["long-tasks"]["details"]["items"]:
            name = task["url"].rsplit("/", 1)[-1].split("?", 1)[0] or "de pagina zelf"
            name = "niet toe te wijzen" if name == "Unattributable" else name
            files[name] = files.get(name, 0) + max(0, task["duration"] - 50)
        per_run.append(files)
    names = {name for files in per_run for name in files}
    medians = {name: statistics.median(files.get(name, 0) for files in per_run) for name in names}
    return tuple(sorted(((n, t) for n, t in medians.items() if t > 0), key=lambda item: -item[1]))


class _Compressing(_SubPathHandler):
    """Serves text files compressed with gzip when the browser asks, as GitHub Pages does."""

    def send_head(self) -> io.BytesIO | BinaryIO | None:
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?", 1)[0].endswith("/"):
            path = path / "index.html"
        if (
            "gzip" not in self.headers.get("Accept-Encoding", "")
            or path.suffix not in COMPRESSED
            or not path.is_file()
        ):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def _section(figures: dict[str, Figures], command: str) -> str:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    rows = []
    for kind, f in figures.items():
        scores = " | ".join(f"{f.scores[c]:.0f}" for c in CATEGORIES)
        rows.append(f"| {kind} | {scores} | {f.lcp_s:.2f} | {f.tbt_ms:.0f} | {f.cls:.3f} |")
    slow = [
        kind
        for kind, f in figures.items()
        if f.scores["performance"] < PERFORMANCE_TARGET
        or f.lcp_s > LCP_TARGET_S
        or f.tbt_ms > TBT_TARGET_MS
        or f.cls > 0
    ]
    short = [kind for kind, f in figures.items() if any(f.scores[c] < 100 for c in CATEGORIES[1:])]
    runs = next(iter(figures.values())).runs
    return "\n".join(
        [
            HEADING,
            "",
            f"Gemeten op {datetime.now(UTC):%Y-%m-%d} met `.venv/bin/python {command}`, in één run.",
            f"Machine: {platform.machine()}, {os.cpu_count()} kernen, Python {platform.python_version()}."
            f" Lighthouse {_version()} in Debian's Chromium, mobiel (een gewone telefoon op langzaam"
            " 4G, nagebootst); de voorbeelden gebouwd en geserveerd onder `/bouwstenen/` op 127.0.0.1,"
            " met gzip zoals GitHub Pages. Belasting van de machine aan het eind (load average 1, 5,"
            f" 15 min): {load}.",
            "",
            f"Mediaan van {runs} keer per soort pagina. LCP: grootste zichtbare element getekend (s);"
            " TBT: totale tijd dat de pagina niet reageert (ms); CLS: verschuiving van de opmaak.",
            "",
            "| pagina | " + " | ".join(NAMES[c] for c in CATEGORIES) + " | LCP (s) | TBT (ms) | CLS |",
            "|---|" + "---:|" * (len(CATEGORIES) + 3),
            *rows,
            "",
            f"- Doel prestaties ≥ {PERFORMANCE_TARGET}, LCP ≤ {LCP_TARGET_S} s, TBT ≤ {TBT_TARGET_MS} ms,"
            " CLS 0: "
            + ("gehaald op elke pagina." if not slow else "niet gehaald op " + ", ".join(slow) + "."),
            "- Doel toegankelijk, goede praktijk en SEO 100: "
            + ("gehaald op elke pagina." if not short else "niet gehaald op " + ", ".join(short) + ".")
            + " De foutpagina vraagt zoekmachines haar niet op te nemen (`noindex`); die ene"
            " controle (`is-crawlable`) telt daar als gehaald.",
            "",
            "Per soort pagina: de controles die niet slaagden, en waar de"
            " lange taken vandaan komen (per bestand de mediaan van de tijd boven 50 ms, in"
            " nagebootste ms; de som is groter dan de TBT, want die telt de taken vóór de eerste"
            " tekening niet mee):",
            "",
            *(_remaining(kind, f) for kind, f in figures.items()),
            "",
        ]
    )


def _remaining(kind: str, f: Figures) -> str:
    checks = ", ".join(f"`{audit}`" for audit in f.failing) or "alle geslaagd"
    tasks = ", ".join(f"{name} {ms:.0f}" for name, ms in f.blocking[:4]) or "geen"
    return f"- {kind}: controles {checks}; lange taken: {tasks}."


def _version() -> str:
    package = ROOT / "tests" / "lighthouse" / "node_modules" / "lighthouse" / "package.json"
    return str(json.loads(package.read_text("utf-8"))["version"])


def _write_section(report: Path, section: str) -> None:
    """Put `section` in `report` in place of the previous one, before bench/live.py's section
    (bench/run.py keeps both)."""
    text = report.read_text("utf-8") if report.is_file() else ""
    start = text.find(HEADING)
    live = text.find(LIVE_HEADING)
    if start < 0:
        start = live if live >= 0 else len(text)
    end = live if live >= start else len(text)
    before, after = text[:start].rstrip("\n"), text[end:]
    text = f"{before}\n\n{section}" if before else section
    report.write_text(text + (f"\n{after}" if after else ""), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())

"""`bekijk --afdeling`: save a file and the open page in Chromium shows it, mistakes included."""

from __future__ import annotations

import queue
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from conftest import bekijk, run_cli, serving
from playwright.sync_api import Browser, Page, expect

CARD = "themes/armoede.yml"
MISTAKE = (
    "themes/armoede.yml:4: een lijst tussen [ ] of een blok tussen { } wordt niet gesloten — sluit af"
    " met ] of }, of zet een tekst die met [ of { begint tussen dubbele aanhalingstekens"
)
SUMMARY = "samenvatting: Een kleine kaart om fouten mee te testen, met genoeg tekst."


@dataclass(frozen=True)
class Served:
    address: str
    process: subprocess.Popen[str]
    lines: queue.Queue[str]

    def wait_for(self, start: str, seconds: float = 120) -> str:
        """The next line on stdout that starts with `start`."""
        deadline = time.monotonic() + seconds
        while not (line := self.lines.get(timeout=max(0.1, deadline - time.monotonic()))).startswith(start):
            pass
        return line


def _reader(process: subprocess.Popen[str]) -> queue.Queue[str]:
    found: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in process.stdout or ():
            found.put(line.rstrip("\n"))

    threading.Thread(target=read, daemon=True).start()
    return found


@contextmanager
def live(root: Path, *slugs: str) -> Iterator[Served]:
    """`python build.py --map ROOT bekijk --afdeling SLUGS --poort 0` while the block runs."""
    with serving(root, "--afdeling", *slugs) as (address, process):
        yield Served(address, process, _reader(process))


def _edit(root: Path, old: str, new: str) -> None:
    path = root / CARD
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), "utf-8")


def _open(browser: Browser, url: str, hosts: set[str]) -> Page:
    context = browser.new_context()
    context.on("request", lambda request: hosts.add(urlparse(request.url).hostname or ""))
    page = context.new_page()
    page.goto(url)
    return page


def test_a_saved_card_shows_on_the_open_page_within_two_seconds(browser: Browser, mini: Path) -> None:
    assert run_cli("--map", str(mini)).status == 0
    hosts: set[str] = set()
    with live(mini, "dorp") as served:
        assert served.wait_for("Klaar: ") == "Klaar: de site van dorp is bij; Bouwstenen kijkt mee."
        page = _open(browser, f"{served.address}dorp/themas/armoede/", hosts)
        expect(page.locator("h1").first).to_contain_text("Armoede")
        _edit(mini, "Schuldhulp binnen drie dagen", "Schuldhulp binnen twee dagen")
        expect(page.get_by_text("Schuldhulp binnen twee dagen")).to_be_visible(timeout=2_000)
        page.context.close()
    assert hosts == {"127.0.0.1"}


def test_a_mistake_shows_on_the_page_and_the_page_recovers(browser: Browser, mini: Path) -> None:
    hosts: set[str] = set()
    with live(mini, "dorp") as served:
        served.wait_for("Klaar: ")
        page = _open(browser, f"{served.address}dorp/", hosts)
        _edit(mini, SUMMARY, "samenvatting: [Een kapotte lijst")
        banner = page.locator("#bouwstenen-fout")
        expect(banner).to_be_visible(timeout=10_000)
        expect(banner.locator("li")).to_have_text(MISTAKE)
        expect(banner).to_contain_text("De site is niet bijgewerkt.")
        _edit(mini, "samenvatting: [Een kapotte lijst", SUMMARY.replace("kleine", "hersteld kleine"))
        expect(banner).to_have_count(0, timeout=10_000)
        page.goto(f"{served.address}dorp/themas/armoede/")
        expect(page.get_by_text("hersteld kleine kaart").first).to_be_attached()
        page.context.close()
        served.process.send_signal(signal.SIGINT)
        served.process.wait(timeout=30)
        err = served.process.stderr.read() if served.process.stderr else ""
        time.sleep(0.5)  # the reader takes the last lines of stdout
        out = [served.lines.get_nowait() for _ in range(served.lines.qsize())]
    assert hosts == {"127.0.0.1"}
    assert MISTAKE in err.splitlines()
    assert "fout: de site van dorp is niet bijgewerkt; los het op en bewaar het bestand" in err
    assert "Traceback" not in err
    assert (served.process.returncode, out[-1]) == (0, "Gestopt.")


def test_without_a_site_it_builds_one_first_and_keeps_the_rules_of_bekijk(mini: Path) -> None:
    assert not (mini / "site").exists()
    with live(mini, "dorp") as served:
        assert _get(f"{served.address}dorp/")[0] in (200, 503)  # 503: "De site wordt gebouwd."
        deadline = time.monotonic() + 60
        while _get(f"{served.address}dorp/")[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _get(f"{served.address}dorp/")[0] == 200
        assert b"EventSource" in _get(f"{served.address}dorp/")[1]
        for path in (".bouwstenen.json", "dorp/downloads/", "dorp/bestaat-niet.html", "../mini/themes/"):
            assert _get(served.address + path)[0] == 404, path
        assert b"data: " in _first_event(served.address)
        (mini / "site" / "lek").symlink_to(mini / "themes")
        assert _get(f"{served.address}lek/armoede.yml")[0] == 404
    assert (mini / "site" / "dorp" / "downloads").is_dir()
    assert b"EventSource" not in (mini / "site" / "dorp" / "index.html").read_bytes()


def test_plain_bekijk_adds_nothing_to_the_pages(mini: Path) -> None:
    assert run_cli("--map", str(mini)).status == 0
    with bekijk(mini) as address:
        assert b"EventSource" not in _get(f"{address}dorp/")[1]
        assert _get(f"{address}.bouwstenen/live")[0] == 404


def test_an_unknown_branch_is_named(mini: Path) -> None:
    run = run_cli("--map", str(mini), "bekijk", "--afdeling", "stad", "--poort", "0")
    assert (run.status, run.lines) == (
        2,
        [
            "fout: onbekende afdeling 'stad' — kies uit: dorp (de bestandsnamen in content/afdelingen/"
            " zonder .yml)"
        ],
    )


def test_the_help_of_bekijk() -> None:
    run = run_cli("bekijk", "--help", env={"COLUMNS": "80"})
    assert run.status == 0
    assert run.stdout == HELP


HELP = """\
gebruik: python build.py bekijk [-h] [--map PAD] [--poort N]
                                [--afdeling NAAM [NAAM ...]]

Start een kleine webserver voor site/ op 127.0.0.1, zodat zoeken en links werken.

Met --afdeling NAAM houdt Bouwstenen die afdeling bij terwijl je werkt. Bewaar je
haar bestand, een kaart die ze kiest, content/partij.yml, content/bronnen.yml, de
gids (content/gids/) of een template (macros/), dan bouwt Bouwstenen haar site
opnieuw en ververst de pagina in je browser; de handboeken volgen daarna. Een fout
zie je in de terminal en bovenaan de pagina, tot je hem oplost.

opties:
  -h, --help            toon deze hulp en stop
  --map PAD             de map met themes/ en content/ (standaard: hier)
  --poort N             de poort (standaard: 8000)
  --afdeling NAAM [NAAM ...]
                        bouw de site van deze afdeling(en) opnieuw zodra je
                        een bestand bewaart dat ze gebruikt, en ververs de
                        pagina in je browser (de bestandsnaam zonder .yml);
                        meer namen mogen
"""


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _first_event(address: str) -> bytes:
    with urllib.request.urlopen(f"{address}.bouwstenen/live", timeout=10) as response:
        assert response.headers["Content-Type"] == "text/event-stream"
        started = time.monotonic()
        data = b""
        while b"data: " not in data and time.monotonic() - started < 5:
            data += response.read1(100)
        return data


def test_the_options_after_the_command_too(mini: Path) -> None:
    run = run_cli("--afdeling", "stad", "bekijk", "--map", str(mini), "--poort", "0")
    assert run.status == 2
    assert run.lines[0].startswith("fout: onbekende afdeling 'stad'")

"""`bekijk`: serve site/ on 127.0.0.1, and with `--afdeling` keep those branches live.

The server shows the files of site/ and nothing else. With live branches, watchdog
reports every saved file; a change to what a watched branch uses (its own file, its
cards, the party file, the sources, the guide, the templates) rebuilds that branch's
site alone, swaps it into site/ and tells every open page to reload (server-sent
events; the script is added to HTML as it is served, never written into site/). Then
the handbooks, the portal and the manifest follow with the ordinary build, so site/
ends exactly as `bouw --afdeling` leaves it. A mistake is shown in the terminal and on
every served page until a save fixes it.
"""

from __future__ import annotations

import html
import os
import queue
import shutil
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from io import BytesIO
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from jinja2 import TemplateError, TemplateSyntaxError
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from bouwstenen.assets import share_theme_assets
from bouwstenen.build import build_site, site_url
from bouwstenen.cache import PROJECT, Manifest, read_manifest, tooling, write_manifest
from bouwstenen.check import check
from bouwstenen.compose import compose, listing
from bouwstenen.documents import FORMATS, Download
from bouwstenen.handbook import GUIDE_FILE, GUIDE_FOLDER
from bouwstenen.isolate import branch_slugs, judge, sound_library
from bouwstenen.load import BRANCHES_DIR, THEMES_DIR, Library, load
from bouwstenen.lock import Busy
from bouwstenen.pipeline import WORK_DIR, Scope, build_all
from bouwstenen.problem import Problem
from bouwstenen.publish import UnsafeFolder, exclusive
from bouwstenen.render import render
from bouwstenen.select import touched_by
from bouwstenen.templates import MACROS

EVENTS = "/.bouwstenen/live"
"""Where open pages hear that the site changed; a dot path, so no file of site/ can be it."""
QUIET_SECONDS = 0.05
"""Wait this long after a save for the rest of it (editors write in several steps)."""
SETTLE_SECONDS = 2.0
"""How long the handbooks wait at most for open pages to show the new site first."""
LIVE_DIR = "live"
"""Folder in .build/ where the live site of a branch is built."""
STALE_KEY = "live"
"""Manifest key of a branch site that `bekijk` built: it matches no content, so `bouw` builds it again."""
_WATCHED = (THEMES_DIR, "content")
_KEEPALIVE_SECONDS = 15.0

Tell = Callable[[str], None]


# --- what the browser sees ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class State:
    """What open pages should show: the generation of the site and the problems of the last save."""

    generation: int = 0
    problems: tuple[Problem, ...] = ()


class Board:
    """The current State, shared by the rebuilding thread and the server's threads."""

    def __init__(self) -> None:
        self._state = State()
        self._changed = threading.Condition()
        self._open = 0
        self._open_at_show = 0
        self._loaded = 0

    @property
    def state(self) -> State:
        with self._changed:
            return self._state

    def show(self, problems: Sequence[Problem]) -> None:
        """A new generation with these problems: every open page reloads."""
        with self._changed:
            self._state = State(self._state.generation + 1, tuple(problems))
            self._open_at_show = self._open
            self._changed.notify_all()

    def opened(self) -> State:
        """A page listens (it has just loaded); the state it starts from."""
        with self._changed:
            self._open += 1
            self._loaded = self._state.generation
            self._changed.notify_all()
            return self._state

    def closed(self) -> None:
        with self._changed:
            self._open -= 1

    def settle(self, seconds: float) -> None:
        """Wait until a page has loaded the current generation (at most `seconds`), so that
        the handbooks do not slow down its refresh; no wait when no page was open."""
        with self._changed:
            self._changed.wait_for(
                lambda: not self._open_at_show or self._loaded == self._state.generation, seconds
            )

    def wait(self, generation: int, seconds: float) -> State:
        """The state once its generation is no longer `generation`, or after `seconds`."""
        with self._changed:
            self._changed.wait_for(lambda: self._state.generation != generation, seconds)
            return self._state


def inject(page: bytes, state: State) -> bytes:
    """`page` with the reload script, and a banner with the problems if there are any."""
    addition = (_banner(state.problems) + _script(state.generation)).encode("utf-8")
    end = page.lower().rfind(b"</body>")
    return page + addition if end < 0 else page[:end] + addition + page[end:]


def error_page(state: State) -> bytes:
    """A page of its own for when site/ has no page to show the problems on."""
    text = "Deze pagina is er (nog) niet." if state.problems else "De site wordt gebouwd."
    page = (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Bouwstenen</title></head>'
        f'<body><p style="margin-top:40vh;text-align:center">{text}</p></body></html>'
    )
    return inject(page.encode(), state)


def _banner(problems: Sequence[Problem]) -> str:
    if not problems:
        return ""
    items = "".join(f"<li><code>{html.escape(str(p))}</code></li>" for p in problems)
    return (
        '<div id="bouwstenen-fout" role="alert" style="position:fixed;top:0;left:0;right:0;'
        "z-index:100000;max-height:60vh;overflow:auto;margin:0;padding:12px 18px;"
        "background:#fff4e5;color:#3b1d00;border-bottom:4px solid #b3261e;"
        'font:15px/1.45 system-ui,sans-serif;white-space:normal">'
        "<strong>De site is niet bijgewerkt. Los dit op en bewaar het bestand; deze pagina"
        f" ververst dan vanzelf.</strong><ul style='margin:6px 0 0 18px;padding:0'>{items}</ul></div>"
    )


def _script(generation: int) -> str:
    return (
        "<script>(function(){var seen="
        + str(generation)
        + ';var events=new EventSource("'
        + EVENTS
        + '");events.onmessage=function(e){if(Number(e.data)!==seen){events.close();'
        "location.reload();}};})();</script>"
    )


# --- the server ---------------------------------------------------------------------------------


class SiteHandler(SimpleHTTPRequestHandler):
    """Serves the files of site/ and nothing else: no folder listings, no files whose name
    starts with a dot (the manifest), nothing a symlink points to outside site/.

    With a `board` (live branches), HTML pages get the reload script and the problems,
    and EVENTS streams the generation of the site.
    """

    board: Board | None = None

    def __init__(self, *args: Any, board: Board | None = None, **kwargs: Any) -> None:
        self.board = board
        super().__init__(*args, **kwargs)

    def do_GET(self) -> None:
        if self.board is not None and urlsplit(self.path).path == EVENTS:
            self._stream(self.board)
            return
        super().do_GET()

    def send_head(self) -> BytesIO | BinaryIO | None:
        path = Path(self.translate_path(self.path))
        targets = [path / "index.html", path / "index.htm"] if path.is_dir() else [path]
        if not all(servable(Path(self.directory), target) for target in targets):
            return self._missing()
        page = next((t for t in targets if t.is_file()), None)
        if self.board is not None and page is None and not path.is_dir():
            return self._missing()
        redirect = path.is_dir() and not urlsplit(self.path).path.endswith("/")
        if self.board is None or page is None or redirect or page.suffix not in (".html", ".htm"):
            return super().send_head()
        return self._page(HTTPStatus.OK, inject(page.read_bytes(), self.board.state))

    def list_directory(self, path: str | os.PathLike[str]) -> BytesIO | None:
        return self._missing()

    def log_message(self, format: str, *args: object) -> None:
        return

    def _missing(self) -> BytesIO | None:
        state = self.board.state if self.board is not None else State()
        if self.board is not None and (state.problems or not Path(self.directory).is_dir()):
            return self._page(HTTPStatus.SERVICE_UNAVAILABLE, error_page(state))
        self.send_error(HTTPStatus.NOT_FOUND, "Niet gevonden")
        return None

    def _page(self, status: HTTPStatus, body: bytes) -> BytesIO:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        return BytesIO(body)

    def _stream(self, board: Board) -> None:
        """Server-sent events: the generation now, and again each time it changes."""
        self.close_connection = True
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = board.opened()
        try:
            self.wfile.write(f"retry: 300\ndata: {state.generation}\n\n".encode())
            self.wfile.flush()
            while True:
                newer = board.wait(state.generation, _KEEPALIVE_SECONDS)
                message = ": nog steeds hier\n\n" if newer == state else f"data: {newer.generation}\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
                state = newer
        except OSError:  # the page went away
            return
        finally:
            board.closed()


class Server(ThreadingHTTPServer):
    """The server of `bekijk`: a page that goes away mid-answer is no error."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


def servable(root: Path, target: Path) -> bool:
    """`target` lies in `root`, also after following symlinks, and no part of it is hidden."""
    inside = target.relative_to(root) if target.is_relative_to(root) else None
    if inside is None or any(part.startswith(".") for part in inside.parts):
        return False
    return target.resolve().is_relative_to(root.resolve())


# --- watching -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Live:
    """Which branches to keep live, in which folder, and where to say what happened."""

    root: Path
    slugs: tuple[str, ...]
    say: Tell
    warn: Tell

    @property
    def site_dir(self) -> Path:
        return self.root / "site"


@dataclass(frozen=True, slots=True)
class Refreshed:
    """What one round of rebuilding gave: problems, and whether the page needs to reload."""

    problems: tuple[Problem, ...]
    reload: bool


class Watcher:
    """watchdog on themes/, content/ and macros/, feeding one thread that rebuilds."""

    def __init__(self, live: Live, board: Board) -> None:
        self._stop = threading.Event()
        self._live = replace(live, say=self._unless_stopping(live.say), warn=self._unless_stopping(live.warn))
        self._board = board
        self._changes: queue.Queue[str] = queue.Queue()
        self._observer = Observer()
        self._thread = threading.Thread(target=self._run, name="bekijk", daemon=True)

    def start(self) -> None:
        """Watch from now on, and bring the branches up to date as `bouw --afdeling` would;
        changes made while that first build runs are rebuilt after it."""
        handler = _Changes(self._changes, self._live.root)
        for folder in _WATCHED:
            if (self._live.root / folder).is_dir():
                self._observer.schedule(handler, str(self._live.root / folder), recursive=True)
        self._observer.schedule(_Changes(self._changes, PROJECT), str(MACROS), recursive=True)
        self._observer.start()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._observer.stop()
        self._observer.join(5)
        self._thread.join(30)

    def _run(self) -> None:
        self._guarded(self._first)
        while not self._stop.is_set():
            try:
                changed = {self._changes.get(timeout=0.2)}
            except queue.Empty:
                continue
            self._guarded(partial(self._round, changed | _drain(self._changes, QUIET_SECONDS)))

    def _unless_stopping(self, tell: Tell) -> Tell:
        """After Ctrl+C a build may still fail (its engines got the signal too): say nothing then."""
        return lambda text: None if self._stop.is_set() else tell(text)

    def _first(self) -> None:
        refreshed = _complete_round(self._live, reload=True)
        self._show(refreshed)
        if not refreshed.problems:
            self._live.say(f"Klaar: de site van {', '.join(self._live.slugs)} is bij; Bouwstenen kijkt mee.")

    def _guarded(self, work: Callable[[], None]) -> None:
        """Run one round; whatever goes wrong is shown, and the server keeps running."""
        try:
            work()
        except (Busy, UnsafeFolder) as error:
            message, _, hint = str(error).partition(" — ")
            self._show(_failed(self._live, [Problem("site", 0, message, hint or "probeer het opnieuw")]))
        except Exception as error:  # our bug: shown like the CLI shows one, the server stays up
            if os.environ.get("BOUWSTENEN_DEBUG"):
                traceback.print_exc()
            self._show(_failed(self._live, [_bug(error)]))

    def _round(self, changed: set[str]) -> None:
        preview = _preview_round(self._live, changed)
        if preview is None:
            return
        self._show(preview)
        if preview.reload:
            self._board.settle(SETTLE_SECONDS)
        if not preview.problems and not self._stop.is_set():
            self._show(_complete_round(self._live, reload=not preview.reload))

    def _show(self, refreshed: Refreshed) -> None:
        if refreshed.reload or refreshed.problems != self._board.state.problems:
            self._board.show(refreshed.problems)


class _Changes(FileSystemEventHandler):
    """Puts the path (from `root`) of every file that changed on the queue."""

    def __init__(self, changes: queue.Queue[str], root: Path) -> None:
        self._changes = changes
        self._root = root

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write") or event.is_directory:
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            relative = _relative(os.fsdecode(path), self._root) if path else None
            if relative is not None:
                self._changes.put(relative)


def _relative(path: str, root: Path) -> str | None:
    try:
        return Path(path).relative_to(root).as_posix()
    except ValueError:
        return None


def _drain(changes: queue.Queue[str], quiet: float) -> set[str]:
    """Everything that arrives until nothing has for `quiet` seconds."""
    found: set[str] = set()
    while True:
        try:
            found.add(changes.get(timeout=quiet))
        except queue.Empty:
            return found


# --- rebuilding ---------------------------------------------------------------------------------


def concerns(slugs: Iterable[str], changed: Iterable[str], touched: Iterable[str]) -> bool:
    """Whether a change to the files `changed` (which touch the branches `touched`) concerns `slugs`."""
    wanted = set(slugs)
    own = {f"{BRANCHES_DIR}/{slug}.yml" for slug in wanted}
    return bool(own & set(changed)) or bool(wanted & set(touched))


def _preview_round(live: Live, changed: set[str]) -> Refreshed | None:
    """Check the files and rebuild the sites of the live branches; None if the change is not theirs."""
    tooling.cache_clear()  # a template may have changed
    started = time.perf_counter()
    library = load(live.root)
    problems = check(library)
    if not concerns(live.slugs, changed, touched_by(library, changed)):
        return None
    blocking = _missing(live.slugs, branch_slugs(library)) or judge(library, problems).blocks(live.slugs)
    if blocking:
        return _failed(live, blocking)
    try:
        with exclusive(live.site_dir, live.root / WORK_DIR, _notice(live)):
            found = [_preview(library, slug, live.site_dir) for slug in live.slugs]
    except (TemplateError, OSError) as error:
        return _failed(live, [_crash(error)])
    if any(result is None for result in found):
        return Refreshed((), False)  # not on the site yet: the complete build puts it there
    trouble = [p for result in found for p in result or ()]
    if trouble:
        return _failed(live, trouble)
    seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
    live.say(f"Bijgewerkt: {', '.join(live.slugs)} ({seconds} s); de handboeken volgen.")
    return Refreshed((), True)


def _complete_round(live: Live, reload: bool) -> Refreshed:
    """The ordinary build of the live branches: handbooks, sites, portal, manifest."""
    library = load(live.root)
    problems = check(library)
    blocking = _missing(live.slugs, branch_slugs(library)) or judge(library, problems).blocks(live.slugs)
    if blocking:
        return _failed(live, blocking)
    scope = Scope(live.slugs, frozenset(judge(library, problems).blocked))
    try:
        with exclusive(live.site_dir, live.root / WORK_DIR, _notice(live)):
            result = build_all(
                sound_library(library, problems), scope, live.site_dir, lambda outcome: None, workers=1
            )
    except (TemplateError, OSError) as error:
        return _failed(live, [_crash(error)])
    if result.problems:
        return _failed(live, result.problems)
    if result.published:
        live.say(f"Handboeken en portaal bijgewerkt: {', '.join(live.slugs)}.")
    return Refreshed((), reload)


def _preview(library: Library, slug: str, site_dir: Path) -> list[Problem] | None:
    """Build the site of `slug` with its published handbooks and swap it into site/; None when
    it has none yet."""
    branch = site_dir / slug
    downloads = published_downloads(branch / "downloads", f"{slug}-gemeenteprogramma.")
    if not downloads:
        return None
    amendments = published_downloads(branch / "downloads", f"{slug}-amendementen.")
    edition = compose(library, slug)
    work = library.root / WORK_DIR / LIVE_DIR / slug
    guide = published_downloads(site_dir / GUIDE_FOLDER, f"{GUIDE_FILE}.pdf")
    site = render(edition, downloads, guide[0] if guide else None, amendments)
    built, problems = build_site(site, library.root, work / "mkdocs")
    if problems:
        return problems
    share_theme_assets(built, slug, urlsplit(site_url("")).path)
    shutil.copytree(branch / "downloads", built / "downloads", copy_function=os.link)
    manifest = read_manifest(site_dir)
    old = work / "oud"
    shutil.rmtree(old, ignore_errors=True)
    branch.rename(old)
    built.rename(branch)
    shutil.rmtree(old, ignore_errors=True)
    entries = dict(manifest.branches) | {slug: (STALE_KEY, listing(edition))}
    write_manifest(site_dir, Manifest(MappingProxyType(entries), manifest.portal, manifest.blocked))
    return []


def published_downloads(folder: Path, stem: str) -> tuple[Download, ...]:
    """The files whose name starts with `stem` that a published branch offers, as its site
    links to them."""
    labels = dict(FORMATS)
    if not folder.is_dir() or folder.is_symlink():
        return ()
    found = sorted(
        p for p in folder.iterdir() if p.is_file() and p.name.startswith(stem) and p.suffix[1:] in labels
    )
    order = [suffix for suffix, _ in FORMATS]
    found.sort(key=lambda p: order.index(p.suffix[1:]))
    return tuple(Download(labels[p.suffix[1:]], p.name, p.stat().st_size) for p in found)


def _notice(live: Live) -> Tell:
    return lambda text: live.warn(f"let op: {text}")


def _missing(slugs: Sequence[str], known: Sequence[str]) -> list[Problem]:
    return [
        Problem(
            f"{BRANCHES_DIR}/{slug}.yml",
            0,
            "dit afdelingsbestand is er niet meer",
            "zet het terug, of stop met Ctrl+C en kies een andere afdeling",
        )
        for slug in slugs
        if slug not in known
    ]


def _crash(error: TemplateError | OSError) -> Problem:
    """A template that does not work, or a file that cannot be written, as a problem."""
    if isinstance(error, TemplateSyntaxError):
        where = _relative(error.filename or "", PROJECT) or "macros"
        return Problem(
            where, error.lineno, f"de template klopt niet ({error.message})", "verbeter de template"
        )
    if isinstance(error, TemplateError):
        return Problem("macros", 0, f"een template werkt niet ({error})", "verbeter de template")
    where = _relative(str(getattr(error, "filename", "") or ""), Path.cwd()) or "site"
    return Problem(
        where, 0, f"kon niet schrijven ({error.strerror})", "maak ruimte vrij of geef schrijfrechten"
    )


def _bug(error: Exception) -> Problem:
    return Problem(
        "site",
        0,
        f"interne fout in Bouwstenen ({type(error).__name__}: {error})",
        "dit ligt niet aan jouw bestanden; meld het bij het partijbureau en stuur deze melding mee",
        severity="intern",
    )


def _failed(live: Live, problems: Sequence[Problem]) -> Refreshed:
    for problem in problems:
        live.warn(str(problem))
    live.warn(
        f"fout: de site van {', '.join(live.slugs)} is niet bijgewerkt; los het op en bewaar het bestand"
        " — de pagina in je browser herstelt zich dan vanzelf"
    )
    return Refreshed(tuple(problems), True)

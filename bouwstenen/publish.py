"""Stage 6, publish: swap a fully built tree in as site/, or leave site/ untouched.

A build holds the lock next to site/ (`exclusive`) and, before it reads anything,
refuses symlinks where it reads or writes, puts back a site/ that a stopped swap left
out and clears what stopped builds left behind. Each build stages into a folder with
a fresh name, so a leftover that cannot be removed never blocks the next build. The
swap is one atomic exchange of the two folders where Linux offers it (renameat2 with
RENAME_EXCHANGE); elsewhere it is two renames, and a stop between them is repaired by
`restore` on the next build.
"""

from __future__ import annotations

import ctypes
import errno
import os
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any

from bouwstenen import lock
from bouwstenen.cache import MANIFEST

STAGING, OLD = "nieuw", "oud"
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


class UnsafeFolder(Exception):
    """A symlink where the build reads or writes; the message is Dutch and ready to print."""


@contextmanager
def exclusive(site: Path, work: Path, tell: Callable[[str], None]) -> Iterator[None]:
    """Hold the build lock next to `site`, with `site` whole and no symlink to follow.

    `work` is the build's work folder (.build). `tell` gets a Dutch line when the build
    has to wait for another one, or when it put back a site/ that was missing.
    """
    root = site.parent
    _refuse_link(root / lock.LOCK_FILE, root)
    waiting = (
        f"er draait al een bouw in deze map; Bouwstenen wacht hoogstens {lock.WAIT_SECONDS:.0f} seconden"
    )
    with lock.exclusive(root / lock.LOCK_FILE, lambda: tell(waiting)):
        refuse_links(site, work)
        restored = restore(site)
        if restored is not None:
            tell(f"{site.name}/ ontbrak na een onderbroken bouw; teruggezet uit {restored.name}/")
        _sweep(site)
        yield


def refuse_links(site: Path, work: Path) -> None:
    """Raise UnsafeFolder for a symlink at or inside `site` and `work`, or at a staging folder."""
    root = site.parent
    for path in (site, work, *_leftovers(site, "")):
        _refuse_link(path, root)
    for folder in (site, work):
        found = _first_link(folder) if folder.is_dir() else None
        if found is not None:
            _refuse_link(found, root)


def restore(site: Path) -> Path | None:
    """Put back `site` if a stopped swap left it out; return the folder it came from."""
    if site.exists() or site.is_symlink():
        return None
    for candidate in _complete(site):
        try:
            candidate.rename(site)
        except OSError:
            continue
        return candidate
    return None


def staging_for(site: Path) -> Path:
    """A fresh, empty folder next to `site` to build into."""
    staging = _fresh(site, STAGING)
    staging.mkdir(parents=True)
    return staging


def discard(staging: Path) -> None:
    """Throw away a build that failed; site/ stays as it was."""
    _remove(staging)


def publish(staging: Path, site: Path) -> None:
    """Make `staging` the new `site`, so that no reader ever sees half a site."""
    if site.exists() and _exchange(staging, site):
        _remove(staging)  # it holds the old site now
        return
    old = _fresh(site, OLD)
    if site.exists():
        site.rename(old)
    try:
        staging.rename(site)
    except BaseException:
        if old.exists() and not site.exists():
            old.rename(site)
        raise
    _remove(old)


def _fresh(site: Path, kind: str) -> Path:
    return site.with_name(f".{site.name}-{kind}-{secrets.token_hex(4)}")


def _leftovers(site: Path, kind: str) -> list[Path]:
    """Folders next to `site` named like .site-<kind>…, in name order."""
    prefix = f".{site.name}-{kind}"
    root = site.parent
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.name.startswith(prefix))


def _complete(site: Path) -> list[Path]:
    """Earlier sites and finished stagings that still have their manifest, newest first.

    A manifest is written last into a staging folder and removed first from a folder
    that is being thrown away, so a folder with one is whole.
    """
    whole = [
        path
        for path in (*_leftovers(site, OLD), *_leftovers(site, STAGING))
        if path.is_dir() and not path.is_symlink() and (path / MANIFEST).is_file()
    ]
    return sorted(whole, key=lambda path: (path / MANIFEST).stat().st_mtime_ns, reverse=True)


def _sweep(site: Path) -> None:
    """Remove what stopped builds left next to `site`; what cannot be removed stays, harmless."""
    for leftover in (*_leftovers(site, OLD), *_leftovers(site, STAGING)):
        _remove(leftover)


def _remove(folder: Path) -> None:
    """Remove `folder`, its manifest first, so that a half-removed folder never looks whole."""
    with suppress(OSError):
        (folder / MANIFEST).unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)


def _refuse_link(path: Path, root: Path) -> None:
    if path.is_symlink():
        name = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
        raise UnsafeFolder(
            f"{name} is een snelkoppeling (symlink) — Bouwstenen volgt die niet, zodat het nooit"
            " buiten deze map schrijft of wist; haal de snelkoppeling weg (Bouwstenen maakt de map"
            " zelf opnieuw) en bouw opnieuw"
        )


def _first_link(folder: Path) -> Path | None:
    """The first symlink anywhere under `folder`, which is not one itself."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_symlink():
                return Path(entry.path)
            if entry.is_dir(follow_symlinks=False):
                found = _first_link(Path(entry.path))
                if found is not None:
                    return found
    return None


def _exchange(staging: Path, site: Path) -> bool:
    """Swap the two folders in one step; False where the system cannot (then nothing moved)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    done = renameat2(_AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(site), _RENAME_EXCHANGE)
    return bool(done == 0)


@cache
def _renameat2() -> Any:
    """Linux's renameat2 from the C library, or None."""
    if sys.platform != "linux":
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint)
    function.restype = ctypes.c_int
    return function


_DISK_TROUBLE = {
    errno.ENOSPC: "de schijf is vol",
    errno.EDQUOT: "je schijfruimte (quota) is op",
    errno.EROFS: "de map is alleen-lezen",
    errno.EACCES: "Bouwstenen heeft geen toestemming om hier te lezen of te schrijven",
    errno.EPERM: "Bouwstenen heeft geen toestemming om hier te lezen of te schrijven",
}
_DISK_HINTS = {
    errno.ENOSPC: "maak ruimte vrij en probeer het opnieuw; site/ blijft zoals hij was",
    errno.EDQUOT: "maak ruimte vrij en probeer het opnieuw; site/ blijft zoals hij was",
}
_RIGHTS_HINT = (
    "geef jezelf schrijfrechten op deze map, of kies met --map een map waarin dat wel mag;"
    " site/ blijft zoals hij was"
)


def disk_trouble(code: int | None) -> tuple[str, str] | None:
    """What an error number means for a volunteer, with what to do, when it is the disk's doing."""
    if code is None or code not in _DISK_TROUBLE:
        return None
    return _DISK_TROUBLE[code], _DISK_HINTS.get(code, _RIGHTS_HINT)


def disk_trouble_in(message: str) -> tuple[str, str] | None:
    """The same, for an engine's message that quotes the system's text (pandoc does)."""
    code = next((code for code in _DISK_TROUBLE if os.strerror(code) in message), None)
    return disk_trouble(code)

"""Stage 5, build: run MkDocs Material in process on a rendered Site.

For every site a folder holds a complete mkdocs.yml with docs/ and site/ beside it
(no INHERIT, no custom plugin), so that `zensical build` reads the same config.
"""

from __future__ import annotations

import copy
import functools
import logging
import os
import re
import shutil
import sysconfig
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml
from jinja2 import BytecodeCache, Environment, FileSystemLoader
from jinja2.bccache import Bucket

from bouwstenen.deadline import DeadlineExceeded, within
from bouwstenen.problem import Problem, internal
from bouwstenen.render import SEARCH_SCRIPT, STYLESHEET, NavItem, Site

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.theme import Theme

BASE_CONFIG = Path(__file__).resolve().parent.parent / "mkdocs.yml"
OVERRIDES = BASE_CONFIG.parent / "macros" / "overrides"
"""Our overrides of the theme's templates (custom_dir), which Zensical reads too."""
SITE_URL_VARIABLE = "BOUWSTENEN_SITE_URL"
TIMEOUT_SECONDS = 300
ENGINES = ("mkdocs", "mkdocs-material")
"""The packages whose internals reuse_theme() relies on; their versions are part of its key."""
NO_REUSE_VARIABLE = "BOUWSTENEN_TEST_ZONDER_HERGEBRUIK"
"""Set (to anything) only by tests/test_reuse.py: builds without reuse_theme(), to show that
reusing the theme changes no byte of the output."""


def build_site(site: Site, root: Path, workdir: Path) -> tuple[Path, list[Problem]]:
    """Write `site` into `workdir` and build it; return the built folder and any problems."""
    if workdir.exists():
        shutil.rmtree(workdir)
    docs = workdir / "docs"
    for page in site.pages:
        target = docs / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.text, encoding="utf-8")
    config = site_config(site, _copy_assets(site, root, docs))
    config_file = workdir / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    if not os.environ.get(NO_REUSE_VARIABLE):
        reuse_theme()
    return workdir / "site", _run_mkdocs(config_file, site, root)


def site_config(site: Site, assets: dict[str, str]) -> dict[str, Any]:
    """The complete mkdocs.yml of one site: the repo's mkdocs.yml plus this site's values."""
    config = copy.deepcopy(_base_config())
    config.update(
        site_name=site.site_name,
        site_url=site_url(site.slug),
        docs_dir="docs",
        site_dir="site",
        nav=[_nav_entry(item) for item in site.nav],
        extra_css=[assets["css"]],
        extra_javascript=[SEARCH_SCRIPT],
    )
    config["theme"] = {**config["theme"], "custom_dir": str(OVERRIDES)}
    if "logo" in assets:
        config["theme"] = {**config["theme"], "logo": assets["logo"], "favicon": assets["logo"]}
    if site.status:
        config["extra"] = {**config.get("extra", {}), "status": site.status}
    if site.logo and site.logo_beschrijving:
        config["extra"] = {**config.get("extra", {}), "logo_beschrijving": site.logo_beschrijving}
    return config


def site_url(slug: str) -> str:
    """Where the site of `slug` ('' for the portal) is published, ending in a slash."""
    base = os.environ.get(SITE_URL_VARIABLE) or str(_base_config()["site_url"])
    return base.rstrip("/") + "/" + (f"{slug}/" if slug else "")


@cache
def _base_config() -> dict[str, Any]:
    """The repo's mkdocs.yml, read once per process."""
    config: dict[str, Any] = yaml.safe_load(BASE_CONFIG.read_text("utf-8"))
    return config


def _nav_entry(item: NavItem) -> dict[str, Any]:
    if item.children:
        return {item.titel: [_nav_entry(child) for child in item.children]}
    return {item.titel: item.path}


def _copy_assets(site: Site, root: Path, docs: Path) -> dict[str, str]:
    result = {"css": STYLESHEET}
    if site.logo:
        source = root / site.logo
        name = f"assets/logo{source.suffix.lower()}"
        (docs / "assets").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, docs / name)
        result["logo"] = name
    return result


def reuse_theme() -> None:
    """Let every MkDocs build in this process share the theme's compiled templates and the
    list of the files in the installed theme.

    MkDocs makes a fresh Jinja environment for each build, compiles Material's templates
    again (about half of a small site's build) and lists every file of the theme, icons
    included (a quarter), and filters that list again on every build. build_site calls this
    for every build, so a worker does it once.
    This relies on MkDocs' `Theme.get_env` making that environment from a
    `FileSystemLoader` over `theme.dirs`, in the MkDocs and Material versions that
    requirements/bouw.lock pins (tests/test_reuse.py fails when that changes); the pages
    come out the same. The compiled code of a template is kept with the checksum of its
    source, so a changed template is compiled again; the files of an installed theme are
    listed once per folder and installed version; a template of our own (custom_dir) is
    listed afresh on every build.
    """
    if getattr(Theme.get_env, "_bouwstenen", False):
        return
    original = Theme.get_env
    cache = _CompiledTemplates()

    @functools.wraps(original)
    def get_env(theme: Theme) -> Environment:
        environment = original(theme)
        environment.loader = _ThemeLoader(theme.dirs)
        environment.bytecode_cache = cache
        return environment

    get_env._bouwstenen = True  # type: ignore[attr-defined]
    Theme.get_env = get_env  # type: ignore[method-assign,assignment]


class _CompiledTemplates(BytecodeCache):
    """Jinja's own bytecode cache, in memory. Jinja stores the checksum of a template's
    source with its code, so a changed template is compiled again."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            self._code[bucket.key] = bucket.bytecode_to_string()


class _ThemeLoader(FileSystemLoader):
    """MkDocs' loader, with the files of installed packages listed once per process."""

    def list_templates(self) -> list[str]:
        found: set[str] = set()
        for folder in self.searchpath:
            found.update(_installed_files(folder) if _installed(folder) else _files(folder))
        return sorted(found)


def _installed(folder: str) -> bool:
    packages = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    return any(Path(folder).is_relative_to(path) for path in packages)


def _installed_files(folder: str) -> tuple[str, ...]:
    return _listed(folder, _engine_versions())


@cache
def _listed(folder: str, versions: tuple[str, ...]) -> tuple[str, ...]:
    """The files of `folder`, once per installed version of the engines (`versions`), without
    hidden ones: MkDocs' `Files.add_files_from_theme` drops every name that matches `.*` or
    `*/.*` anyway, and Material keeps its 14,000 icons in `.icons/`, so leaving them out here
    spares each build that many `fnmatch` calls (0.18 -> 0.16 s for a site of 21 pages) and
    changes no page."""
    return tuple(name for name in _files(folder) if not _hidden(name))


def _hidden(name: str) -> bool:
    return any(part.startswith(".") for part in name.split("/"))


def _engine_versions() -> tuple[str, ...]:
    return tuple(metadata.version(name) for name in ENGINES)


def _files(folder: str) -> tuple[str, ...]:
    return tuple(FileSystemLoader(folder).list_templates())


def _run_mkdocs(config_file: Path, site: Site, root: Path) -> list[Problem]:
    with _captured("mkdocs") as records:
        try:
            config = load_config(config_file=str(config_file), strict=True)
            within(TIMEOUT_SECONDS, lambda: mkdocs_build(config))
        except MkDocsException as error:
            records.append(logging.makeLogRecord({"msg": str(error), "levelno": logging.ERROR}))
        except DeadlineExceeded:
            message = f"MkDocs was na {TIMEOUT_SECONDS} seconden nog niet klaar"
            records.append(logging.makeLogRecord({"msg": message, "levelno": logging.ERROR}))
    sources = {page.path: page.sources for page in site.pages}
    return [
        _problem(record.getMessage(), site, sources, root)
        for record in records
        if record.levelno >= logging.WARNING and not record.getMessage().startswith("Aborted with")
    ]


_LINK_WARNINGS = (
    (
        re.compile(
            r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but the target .*not found"
        ),
        "de link '{link}' wijst naar een pagina die niet bestaat",
        "verbeter de link: een pagina van de site eindigt op .md, een webadres begint met https://",
    ),
    (
        re.compile(r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but .*no such anchor"),
        "de link '{link}' wijst naar een kopje dat niet bestaat",
        "verbeter het deel na # of haal het weg",
    ),
    (
        re.compile(r"Doc file '(?P<page>[^']+)' contains an absolute link '(?P<link>[^']+)'"),
        "de link '{link}' begint met /; dat werkt niet op GitHub Pages",
        "schrijf een volledig webadres (https://...) of een link naar een .md-pagina zonder / vooraan",
    ),
)


def _problem(message: str, site: Site, sources: dict[str, tuple[str, ...]], root: Path) -> Problem:
    """A Dutch problem for what MkDocs said, pointing at the YAML or Markdown file if it can."""
    for pattern, dutch, hint in _LINK_WARNINGS:
        match = pattern.search(message)
        if match:
            file, line = _locate(match["link"], sources.get(match["page"], ()), root)
            return Problem(file or _where(site), line, dutch.format(link=match["link"]), hint)
    return internal(_where(site), f"de website kon niet gebouwd worden ({message})")


def _locate(needle: str, files: tuple[str, ...], root: Path) -> tuple[str | None, int]:
    """The first file (and line) of `files` that contains `needle`."""
    for file in files:
        try:
            lines = (root / file).read_text("utf-8").splitlines()
        except OSError:
            continue
        for number, text in enumerate(lines, 1):
            if needle in text:
                return file, number
    return (files[0], 0) if files else (None, 0)


def _where(site: Site) -> str:
    return f"site/{site.slug}" if site.slug else "site"


@contextmanager
def _captured(name: str) -> Iterator[list[logging.LogRecord]]:
    """Collect what `name` logs instead of printing it."""
    logger = logging.getLogger(name)
    records: list[logging.LogRecord] = []

    class _Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    handler = _Collect(logging.INFO)
    saved = (logger.propagate, logger.level)
    logger.addHandler(handler)
    logger.propagate = False
    logger.setLevel(logging.INFO)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate, logger.level = saved

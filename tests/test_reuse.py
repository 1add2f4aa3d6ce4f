"""Builds that reuse the theme (compiled templates, the list of its files) change no byte.

build_site reuses the theme in every process (bouwstenen/build.py, reuse_theme); only these
tests switch it off, with BOUWSTENEN_TEST_ZONDER_HERGEBRUIK, to compare."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from conftest import ROOT, copy_library, run_cli, tree
from mkdocs.theme import Theme

from bouwstenen import build

BUILD = """
import sys
from pathlib import Path
from bouwstenen import build
from bouwstenen.compose import compose
from bouwstenen.load import load
from bouwstenen.render import render

root, out, times = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
build.OVERRIDES = Path(sys.argv[4])
library = load(root)
for time in range(times):
    if time == times - 1 and times > 1:  # an override changed between two builds in this process
        main = build.OVERRIDES / "main.html"
        main.write_text(main.read_text("utf-8").replace("{% block announce", "{% block footer %}VERANDERD{% endblock %}{% block announce"), "utf-8")
    built, problems = build.build_site(render(compose(library, "dorp"), ()), root, out / str(time))
    assert not problems, problems
"""


def _build(root: Path, out: Path, times: int, overrides: Path, reuse: bool = True) -> None:
    environment = {"PATH": "/usr/bin:/bin"} | ({} if reuse else {build.NO_REUSE_VARIABLE: "1"})
    subprocess.run(
        [sys.executable, "-c", BUILD, str(root), str(out), str(times), str(overrides)],
        cwd=ROOT,
        env=environment,
        check=True,
        timeout=300,
    )


def _overrides(folder: Path) -> Path:
    return Path(shutil.copytree(build.OVERRIDES, folder / "overrides"))


def test_reusing_the_theme_changes_no_byte_and_sees_a_changed_override(mini: Path, tmp_path: Path) -> None:
    _build(mini, tmp_path / "gewoon", 1, _overrides(tmp_path / "a"), reuse=False)
    _build(mini, tmp_path / "hergebruik", 3, _overrides(tmp_path / "b"))
    plain = tree(tmp_path / "gewoon" / "0" / "site", skip=("sitemap.xml.gz",))
    assert any(name.endswith(".html") for name in plain) and "assets/javascripts" in " ".join(plain)
    for time in range(2):
        assert tree(tmp_path / "hergebruik" / str(time) / "site", skip=("sitemap.xml.gz",)) == plain
    home = (tmp_path / "hergebruik" / "2" / "site" / "index.html").read_text("utf-8")
    assert "VERANDERD" in home and "VERANDERD" not in (tmp_path / "gewoon/0/site/index.html").read_text(
        "utf-8"
    )


def test_the_whole_pipeline_gives_the_same_bytes_with_and_without_reuse(tmp_path: Path) -> None:
    """The examples, every format, sites built by two workers: every file the same."""
    sites = {}
    for name, environment in (("met", {}), ("zonder", {build.NO_REUSE_VARIABLE: "1"})):
        root = copy_library(tmp_path / name)
        run = run_cli("--map", str(root), "--werkers", "2", env=environment)
        assert run.status == 0, run.stderr
        sites[name] = tree(root / "site")
    assert len(sites["met"]) > 100 and any(name.endswith(".pdf") for name in sites["met"])
    assert sites["met"] == sites["zonder"]


def test_the_engine_internals_reuse_relies_on_are_still_there(tmp_path: Path) -> None:
    """reuse_theme() replaces the loader of the environment MkDocs' Theme.get_env makes: it must
    still be a FileSystemLoader over theme.dirs, in the versions requirements/bouw.lock pins."""
    pinned = dict(
        line.split("==")
        for line in (ROOT / "requirements/bouw.lock").read_text().splitlines()
        if "==" in line
    )
    assert {name: metadata.version(name) for name in build.ENGINES} == {n: pinned[n] for n in build.ENGINES}
    theme = Theme(name="material", custom_dir=str(build.OVERRIDES), locale="nl")
    environment = getattr(Theme.get_env, "__wrapped__", Theme.get_env)(theme)
    assert type(environment.loader).__name__ == "FileSystemLoader"
    assert environment.loader.searchpath == theme.dirs  # type: ignore[union-attr]
    assert "main.html" in environment.loader.list_templates()

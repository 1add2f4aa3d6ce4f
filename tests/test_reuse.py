"""Builds that reuse the theme (compiled templates, the list of its files) change no byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

BUILD = """
import sys
from pathlib import Path
from bouwstenen.build import build_site, reuse_theme
from bouwstenen.compose import compose
from bouwstenen.load import load
from bouwstenen.render import render

root, out, times = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
if times > 1:
    reuse_theme()
library = load(root)
for time in range(times):
    built, problems = build_site(render(compose(library, "dorp"), ()), root, out / str(time))
    assert not problems, problems
"""


def _build(root: Path, out: Path, times: int) -> None:
    subprocess.run(
        [sys.executable, "-c", BUILD, str(root), str(out), str(times)], cwd=ROOT, check=True, timeout=300
    )


def _files(site: Path) -> dict[str, bytes]:
    """Every file of a built site; the gzipped sitemap carries the time it was written."""
    return {
        str(path.relative_to(site)): path.read_bytes()
        for path in sorted(site.rglob("*"))
        if path.is_file() and path.name != "sitemap.xml.gz"
    }


def test_reusing_the_theme_changes_no_byte(mini: Path, tmp_path: Path) -> None:
    _build(mini, tmp_path / "gewoon", 1)
    _build(mini, tmp_path / "hergebruik", 3)
    plain = _files(tmp_path / "gewoon" / "0" / "site")
    assert any(name.endswith(".html") for name in plain) and "assets/javascripts" in " ".join(plain)
    for time in range(3):
        assert _files(tmp_path / "hergebruik" / str(time) / "site") == plain

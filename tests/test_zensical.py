"""The generated mkdocs.yml also builds with Zensical, Material's successor, unchanged."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

ZENSICAL = Path(sys.executable).with_name("zensical")


def test_zensical_builds_the_same_config(built_site: Path, tmp_path: Path) -> None:
    source = built_site.parent / ".build" / "zwolle" / "mkdocs"
    project = tmp_path / "zwolle"
    shutil.copytree(source, project, ignore=shutil.ignore_patterns("site", ".cache"))
    done = subprocess.run(
        [str(ZENSICAL), "build", "--strict", "-f", "mkdocs.yml"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    site = project / "site"
    card = BeautifulSoup((site / "themas/mantelzorg/index.html").read_text("utf-8"), "html.parser")
    assert card.html["lang"] == "nl"
    assert card.h1.get_text(strip=True).startswith("Mantelzorg")
    assert "mantelzorgwaardering zonder ingewikkelde aanvraag" in card.get_text()
    banner = card.select_one("aside.md-banner")  # Zwolle is a concept: our override of the theme
    assert banner is not None and banner.get_text(" ", strip=True).startswith("Concept.")
    for page in ("index.html", "over/index.html", "gids/vier-niveaus/index.html"):
        assert (site / page).is_file(), page
    assert (site / "zoeken/index.html").is_file()  # its search is ours: tests/test_search.py

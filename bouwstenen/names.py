"""The naming rule for ids, slugs and file names."""

from __future__ import annotations

import re

SLUG = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
"""Lowercase letters, digits and single hyphens, starting with a letter."""


def stem(path: str) -> str:
    """The file name without folder and extension: the id of a card or branch."""
    return path.rsplit("/", 1)[-1].rsplit(".", 1)[0]

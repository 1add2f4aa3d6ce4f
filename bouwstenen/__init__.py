"""Bouwstenen: build municipal election programs from shared theme cards."""

__version__ = "0.2.0"

"""Bouwstenen: build municipal election programs from shared theme cards."""

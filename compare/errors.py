"""Errors that carry the file they are about and a one-line reason.

Raised deep inside the library; caught once in `cli.py`, printed on one line, exit 2.
"""
from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad or unreadable input: names the path, what is wrong and, where it helps, the fix."""

    def __init__(self, path: Path | str | None, reason: str):
        self.path = None if path is None else Path(path)
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path is not None else self.reason


class UsageError(InputError):
    """A command line that cannot be run as given."""

    def __init__(self, reason: str):
        super().__init__(None, reason)


def one_line(error: BaseException) -> str:
    """An exception's message on one line (its type's name when it has none)."""
    return " ".join(str(error).split()) or type(error).__name__

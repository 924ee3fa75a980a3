"""The one error the progress file raises: what happened to which file, and what to do."""

from __future__ import annotations

from pathlib import Path


class ProgressFileError(Exception):
    """The progress file cannot be used. It is left exactly as it was found."""

    def __init__(self, path: Path, message: str, advice: str, *, damaged: bool = False) -> None:
        self.path = path
        self.message = message
        self.advice = advice
        self.damaged = damaged  # the file's content is damaged (not the disk, the rights, a lock)
        super().__init__(f"{path}: {message}. {advice}")

"""Reading JSON input files with errors that name the file and the place in it."""

from __future__ import annotations

import json
from pathlib import Path

from mentorwatch.errors import InvalidInput


class JsonFileError(InvalidInput):
    """An input file that cannot be used; the message names the file and the place."""


def load_json_file(path: Path) -> object:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise JsonFileError(f"{path}: no such file") from error
    except (OSError, UnicodeDecodeError) as error:
        raise JsonFileError(f"{path}: cannot be read: {error}") from error
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise JsonFileError(
            f"{path}:{error.lineno}:{error.colno}: invalid JSON: {error.msg}"
        ) from error

"""Reading JSON input files with errors that name the file and the place in it."""

from __future__ import annotations

from pathlib import Path

from mentorwatch.domain.strict_json import BrokenJson, StrictJsonError, loads_strict
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
        return loads_strict(text)
    except BrokenJson as error:
        where = f"{path}:{error.line}:{error.column}"
        raise JsonFileError(f"{where}: invalid JSON: {error.msg}") from error
    except StrictJsonError as error:
        raise JsonFileError(f"{path}: {error}") from error

"""Reading JSON input files with errors that name the file and the place in it."""

from __future__ import annotations

from pathlib import Path

from mentorwatch.domain.strict_json import BrokenJson, StrictJsonError, loads_strict
from mentorwatch.errors import InvalidInput
from mentorwatch.input_files import MIB, InputFileError, read_text_file

#: the largest JSON input file read (a snapshot of a few thousand mentors is a few MiB)
MAX_JSON_FILE = 64 * MIB


class JsonFileError(InvalidInput):
    """An input file that cannot be used; the message names the file and the place."""


def load_json_file(path: Path) -> object:
    try:
        text = read_text_file(path, limit=MAX_JSON_FILE, what="the file")
    except InputFileError as error:
        raise JsonFileError(str(error).removeprefix("the file ")) from error
    try:
        return loads_strict(text)
    except BrokenJson as error:
        where = f"{path}:{error.line}:{error.column}"
        raise JsonFileError(f"{where}: invalid JSON: {error.msg}") from error
    except StrictJsonError as error:
        raise JsonFileError(f"{path}: {error}") from error

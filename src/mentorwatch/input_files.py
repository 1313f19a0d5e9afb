"""Reading a file the operator names (settings, secrets, JSON input), bounded.

A path is input: it may name a device (``/dev/zero`` never ends), a FIFO (a read waits for a
writer), a directory or a file far larger than any settings. Only a regular file is read, and
at most ``limit`` bytes of it: anything else is an :class:`InputFileError` naming the file and
what to do, before a byte is read. The file is opened without blocking and checked on the open
descriptor, so what is checked is what is read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from mentorwatch.errors import InvalidInput

KIB = 1024
MIB = 1024 * KIB


class InputFileError(InvalidInput):
    """A file named as input that cannot be used (not a regular file, too large, unreadable)."""


def read_text_file(path: Path, *, limit: int, what: str) -> str:
    """The UTF-8 text of ``path`` (``what`` names it in errors: "the settings file")."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError as error:
        raise InputFileError(f"{what} {path}: no such file") from error
    except OSError as error:
        raise InputFileError(f"{what} {path}: cannot be read ({error.strerror})") from error
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise InputFileError(
                f"{what} {path}: not a regular file ({_kind(info.st_mode)}); name a file"
            )
        if info.st_size > limit:
            raise InputFileError(
                f"{what} {path}: {info.st_size} bytes, more than the {_size(limit)} allowed"
            )
        data = _read_at_most(descriptor, limit + 1)
    finally:
        os.close(descriptor)
    if len(data) > limit:  # it grew while we looked
        raise InputFileError(f"{what} {path}: more than the {_size(limit)} allowed")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputFileError(f"{what} {path}: not UTF-8 text ({error.reason})") from error


def _read_at_most(descriptor: int, size: int) -> bytes:
    chunks: list[bytes] = []
    while size > 0:
        chunk = os.read(descriptor, min(size, 64 * KIB))
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a file"


def _size(limit: int) -> str:
    return f"{limit // MIB} MiB" if limit >= MIB else f"{limit // KIB} KiB"

"""One handler from mentorwatch's error tree to what the command prints and its exit code.

Commands let errors propagate; :class:`MentorwatchGroup` catches every
:class:`~mentorwatch.errors.MentorwatchError`, prints it (:func:`error_lines`) and exits with
:func:`~mentorwatch.errors.exit_code_for`. Errors in a file named on the command line are
labelled with the file (:func:`in_file`); a configuration error that arrives unlabelled was
read from the wiki.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from mentorwatch.cli.render import echo_line
from mentorwatch.cli.speech import say
from mentorwatch.domain.config import ConfigError, ConfigProblem
from mentorwatch.domain.message import Message
from mentorwatch.domain.snapshot import SnapshotError
from mentorwatch.errors import InvalidInput, MentorwatchError, exit_code_for
from mentorwatch.language.catalogue import Style, catalogue
from mentorwatch.settings import SettingsError
from mentorwatch.wiki.errors import AuthenticationError

#: the last line under a wiki configuration page's problems (in English; printed in the
#: operator's language)
WIKI_CONFIG_FOOTER = catalogue().text(Message("mentorwatch-cli-wiki-config-footer"), Style("en"))


class InFile(InvalidInput):
    """An input error found in a file named on the command line; the message names the file.

    ``each_problem``: a configuration error prints one line per problem (``config check``)
    rather than one line for all.
    """

    def __init__(self, path: Path, error: InvalidInput, *, each_problem: bool = False) -> None:
        super().__init__(f"{path}: {error}")
        self.path = path
        self.error = error
        self.each_problem = each_problem


@contextlib.contextmanager
def in_file(path: Path, *, each_problem: bool = False) -> Iterator[None]:
    """Label the snapshot and configuration errors raised inside with the file they are in."""
    try:
        yield
    except (SnapshotError, ConfigError) as error:
        raise InFile(path, error, each_problem=each_problem) from error


def error_lines(error: MentorwatchError) -> list[str]:
    """What the command prints on standard error for an error, in the operator's language
    (the error's own words as they are)."""
    if isinstance(error, InFile):
        if error.each_problem and isinstance(error.error, ConfigError):
            return [_in(str(error.path), problem) for problem in error.error.problems]
        return [_error(str(error))]
    if isinstance(error, ConfigError):  # unlabelled: the wiki's configuration page
        where = error.page or say("mentorwatch-cli-wiki-configuration")
        lines = [_in(where, problem) for problem in error.problems]
        return [*lines, say("mentorwatch-cli-wiki-config-footer")]
    if isinstance(error, SettingsError):  # one line per problem, each naming its key
        return [say("mentorwatch-cli-error-settings", problem=p) for p in error.problems]
    if isinstance(error, AuthenticationError):
        return [_error(error.info)]
    return [_error(str(error))]


def _error(text: str) -> str:
    return say("mentorwatch-cli-error", error=text)


def _in(where: str, problem: ConfigProblem | str) -> str:
    """A problem of a file or page: its key and the fix, in the operator's language."""
    said = problem.said if isinstance(problem, ConfigProblem) else problem
    return say("mentorwatch-cli-error-in", where=where, problem=said)


class MentorwatchGroup(click.Group):
    """The top-level group: runs a command, and turns a mentorwatch error into its exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MentorwatchError as error:
            for line in error_lines(error):
                echo_line(line, err=True)
            sys.exit(exit_code_for(error))

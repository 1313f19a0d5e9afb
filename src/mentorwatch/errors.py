"""mentorwatch's one error tree, and the exit code the command gives for each branch.

Every exception mentorwatch raises on purpose derives from :class:`MentorwatchError`, through
one of four branches. The classes live next to the code that raises them; this is the map::

    MentorwatchError
    ├── InvalidInput                  exit 2: bad input; nothing was changed
    │   ├── domain.config.parse.ConfigError  the community configuration (one line per problem)
    │   ├── domain.snapshot.SnapshotError    a snapshot file
    │   ├── domain.timeutil.TimestampError   a date or time
    │   ├── domain.mentors.MentorListError   one entry of the mentor list
    │   ├── jsonfile.JsonFileError           a JSON file given on the command line
    │   ├── domain.strict_json.StrictJsonError  JSON text refused (too deep, a key twice)
    │   ├── wiki.errors.InvalidPage          a page on the wiki that cannot be used (also a
    │   │                                    WikiError, for the wiki's error handlers)
    │   ├── settings.SettingsError           the operator's settings
    │   ├── service.undo.CannotUndo          an undo that cannot be done (dry run, other wiki)
    │   └── store.journal.JournalError       the journal: UnknownRun, JournalTooNew, and
    │                                        a locked, read-only, damaged or missing database
    ├── WikiError                     exit 3: the wiki could not be used as needed
    │   ├── WikiUnreachable, NotAMediaWiki, NotLoggedIn     (wiki.errors)
    │   │   └── WriteUncertain    a write whose answer was lost: left pending, never resent
    │   ├── ApiError: AuthenticationError, EditConflict, PermissionDenied
    │   ├── UnexpectedAnswer              an answer without what it must hold (wiki.errors)
    │   ├── NoGrowthExperiments                              (wiki.growth)
    │   ├── EntryChanged, ConflictRetriesExhausted           (wiki.mentorlist)
    │   └── OptedOut                                         (wiki.notifier)
    └── Refused                       exit 4: mentorwatch will not act now
        └── store.journal.RunLocked          another run holds the wiki's lock

A run that completes but with some failed actions exits 1 (see :data:`EXIT_ACTION_FAILED`),
as does ``away check`` when the away is refused. The exit codes are documented in the README
from :data:`EXIT_CODES`.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_ACTION_FAILED = 1
EXIT_INVALID_INPUT = 2
EXIT_WIKI_ERROR = 3
EXIT_REFUSED = 4

#: exit code -> what it means, for the README and ``--help``
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "done",
    EXIT_ACTION_FAILED: "some action failed (or `away check`: the away is refused)",
    EXIT_INVALID_INPUT: "invalid configuration or input; nothing was changed",
    EXIT_WIKI_ERROR: "the wiki could not be used (unreachable, not a MediaWiki, login failed)",
    EXIT_REFUSED: "refused: a safety check failed, or another run holds the wiki's lock",
}


class MentorwatchError(Exception):
    """The root of every error mentorwatch raises on purpose."""

    exit_code = EXIT_INVALID_INPUT


class InvalidInput(MentorwatchError, ValueError):
    """Input that cannot be used as given; the message names the field and the fix."""

    exit_code = EXIT_INVALID_INPUT


class WikiError(MentorwatchError):
    """Anything that went wrong talking to a wiki. Messages never contain secrets."""

    exit_code = EXIT_WIKI_ERROR


class Refused(MentorwatchError):
    """mentorwatch will not act now (and says why); trying later, or an override, may work."""

    exit_code = EXIT_REFUSED


def exit_code_for(error: BaseException) -> int:
    """The command's exit code for an error (2 for anything outside the tree's branches)."""
    return error.exit_code if isinstance(error, MentorwatchError) else EXIT_INVALID_INPUT

"""mentorwatch's one error tree, and the exit code the command gives for each branch.

Every exception mentorwatch raises on purpose derives from :class:`MentorwatchError`, through
one of four branches. The classes live next to the code that raises them; this is the map,
one class a line under its base, named by its module below ``mentorwatch``
(``tests/architecture/test_map.py`` checks it against the code both ways)::

    MentorwatchError
    ├── InvalidInput                                 exit 2: bad input; nothing was changed
    │   ├── domain.config.parse.ConfigError          the community configuration, one line a problem
    │   ├── domain.snapshot_fields.SnapshotError     a snapshot file
    │   ├── domain.timeutil.TimestampError           a date or time
    │   ├── domain.mentors.MentorListError           one entry of the mentor list
    │   ├── domain.upstream.UpstreamError            a snapshot's GrowthExperiments cleanup settings
    │   ├── domain.questions_codec.QuestionsError    a snapshot's mentees' questions
    │   ├── domain.shards.ShardError                 a --shard that is not K/N
    │   ├── domain.strict_json.StrictJsonError       JSON text refused
    │   │   ├── domain.strict_json.DuplicateKey      an object holds a key twice
    │   │   └── domain.strict_json.BrokenJson        not JSON at all; where it breaks
    │   ├── jsonfile.JsonFileError                   a JSON file given on the command line
    │   ├── input_files.InputFileError               a file named as input: not regular, too large
    │   ├── wiki.errors.InvalidPage                  an unusable wiki page (also a WikiError)
    │   ├── settings.SettingsError                   the operator's settings
    │   ├── settings_env.EnvironmentSettingError     an environment variable's value
    │   ├── wiki.errors.NotLoggedIn                  no credentials for a command that writes
    │   ├── service.undo.CannotUndo                  an undo that cannot be done
    │   ├── store.migrate.JournalError               a locked, read-only, damaged or missing journal
    │   │   ├── store.migrate.JournalTooNew          written by a newer mentorwatch
    │   │   └── store.runs.UnknownRun                no run with that id
    │   ├── cli.errors.InFile                        input in a file named on the command line
    │   └── cli.journal.UntrustedWiki                the journal names a wiki the operator did not
    ├── WikiError                                    exit 3: the wiki could not be used as needed
    │   ├── wiki.errors.WikiUnreachable              no answer, or not one that can be read
    │   │   └── wiki.errors.WriteUncertain           an answer lost: pending, never resent
    │   ├── wiki.errors.NotAMediaWiki                the address is not a MediaWiki API
    │   ├── wiki.errors.ApiError                     the wiki answered with an error
    │   │   ├── wiki.errors.AuthenticationError      the credentials were refused
    │   │   ├── wiki.errors.EditConflict             the page changed under the edit
    │   │   └── wiki.errors.PermissionDenied         the account may not do this
    │   ├── wiki.errors.UnexpectedAnswer             an answer without what it must hold
    │   ├── wiki.growth_features.NoGrowthExperiments the wiki has no GrowthExperiments API
    │   ├── wiki.mentorlist.EntryChanged             the mentor's entry changed since it was read
    │   ├── wiki.mentorlist.ConflictRetriesExhausted the list page kept changing under the edit
    │   ├── wiki.mentorlist.AwayUnknown              a mentor's own away cannot be seen
    │   ├── wiki.notifier.OptedOut                   the talk page opts out of bots ({{nobots}})
    │   └── service.single_write.FollowUpFailed      a write after one made was refused (protect)
    ├── Refused                                      exit 4: mentorwatch will not act now
    │   ├── store.locks.RunLocked                    another run holds the wiki's lock
    │   ├── service.rules_page.MigrationRefused      config migrate would overwrite, or has nothing
    │   ├── service.own_away.NotSavedForThem         not saved for a mentor blocked or not let edit
    │   └── web.runtime.sealed_sessions.TooManySessions  the web app holds all the sessions it may
    └── Stopped                                      exit 5: stopped part-way, its work journaled
        └── store.lock_heartbeat.LockLost            its lock was taken over, or not renewed in time

A run that completes but with some failed actions exits 1 (see :data:`EXIT_ACTION_FAILED`),
as does ``away check`` when the away is refused; one whose account lacks a right for a feature
the rules switch on exits 6 (:data:`EXIT_MISSING_RIGHT`, the preflight's finding). The exit
codes are documented in the README from :data:`EXIT_CODES`.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_ACTION_FAILED = 1
EXIT_INVALID_INPUT = 2
EXIT_WIKI_ERROR = 3
EXIT_REFUSED = 4
EXIT_STOPPED = 5
EXIT_MISSING_RIGHT = 6

#: exit code -> what it means, for the README and ``--help``
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "done",
    EXIT_ACTION_FAILED: "some action failed (or `away check`: the away is refused)",
    EXIT_INVALID_INPUT: "invalid configuration or input; nothing was changed",
    EXIT_WIKI_ERROR: "the wiki could not be used (unreachable, not a MediaWiki, login failed)",
    EXIT_REFUSED: (
        "refused: the rules page is not trusted, a safety check failed, or another run holds "
        "the wiki's lock"
    ),
    EXIT_STOPPED: "stopped part-way: the run lost the wiki's lock (its lease could not be renewed "
    "in time, or another run took it over); what it did is journaled, the rest is left to the "
    "run holding the lock",
    EXIT_MISSING_RIGHT: (
        "missing right: those actions were not tried (the grant or group to add is named), "
        "the rest was done"
    ),
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


class Stopped(MentorwatchError):
    """A run stopped part-way, because going on could do harm; what it did is journaled."""

    exit_code = EXIT_STOPPED


def exit_code_for(error: BaseException) -> int:
    """The command's exit code for an error (2 for anything outside the tree's branches)."""
    return error.exit_code if isinstance(error, MentorwatchError) else EXIT_INVALID_INPUT

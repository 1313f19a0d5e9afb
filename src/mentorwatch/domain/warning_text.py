"""The default warning a mentor gets before removal, and the parameters its text may use.

The community may replace heading and text on its rules page (``MentorwatchWarningHeading``,
``MentorwatchWarningText``); :func:`mentorwatch.domain.notices.render_warning` fills them in.
"""

from __future__ import annotations

#: The parameters a warning's heading and text may use.
WARNING_PARAMETERS = {
    "$1": "the date of the planned removal",
    "$2": "the removal threshold in days",
    "$3": "the away threshold in days",
    "$4": "the mentor's user name",
    "$5": "how many days the warning comes before the removal",
}
DEFAULT_WARNING_HEADING = "Your place on the mentor list"
DEFAULT_WARNING_TEXT = (
    "Hello $4, and thank you for mentoring newcomers on this wiki.\n\n"
    "You have not edited for a while. Under this wiki's rules, mentors who have not edited for "
    "more than $2 days are taken off the mentor list, so that newcomers are paired with someone "
    "who can answer them. If nothing changes, you will be removed on or after '''$1'''.\n\n"
    "To stay, you only need to make an edit before then. If you are taking a break, you can "
    "instead set yourself away in your mentor settings, for at most $2 days; newcomers will not "
    "be assigned to you meanwhile. If you are removed, you are welcome to sign up again at any "
    "time.\n\n"
    "(This message was left by an automated tool on behalf of the community.) ~~~~"
)

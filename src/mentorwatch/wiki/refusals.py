"""The wiki's refusals of an edit for want of rights, told apart from failures to retry.

A refusal is an answer, not an outage: the web app says it plainly, and a mentor's own away the
wiki refuses them may be saved by mentorwatch's account (``service/own_away.py``).
"""

from __future__ import annotations

from mentorwatch.wiki.errors import ApiError, WikiError

#: the wiki's error codes for "you may not edit this page"
REFUSALS = frozenset(
    {
        "protectedpage",
        "protectednamespace",
        "protectednamespace-interface",
        "protectedinterface",
        "cascadeprotected",
        "permissiondenied",
        "sitejsonprotected",
        "sitecssprotected",
        "customjsonprotected",
        "mycustomjsonprotected",
        "cantcreate",
        "noedit",
        "noedit-anon",
        "writeapidenied",
    }
)
# not refusals of rights: a blocked user (never saved for them: that would get round the
# block) and a read-only wiki are failures, said as the wiki says them


def refused(error: WikiError) -> bool:
    """Whether the wiki refused the edit for want of rights (not a failure to retry)."""
    return isinstance(error, ApiError) and error.code in REFUSALS

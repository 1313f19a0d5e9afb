"""The wiki's refusals of an edit for want of rights, told apart from failures to retry.

A refusal is an answer, not an outage: the web app says it plainly. A mentor's own away the
wiki refuses them may be saved by mentorwatch's account (``service/own_away.py``), but only
where every reason the wiki has is the page's protection (:data:`PAGE_PROTECTION`,
``wiki/edit_standing.py``): never for a block, nor for a sign-in that may not edit at all.
"""

from __future__ import annotations

from mentorwatch.wiki.errors import ApiError, WikiError

#: the wiki's error codes for "this page is protected beyond your rights": the page's
#: protection, its namespace's, or the rights its content model needs
PAGE_PROTECTION = frozenset(
    {
        "protectedpage",
        "protectednamespace",
        "protectednamespace-interface",
        "protectedinterface",
        "cascadeprotected",
        "sitejsonprotected",
        "sitecssprotected",
        "sitejsprotected",
        "customjsonprotected",
        "customcssprotected",
        "customjsprotected",
        "mycustomjsonprotected",
        "mycustomcssprotected",
        "mycustomjsprotected",
    }
)

#: the wiki's error codes for "you may not edit this page": its protection, or an account or
#: a sign-in without the right to edit at all (not a page's protection: never saved for them)
REFUSALS = PAGE_PROTECTION | frozenset(
    {"permissiondenied", "cantcreate", "noedit", "noedit-anon", "writeapidenied"}
)
# not refusals of rights: a blocked user (never saved for them: that would get round the
# block) and a read-only wiki are failures, said as the wiki says them


def refused(error: WikiError) -> bool:
    """Whether the wiki refused the edit for want of rights (not a failure to retry)."""
    return isinstance(error, ApiError) and error.code in REFUSALS

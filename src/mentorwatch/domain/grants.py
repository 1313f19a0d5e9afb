"""Grants: what each of Special:BotPasswords' grants carries, and how to ask for a missing
right in the wiki's own words (the grant to add, or the group to join).

Under a bot password (or an OAuth consumer) an account's rights are those of its groups *cut
down* to the rights its grants carry. No API gives the grants' rights (``meta=siteinfo`` has
the groups' rights, ``meta=allmessages`` the grants' labels, Special:ListGrants is HTML only),
so :data:`GRANTS` is kept here from the source, and ``tests/integration/test_rights_table.py``
checks it on real wikis: a bot password made with exactly one grant has exactly those rights
(less those its account's groups lack).

Sources: MediaWiki core ``GrantPermissions`` (``includes/MainConfigSchema.php`` of 1.43;
``includes/DefaultSettings.php`` of 1.39, the same for these grants but for ``basic``, which
there also carries ``writeapi`` and ``purge``, and ``editpage``, which there lacks
``pagelang``), and GrowthExperiments' ``extension.json`` ``GrantPermissions`` (the same in
REL1_39, REL1_43 and master).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from mentorwatch.domain.message import Message


@dataclass(frozen=True)
class Grant:
    """A grant of Special:BotPasswords (and OAuth consumers): its name, the label the wiki
    shows (English; the wiki's own is read from ``grant-NAME`` where it can be), its rights."""

    name: str
    label: str
    rights: frozenset[str]


def _grant(name: str, label: str, rights: str) -> Grant:
    return Grant(name, label, frozenset(rights.split()))


_EDIT = "edit minoredit applychangetags changetags editcontentmodel"

#: the grants mentorwatch may ask for, with every right each carries (module docstring)
GRANTS: Mapping[str, Grant] = {
    grant.name: grant
    for grant in (
        _grant(
            "basic",
            "Basic rights",
            "read autoconfirmed autocreateaccount autopatrol editsemiprotected ipblock-exempt "
            "nominornewtalk patrolmarks unwatchedpages",
        ),
        _grant(
            "highvolume", "High-volume (bot) access", "bot apihighlimits noratelimit markbotedits"
        ),
        _grant("editpage", "Edit existing pages", f"{_EDIT} pagelang"),
        _grant(
            "createeditmovepage",
            "Create, edit, and move pages",
            f"{_EDIT} createpage createtalk delete-redirect move move-categorypages "
            "move-rootuserpages move-subpages suppressredirect",
        ),
        _grant("editprotected", "Edit protected pages", f"{_EDIT} editprotected"),
        _grant("protect", "Protect and unprotect pages", f"{_EDIT} editprotected protect"),
        _grant(
            "editinterface",
            "Edit the MediaWiki namespace and sitewide/user JSON",
            f"{_EDIT} editinterface editsitejson edituserjson",
        ),
        _grant(
            "editsiteconfig",
            "Edit sitewide and user CSS/JS",
            f"{_EDIT} editinterface editsitecss editsitejs editsitejson editusercss edituserjs "
            "edituserjson",
        ),
        _grant("managementorship", "Manage mentorship", "setmentor managementors enrollasmentor"),
    )
}

#: the grant mentorwatch names for each right it may need (the smallest that carries it)
GRANT_FOR: Mapping[str, str] = {
    "edit": "editpage",
    "editcontentmodel": "editpage",
    "createpage": "createeditmovepage",
    "createtalk": "createeditmovepage",
    "editprotected": "editprotected",
    "protect": "protect",
    "editinterface": "editinterface",
    "editsitejson": "editinterface",
    "managementors": "managementorship",
    "setmentor": "managementorship",
    "bot": "highvolume",
    "apihighlimits": "highvolume",
}


@dataclass(frozen=True)
class AccountRights:
    """The account mentorwatch acts as, as the wiki sees it (``meta=userinfo``)."""

    name: str
    #: what it may do now: its groups' rights, cut down to its grants under a bot password
    rights: frozenset[str]
    #: every group it is in, the implicit ones (``*``, ``user``, ``autoconfirmed``) too
    groups: frozenset[str] = frozenset()
    #: how it signed in: the bot password's login name (``Bot@app``), or None (OAuth, none)
    bot_password: str | None = None
    oauth: bool = False
    #: a block in force ("sitewide" or "partial"), with who and why
    block: str | None = None
    sitewide_block: bool = False


@dataclass(frozen=True)
class SiteRights:
    """What the wiki says about rights: each group's rights (``siprop=usergroups``), and the
    labels of its grants and groups (``meta=allmessages``: ``grant-NAME``, ``group-NAME``)."""

    group_rights: Mapping[str, frozenset[str]] = field(default_factory=dict)
    grant_labels: Mapping[str, str] = field(default_factory=dict)
    group_labels: Mapping[str, str] = field(default_factory=dict)

    def grant_label(self, grant: str) -> Message | str:
        """The grant as the wiki names it (its ``grant-NAME``), else as the catalogue does
        (``mentorwatch-grant-NAME``), else its name."""
        found = self.grant_labels.get(grant)
        if found:
            return found
        return grant_message(grant) if grant in GRANTS else grant

    def groups_with(self, right: str) -> list[str]:
        """The groups holding ``right`` that an account can be added to (not implicit)."""
        return sorted(
            name
            for name, rights in self.group_rights.items()
            if right in rights and name not in IMPLICIT_GROUPS
        )

    def group_label(self, group: str) -> str:
        label = self.group_labels.get(group)
        return f"{label} ({group})" if label and label != group else group


IMPLICIT_GROUPS = frozenset({"*", "user", "autoconfirmed", "temp", "named"})


@dataclass(frozen=True)
class Gap:
    """Rights an account lacks, and what gives them: one fix, as Special:BotPasswords or
    Special:UserRights says it."""

    rights: tuple[str, ...]
    fix: Message


def gaps(needed: Iterable[str], account: AccountRights, site: SiteRights) -> list[Gap]:
    """What ``account`` lacks of ``needed``: one fix a group to join (Special:UserRights), one
    a grant to add (Special:BotPasswords), each naming the rights it gives."""
    missing = sorted(set(needed) - account.rights)
    held = frozenset().union(*(site.group_rights.get(g, frozenset()) for g in account.groups))
    found: list[Gap] = []
    by_groups: dict[tuple[str, ...], list[str]] = {}
    for right in (right for right in missing if right not in held):
        by_groups.setdefault(tuple(site.groups_with(right)), []).append(right)
    for groups, rights in by_groups.items():
        found.append(Gap(tuple(rights), _group_fix(rights, groups, account, site)))
    for grant, rights in fewest_grants(missing).items():
        surely = all(right in held for right in rights)
        found.append(Gap(tuple(rights), grant_fix(grant, account, site, surely=surely)))
    return found


def _group_fix(
    rights: list[str], groups: tuple[str, ...], account: AccountRights, site: SiteRights
) -> Message:
    named = ", ".join(f"`{right}`" for right in rights)
    if not groups:
        return Message.of("mentorwatch-grants-no-group", rights=named)
    labels = ", ".join(site.group_label(group) for group in groups)
    return Message.of(
        "mentorwatch-grants-join-group", rights=named, account=account.name, groups=labels
    )


def fewest_grants(rights: Iterable[str]) -> dict[str, list[str]]:
    """The grants to add for ``rights`` (by name, each with the rights it is added for): the
    grant :data:`GRANT_FOR` names, less any whose rights another chosen grant also carries."""
    rights = list(rights)
    chosen: dict[str, list[str]] = {}
    for right in rights:
        if right in GRANT_FOR:
            chosen.setdefault(GRANT_FOR[right], []).append(right)
    for grant in list(chosen):
        others = [GRANTS[other].rights for other in chosen if other != grant]
        for other_rights in others:
            if set(chosen[grant]) <= other_rights:
                del chosen[grant]
                break
    for grant, given in list(chosen.items()):  # each right under the grant that gives it
        given.extend(r for r in rights if r in GRANTS[grant].rights and r not in given)
    return {grant: sorted(given) for grant, given in chosen.items()}


def grant_fix(
    grant: str, account: AccountRights, site: SiteRights, *, surely: bool = True
) -> Message:
    """How to add ``grant`` to what the account signed in with (``surely``: it lacks it; else
    it may only lack a group's right the grant would pass on)."""
    label = site.grant_label(grant)
    if account.oauth:
        target = Message("mentorwatch-grants-target-oauth")
    elif account.bot_password:
        app = account.bot_password.partition("@")[2]
        target = Message.of(
            "mentorwatch-grants-target-bot-password", login=account.bot_password, app=app
        )
    else:
        target = Message("mentorwatch-grants-target-signed-in")
    key = "mentorwatch-grants-add" if surely else "mentorwatch-grants-make-sure"
    return Message.of(key, grant=label, target=target)


def grant_message(grant: str) -> Message:
    """A grant's name as Special:BotPasswords shows it, in the reader's language."""
    return Message(f"mentorwatch-grant-{grant}")


def grants_for(rights: Iterable[str]) -> list[str]:
    """The fewest grants (names) that give ``rights``, in :data:`GRANTS` order."""
    wanted = fewest_grants(sorted(set(rights)))
    return [name for name in GRANTS if name in wanted]

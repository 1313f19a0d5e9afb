"""What mentorwatch writes on a wiki, in the wiki's content language.

Edit summaries, the warning before removal, the notices after an action and the away notice
are the catalogue's messages (``mentorwatch-summary-*``, ``mentorwatch-warning-*``,
``mentorwatch-notice-*``, ``mentorwatch-away-notice-*``), rendered in the wiki's content
language (``meta=siteinfo`` ``lang``) with dates as its readers write them (:func:`wiki_date`).
What the wiki or its people chose comes first:

- the community's own texts on the rules page (``WarningHeading``, ``WarningText``: ``$1`` the
  removal date, ``$2`` removal days, ``$3`` away days, ``$4`` the mentor, ``$5`` warning days);
- the operator's summaries (``[summaries]``, :class:`~mentorwatch.domain.wiki_texts.Summaries`:
  ``$1`` the mentor, ``$2`` days inactive, ``$3`` the weight or the run);
- the wiki's own wording of GrowthExperiments' cleaner for marking away and removing
  (``meta=allmessages`` in the content language, where the wiki has it: :data:`OWN_WORDING`),
  so mentorwatch's summaries read like the wiki's own.

``docs/i18n.md`` says which text is in which language and how to override it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.languages import Languages
from mentorwatch.domain.message import Gender, Message, Param, Person
from mentorwatch.domain.nudge import Nudge, nudge_heading, nudge_questions, nudge_text
from mentorwatch.domain.planner import Decision
from mentorwatch.domain.wiki_texts import (
    Summaries,
    fill,
    human_date,
    section_title,
    wikitext_safe,
)
from mentorwatch.language.catalogue import Style, babel_code, catalogue
from mentorwatch.language.dates import long_date
from mentorwatch.language.render import rule_evidence

#: the summaries GrowthExperiments' own cleaner has a message for (``$1`` the mentor, ``$2``
#: days inactive): the wiki's wording is used where it has them
OWN_WORDING = {
    "mark_away": "growthexperiments-mentor-list-cleaner-mark-mentor-as-away-action",
    "remove": "growthexperiments-mentor-list-cleaner-remove-mentor-action",
}


def wiki_date(moment: datetime, language: str) -> str:
    """A date as the wiki's readers write it: CLDR's long date in the language (``2026년 12월
    2일``, ``2. Dezember 2026``); in English the day before the month (``2 December 2026``),
    MediaWiki's own default for English, where CLDR's ``en`` would write it American."""
    if babel_code(language).split("_")[0] == "en":
        return human_date(moment)
    return long_date(moment, language)


def wiki_style(language: str = "en", languages: Languages | None = None) -> Style:
    """The style of texts posted on a wiki whose content language is ``language``."""
    return Style(language, moment=wiki_date, languages=languages or Languages())


@dataclass(frozen=True)
class WikiWords:
    """How mentorwatch speaks on one wiki: the operator's summaries, the wiki's own wording,
    else the catalogue's, in the wiki's content language."""

    summaries: Summaries = field(default_factory=Summaries)
    style: Style = field(default_factory=wiki_style)
    #: the wiki's own wording by summary kind (:data:`OWN_WORDING`), in its content language
    own: Mapping[str, str] = field(default_factory=dict)
    #: the mentors' grammatical gender by name, for ``{{GENDER:}}`` in talk-page texts (read
    #: once per run for the mentors written to: ``wiki/users.py`` ``read_genders``)
    genders: Mapping[str, Gender] = field(default_factory=dict)

    def with_genders(self, genders: Mapping[str, Gender]) -> WikiWords:
        return replace(self, genders=dict(genders))

    def summary(self, kind: str, decision: Decision) -> str:
        """The edit summary of ``kind`` (``mark_away``, ``remove``, ``warn``…) for a decision;
        for a community rule's (issue 24), which is not about days, the rule's evidence."""
        evidence = rule_evidence(decision)
        if evidence is not None:
            return self._rule_summary(decision.username, evidence)
        return self._summary(kind, decision.username, self._days(decision))

    def _rule_summary(self, username: str, evidence: Message) -> str:
        if self.summaries.by_rule:  # the operator's wording
            return fill(self.summaries.by_rule, username, self._text(evidence))
        message = Message.of("mentorwatch-summary-rule", mentor=username, evidence=evidence)
        return catalogue().text(message, self.style)

    def reassign(self, old_mentor: str, days_inactive: float | None) -> str:
        """The reason given to ``growthsetmentor`` for a removed mentor's mentee."""
        days: Param = _MANY if days_inactive is None else int(days_inactive)
        return self._summary("reassign", old_mentor, days)

    def reassign_after(self, decision: Decision) -> str:
        """The reason given for the mentees of the mentor ``decision`` removes: the days, or
        a community rule's evidence where a rule removed them (not days they may not have)."""
        evidence = rule_evidence(decision)
        if evidence is None:
            return self.reassign(decision.username, decision.days_inactive)
        message = Message.of(
            "mentorwatch-summary-reassign-rule", mentor=decision.username, evidence=evidence
        )
        return catalogue().text(message, self.style)

    def paused(self, summary: str, decision: Decision, previous_weight: int) -> str:
        """``summary`` with why the write sets weight 0 and that it is given back."""
        override = self.summaries.weight_paused
        if override:
            days = self._text(self._days(decision))
            added = fill(override, decision.username, days, str(previous_weight))
        else:
            message = Message.of("mentorwatch-summary-weight-paused", weight=previous_weight)
            added = catalogue().text(message, self.style)
        return f"{summary}; {added}"

    def undo(self, username: str, run_id: int) -> str:
        """The summary of an undo: ``$1`` the mentor, ``$3`` the run (an operator's text)."""
        if self.summaries.undo:
            return fill(self.summaries.undo, username, "$2", str(run_id))
        message = Message.of("mentorwatch-summary-undo", mentor=username, run=run_id)
        return catalogue().text(message, self.style)

    def notify_again(self, username: str) -> str:
        """The summary of a notice posted again after the wiki refused it."""
        return self._summary("notify", username, _MANY)

    def text(self, message: Message) -> str:
        """A catalogue message in the wiki's content language, dates as its readers write
        them: the summaries of the writes outside a run (a web save, ``config migrate``, an
        undo's exemptions), which no operator's text replaces."""
        return catalogue().text(message, self.style)

    def _summary(self, kind: str, username: str, days: Param) -> str:
        override = getattr(self.summaries, kind) or self.own.get(kind, "")
        if override:
            return fill(override, username, self._text(days))
        key = "mentorwatch-summary-" + kind.replace("_", "-")
        names = catalogue().variables(key)
        values = {"mentor": username, "days": days}
        message = Message.of(key, **{name: values[name] for name in names})
        return catalogue().text(message, self.style)

    def _text(self, value: Param) -> str:
        if isinstance(value, Message):
            return catalogue().text(value, self.style)
        return str(value)

    @staticmethod
    def _days(decision: Decision) -> Param:
        """Whole days inactive; where unknown, more than the threshold, or many."""
        if decision.days_inactive is not None:
            return int(decision.days_inactive)
        if decision.threshold_days:
            threshold = decision.threshold_days
            return Message.of("mentorwatch-summary-days-more-than", threshold=threshold)
        return _MANY

    # --- talk-page texts ----------------------------------------------------------------------

    def warning(
        self, config: CommunityConfig, username: str, removal_on: datetime
    ) -> tuple[str, str]:
        """(heading, text) of the warning: the community's text, else the catalogue's."""
        return render_warning(config, username, removal_on, self.style, self._gender(username))

    def action_notice(
        self,
        action: str,
        username: str,
        config: CommunityConfig,
        away_until: datetime | None,
        evidence: Message | None = None,
    ) -> tuple[str, str]:
        """``evidence``: a community rule's, where one decided (not days without an edit)."""
        gender = self._gender(username)
        if evidence is not None:
            return render_rule_notice(
                action, username, away_until, evidence, self.style, config, gender
            )
        return render_action_notice(action, username, config, away_until, self.style, gender)

    def away_notice(
        self,
        username: str,
        away_until: datetime,
        removal_on: datetime,
        config: CommunityConfig | None = None,
    ) -> tuple[str, str]:
        gender = self._gender(username)
        return render_away_notice(username, away_until, removal_on, self.style, config, gender)

    def nudge(
        self, nudge: Nudge, waiting_days: int, config: CommunityConfig | None = None
    ) -> tuple[str, str]:
        """(heading, text) of the nudge: the community's text, else the catalogue's."""
        return render_nudge(nudge, waiting_days, self.style, config)

    def _gender(self, username: str) -> Gender:
        return self.genders.get(username, "n")


def words_for(
    summaries: Summaries,
    language: str,
    wording: Mapping[str, str],
    languages: Languages | None = None,
) -> WikiWords:
    """How to speak on a wiki whose content language is ``language`` and whose own texts are
    ``wording`` (by message name; one MediaWiki would have to parse, ``{{…}}``, is not used)."""
    own = {
        kind: wording[name]
        for kind, name in OWN_WORDING.items()
        if wording.get(name) and "{{" not in wording[name]
    }
    return WikiWords(summaries, wiki_style(language, languages), own)


_MANY = Message("mentorwatch-summary-days-many")
_ENGLISH = wiki_style()


def render_warning(
    config: CommunityConfig,
    username: str,
    removal_on: datetime,
    style: Style = _ENGLISH,
    gender: Gender = "n",
) -> tuple[str, str]:
    """(heading, text) of the warning, from the rules page's text or the catalogue's; the
    mentor's name put in as plain text (:func:`wikitext_safe`)."""
    shipped = catalogue()
    username = wikitext_safe(username)
    default_heading = shipped.text(Message("mentorwatch-warning-heading"), style)
    values = (
        style.moment(removal_on, style.language),
        str(config.autoremove_after_days),
        str(config.autoaway_after_days),
        username,
        str(config.warn_days_before_removal),
    )
    heading = fill(config.warning_heading, *values) if config.warning_heading else default_heading
    if config.warning_text:
        text = fill(config.warning_text, *values)
    else:
        message = Message.of(
            "mentorwatch-warning-text",
            removal_on=removal_on,
            num_days=config.autoremove_after_days,
            mentor=username,
            user_name=Person(username, gender),
        )
        text = shipped.text(message, style)
    return section_title(heading, default_heading), text


def render_action_notice(
    action: str,
    username: str,
    config: CommunityConfig,
    away_until: datetime | None,
    style: Style = _ENGLISH,
    gender: Gender = "n",
) -> tuple[str, str]:
    """(heading, text) telling a mentor they were marked away, paused or removed."""
    username = wikitext_safe(username)
    kind = {"remove": "removed", "pause": "paused"}.get(action, "away")
    days = config.autoremove_after_days if kind == "removed" else config.autoaway_after_days
    until = away_until if kind != "removed" else None
    params: dict[str, Param] = {
        "mentor": username,
        "num_days": days,
        "user_name": Person(username, gender),
    }
    text_key = f"mentorwatch-notice-{kind}-text"
    if until is not None:
        text_key = f"mentorwatch-notice-{kind}-until-text"
        params["until"] = until
    shipped = catalogue()
    heading = shipped.text(Message(f"mentorwatch-notice-{kind}-heading"), style)
    text = shipped.text(Message.of(text_key, **params), style)
    if not (config.notice_heading or config.notice_text):
        return heading, text
    done = shipped.text(Message(f"mentorwatch-notice-did-{kind}"), style)
    shown = style.moment(until, style.language) if until is not None else ""
    values = (username, done, str(days), shown)
    return _community(config.notice_heading, config.notice_text, values, (heading, text))


def render_rule_notice(
    action: str,
    username: str,
    away_until: datetime | None,
    evidence: Message,
    style: Style = _ENGLISH,
    config: CommunityConfig | None = None,
    gender: Gender = "n",
) -> tuple[str, str]:
    """(heading, text) of the notice of a community rule's action, naming the rule's evidence
    (``mentorwatch-notice-rule-*``); the community's ``NoticeHeading``/``NoticeText`` where it
    wrote them (``$3`` the evidence in words)."""
    username = wikitext_safe(username)
    kind = {"remove": "removed", "pause": "paused"}.get(action, "away")
    params: dict[str, Param] = {"mentor": username, "evidence": evidence}
    text_key = "mentorwatch-notice-rule-removed-text"
    until = None if kind == "removed" else away_until
    if kind == "removed":
        params["user_name"] = Person(username, gender)
    else:
        text_key = "mentorwatch-notice-rule-away-text"
        if away_until is not None:
            text_key = "mentorwatch-notice-rule-away-until-text"
            params["until"] = away_until
    shipped = catalogue()
    heading = shipped.text(Message(f"mentorwatch-notice-{kind}-heading"), style)
    text = shipped.text(Message.of(text_key, **params), style)
    if config is None or not (config.notice_heading or config.notice_text):
        return heading, text
    done = shipped.text(Message(f"mentorwatch-notice-did-{kind}"), style)
    shown = style.moment(until, style.language) if until is not None else ""
    values = (username, done, shipped.text(evidence, style), shown)
    return _community(config.notice_heading, config.notice_text, values, (heading, text))


def render_away_notice(
    username: str,
    away_until: datetime,
    removal_on: datetime,
    style: Style = _ENGLISH,
    config: CommunityConfig | None = None,
    gender: Gender = "n",
) -> tuple[str, str]:
    """(heading, text) telling an away mentor that their away period runs past the date they
    would be removed for inactivity, and how to avoid it."""
    username = wikitext_safe(username)
    shipped = catalogue()
    text = Message.of(
        "mentorwatch-away-notice-text",
        mentor=username,
        user_name=Person(username, gender),
        away_until=away_until,
        removal_on=removal_on,
    )
    shipped_texts = (
        shipped.text(Message("mentorwatch-away-notice-heading"), style),
        shipped.text(text, style),
    )
    if config is None or not (config.away_notice_heading or config.away_notice_text):
        return shipped_texts
    dates = (style.moment(away_until, style.language), style.moment(removal_on, style.language))
    values = (username, *dates)
    return _community(config.away_notice_heading, config.away_notice_text, values, shipped_texts)


def render_nudge(
    nudge: Nudge, waiting_days: int, style: Style = _ENGLISH, config: CommunityConfig | None = None
) -> tuple[str, str]:
    """(heading, text) of the nudge about mentees' questions waiting; the community's
    ``NudgeHeading``/``NudgeText`` where it wrote them (``$4`` the questions, each linked)."""
    shipped = catalogue()
    texts = (
        shipped.text(nudge_heading(), style),
        shipped.text(nudge_text(nudge, waiting_days), style),
    )
    if config is None or not (config.nudge_heading or config.nudge_text):
        return texts
    listed = Message.of("mentorwatch-nudge-questions", list_questions=nudge_questions(nudge))
    count, days = str(len(nudge.questions)), str(waiting_days)
    values = (wikitext_safe(nudge.username), count, days, shipped.text(listed, style))
    return _community(config.nudge_heading, config.nudge_text, values, texts)


def _community(
    heading: str, text: str, values: tuple[str, ...], shipped: tuple[str, str]
) -> tuple[str, str]:
    """(heading, text): the community's own (from the rules page) where it wrote one, its
    ``$N`` filled with ``values``, else the catalogue's; the heading kept one section title."""
    said_heading = fill(heading, *values) if heading else shipped[0]
    said_text = fill(text, *values) if text else shipped[1]
    return section_title(said_heading, shipped[0]), said_text

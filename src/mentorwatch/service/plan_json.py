"""Plans as JSON: ``plan --json``, the journal's decision evidence, the dashboard's export.

A decision's reason and problem are given twice: in English with ISO 8601 moments (``reason``,
``problem``: what scripts and older readers take) and as the catalogue's messages
(``reason_messages``, ``problem_message``: :meth:`Message.to_json`), to render in any language;
the rules' source alike (``basis``, ``refused``; ``basis_message``, ``refused_message``).
"""

from __future__ import annotations

from typing import Any

from mentorwatch.domain.planner import Decision, Plan
from mentorwatch.domain.questions_json import pool_to_json, questions_to_json
from mentorwatch.domain.rules_source import RulesSource
from mentorwatch.domain.timeutil import DAY, format_timestamp
from mentorwatch.language.render import english_sentences, message_text, problem_text


def decision_to_json(decision: Decision) -> dict[str, Any]:
    def ts(value: Any) -> str | None:
        return None if value is None else format_timestamp(value)

    return {
        "mentor": decision.username,
        "user_id": decision.user_id,
        "action": decision.action.value,
        "status": decision.status.value,
        "status_label": message_text(decision.status.message),
        "reason": english_sentences(decision.reason),
        "reason_messages": [sentence.to_json() for sentence in decision.reason],
        "rule": decision.rule,
        "away_until": ts(decision.away_until_after),
        "away_until_before": ts(decision.away_until_before),
        "last_active_at": ts(decision.last_active_at),
        "last_active_source": decision.last_active_source.value,
        "days_inactive": decision.days_inactive,
        "threshold_days": decision.threshold_days,
        "flags": [flag.value for flag in decision.flags],
        "problem": problem_text(decision),
        "problem_message": None if decision.problem is None else decision.problem.to_json(),
        "next_action": None if decision.next_action is None else decision.next_action.value,
        "next_action_after": ts(decision.next_action_after),
        "paused": decision.paused,
        "weight_after": decision.weight_after,
        "warn_removal_on": ts(decision.warn_removal_on),
        "warned_at": ts(decision.warned_at),
    }


def rules_to_json(source: RulesSource | None) -> dict[str, Any] | None:
    """Where the rules came from: ``basis`` and ``refused`` in English (what scripts take), and
    as messages beside them (``basis_message``, ``refused_message``)."""
    if source is None:
        return None
    return {
        **source.to_json(),
        "basis": "" if source.basis is None else message_text(source.basis),
        "refused": None if source.refusal is None else message_text(source.refusal),
        "basis_message": None if source.basis is None else source.basis.to_json(),
        "refused_message": None if source.refusal is None else source.refusal.to_json(),
    }


def plan_to_json(plan: Plan) -> dict[str, Any]:
    return {
        "now": format_timestamp(plan.now),
        "run_interval_days": plan.run_interval / DAY,
        "config": plan.config.to_wiki_json(),
        "rules": rules_to_json(plan.rules),
        "counts": {action.value: count for action, count in plan.counts().items()},
        "decisions": [decision_to_json(decision) for decision in plan.decisions],
        "pool": None if plan.pool is None else pool_to_json(plan.pool),
        "questions": None if plan.questions is None else questions_to_json(plan.questions),
    }

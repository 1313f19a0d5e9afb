"""What the wiki really holds, and whether the journal says the same (the fault suite's oracle)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

from mentorwatch.store.journal import ActionRecord, Journal
from mentorwatch.wiki.api import MediaWikiClient
from tests.integration.conftest import Community

ROOT = Path(__file__).resolve().parents[2]


def killed(args: list[str], env: dict[str, str], kill: str) -> subprocess.CompletedProcess[str]:
    """``mentorwatch ARGS`` in a subprocess that SIGKILLs itself at ``kill`` (killer.py)."""
    child = {**os.environ, **env, "MENTORWATCH_TEST_KILL": kill}
    child["PYTHONPATH"] = os.pathsep.join(sys.path)
    done = subprocess.run(
        [sys.executable, "-m", "tests.faults.killer", *args],
        env=child,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == -signal.SIGKILL, done.stdout + done.stderr
    return done


def edits(c: Community, summary_start: str, title: str | None = None) -> list[dict[str, Any]]:
    """The revisions of a page whose summary starts so (ours say what and whom)."""
    return [r for r in c.history(title) if r["comment"].startswith(summary_start)]


def messages(c: Community, short: str) -> list[dict[str, Any]]:
    """The messages mentorwatch left on a mentor's talk page."""
    return edits(c, "Mentor list: telling", f"User talk:{c.name(short)}")


def revision_entries(c: Community, revision_id: int) -> dict[str, Any]:
    """The mentor list as a revision of it holds it."""
    result = MediaWikiClient(c.wiki.api_url).get(
        action="query", prop="revisions", revids=revision_id, rvprop="content", rvslots="main"
    )
    content = result["query"]["pages"][0]["revisions"][0]["slots"]["main"]["content"]
    return dict(json.loads(content)["Mentors"])


def check_journal_matches_wiki(c: Community, journal: Journal) -> list[ActionRecord]:
    """Nothing pending; each ``done`` edit's revision is in its page's history, and a list
    edit's revision holds what the journal says it left; returns the records."""
    records = journal.actions.find()
    assert [r for r in records if r.status == "pending"] == []
    for record in records:
        if record.status != "done" or record.page is None:
            continue
        assert record.revision_id in {r["revid"] for r in c.history(record.page)}, record
        if record.page != c.list_page:
            continue
        held = revision_entries(c, record.revision_id).get(str(record.user_id))
        assert held == record.after, (record, held)
    return records


def statuses(records: list[ActionRecord], username: str, action: str) -> list[str]:
    return [r.status for r in records if r.username == username and r.action == action]

"""The README's deploy recipe names only files that are in the repository, and they agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from mentorwatch.store.journal import Journal
from mentorwatch.store.migrate import JournalError

ROOT = Path(__file__).parents[2]


def deploy_section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme[readme.index("## Deploy (weekly)") : readme.index("## Development")]


def test_every_file_the_deploy_recipe_names_exists() -> None:
    named = set(
        re.findall(
            r"`([\w./-]+\.(?:toml|yaml|txt|md)|Procfile|\.python-version)`", deploy_section()
        )
    )
    named.discard("~/settings.toml")
    assert {"Procfile", "jobs.yaml", "requirements.txt", "settings.example.toml"} <= named
    assert [name for name in sorted(named) if not (ROOT / name).exists()] == []


def test_the_job_runs_a_procfile_entry_weekly_with_a_timeout_and_mail_on_failure() -> None:
    procfile = dict(
        line.split(":", 1) for line in (ROOT / "Procfile").read_text().splitlines() if line
    )
    assert "gunicorn" in procfile["web"] and "wsgi_app()" in procfile["web"]
    (job,) = yaml.safe_load((ROOT / "jobs.yaml").read_text())
    assert job["command"] in procfile and "run --all" in procfile[job["command"]]
    assert job["schedule"] == "@weekly" and job["emails"] == "onfailure"
    assert isinstance(job["timeout"], int) and job["timeout"] > 0
    assert ".[mysql,web]" in (ROOT / "requirements.txt").read_text()


def test_a_database_whose_driver_is_missing_says_what_to_install() -> None:
    with pytest.raises(JournalError, match=r"pip install 'mentorwatch\[mysql\]'"):
        Journal("mysql+mysqldb://user:pw@127.0.0.1:1/journal")

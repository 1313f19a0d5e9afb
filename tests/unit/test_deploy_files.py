"""The deployment files (Procfile, jobs.yaml, service.template, requirements.txt,
.python-version, the environment) as Toolforge would use them, and the README's deploy recipe:
they exist, agree with each other and with the README, and build a working configuration."""

from __future__ import annotations

import re
import shlex
import subprocess
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from mentorwatch.settings import load_settings
from mentorwatch.settings_env import TOOLSDB_HOST, throwaway_journal
from mentorwatch.store.journal import Journal
from mentorwatch.store.migrate import JournalError
from mentorwatch.web.runtime.web_config import web_config_from_env

ROOT = Path(__file__).parents[2]
INJECTED = {"TOOL_TOOLSDB_USER": "s55123", "TOOL_TOOLSDB_PASSWORD": "p@ss:w/rd"}


def deploy_section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme[readme.index("## Deploy (weekly)") : readme.index("## Development")]


def toolforge_section() -> str:
    section = deploy_section()
    return section[section.index("### Deploy on Toolforge") :]


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return {name: command.strip() for name, command in (line.split(":", 1) for line in lines)}


def jobs() -> list[dict[str, object]]:
    """The jobs of jobs.yaml, and the commented ones it shows (the shards)."""
    text = (ROOT / "jobs.yaml").read_text()
    shown = [line.removeprefix("# ") for line in text.splitlines() if line.startswith("# ")]
    commented = yaml.safe_load("\n".join(shown[shown.index("- name: mentorwatch-weekly-1") :]))
    return [*yaml.safe_load(text), *commented]


def readme_envvars() -> dict[str, str]:
    """Every ``toolforge envvars create NAME VALUE`` line of the README's Toolforge steps."""
    found = {}
    for line in toolforge_section().splitlines():
        if line.strip().startswith("toolforge envvars create"):
            name, value = shlex.split(line.strip().removeprefix("toolforge envvars create"))[:2]
            found[name] = value
    return found


def test_every_file_the_deploy_recipe_names_exists() -> None:
    named = set(
        re.findall(
            r"`([\w./-]+\.(?:toml|yaml|txt|md|template)|Procfile|\.python-version|bin/mentorwatch)`",
            deploy_section(),
        )
    )
    assert {
        "Procfile",
        "jobs.yaml",
        "requirements.txt",
        "settings.example.toml",
        "service.template",
        ".python-version",
        "bin/mentorwatch",
    } <= named
    assert [name for name in sorted(named) if not (ROOT / name).exists()] == []


def test_the_jobs_run_procfile_entries_or_the_checkouts_command_without_nfs() -> None:
    entries = procfile()
    assert set(entries) == {"web", "weekly"}
    assert "gunicorn" in entries["web"] and "wsgi_app()" in entries["web"]
    assert entries["weekly"] == "exec bin/mentorwatch --log-format json run --all"
    weekly, *shards = jobs()
    assert weekly["command"] == "weekly" and weekly["schedule"] == "@weekly"
    assert [job["command"] for job in shards] == [
        f"bin/mentorwatch --log-format json run --all --shard {k}/3" for k in (1, 2, 3)
    ]
    for job in (weekly, *shards):
        assert job["mount"] == "none" and job["emails"] == "onfailure"
        assert isinstance(job["timeout"], int) and job["timeout"] > 0
        assert job["image"] == "tool-mentorwatch/tool-mentorwatch:latest"
    section = toolforge_section()
    assert "toolforge jobs load ~/mentorwatch/jobs.yaml" in section
    assert "`command: weekly` and\n   `command: launcher weekly` are the same" in section
    assert "--mount all" not in section and "mount: none" in section


def test_the_webservice_template_is_the_build_services_with_the_health_check() -> None:
    template = yaml.safe_load((ROOT / "service.template").read_text())
    assert template == {"type": "buildservice", "health-check-path": "/healthz", "mount": "none"}
    section = toolforge_section()
    assert "cp ~/mentorwatch/service.template ~/service.template" in section
    web = section[section.index("7. **The web app**") :]
    assert "   webservice start\n" in web and "--mount" not in web


def test_the_checkouts_command_runs_without_installing_it() -> None:
    run = subprocess.run(
        [str(ROOT / "bin" / "mentorwatch"), "--version"],
        capture_output=True,
        text=True,
        check=True,
        cwd="/",
    )
    assert run.stdout.startswith("mentorwatch, version")


def test_requirements_pin_every_dependency_of_pyproject_with_hashes() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = [
        Requirement(text)
        for text in [
            *project["dependencies"],
            *project["optional-dependencies"]["mysql"],
            *project["optional-dependencies"]["web"],
        ]
    ]
    text = (ROOT / "requirements.txt").read_text()
    assert "pip-compile --extra=mysql --extra=web --generate-hashes" in text
    blocks = re.split(r"\n(?=\S)", text)
    pins = {}
    for block in blocks:
        match = re.match(r"([A-Za-z0-9._-]+)==([^\s\\]+)", block)
        if match:
            assert "--hash=sha256:" in block, match.group(1)
            pins[canonicalize_name(match.group(1))] = match.group(2)
    for requirement in wanted:
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} of pyproject.toml is not pinned in requirements.txt"
        assert requirement.specifier.contains(pins[name]), (name, pins[name])
    assert not re.search(r"^\s*(-e|\.|git\+)", text, re.M)  # hash-checkable: nothing unpinned


def test_the_python_version_is_current_and_allowed_by_the_project() -> None:
    version = (ROOT / ".python-version").read_text().strip()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert version == "3.13"  # the build service's buildpack offers 3.10 to 3.14
    assert Requirement(f"python{project['requires-python']}").specifier.contains(f"{version}.0")


def test_the_readmes_envvars_and_toolforges_give_a_full_configuration_without_a_file() -> None:
    env = {**readme_envvars(), **INJECTED}
    assert set(readme_envvars()) >= {
        "MENTORWATCH_USERNAME",
        "MENTORWATCH_PASSWORD",
        "MENTORWATCH_WIKIS",
        "MENTORWATCH_WEB_SECRET",
        "MENTORWATCH_PUBLIC_URL",
        "MENTORWATCH_TRUSTED_PROXIES",
    }
    settings = load_settings(None, None, env)
    assert settings.wikis == (
        "https://ko.wikipedia.org/w/api.php",
        "https://de.wikipedia.org/w/api.php",
    )
    assert settings.database == (
        f"mysql://s55123:p%40ss%3Aw%2Frd@{TOOLSDB_HOST}/s55123__mentorwatch"
    )
    assert throwaway_journal(settings.database, env) is None
    kowiki = load_settings(None, "https://ko.wikipedia.org/w/api.php", env)
    assert kowiki.name == "kowiki" and kowiki.username == env["MENTORWATCH_USERNAME"]
    web = web_config_from_env("https://ko.wikipedia.org/w/api.php", kowiki, env=env)
    assert web.trusted_proxies == 1 and web.secure_cookies


def test_a_throwaway_journal_is_refused_with_the_fix(tmp_path: Path) -> None:
    sqlite = "sqlite:////app/.local/state/mentorwatch/mentorwatch.db"
    for env in ({"NO_HOME": "a buildservice pod does not need a home env"}, INJECTED):
        problem = throwaway_journal(sqlite, env, tmp_path)
        assert problem is not None and "ToolsDB" in problem and "MENTORWATCH_DATABASE" in problem
    (tmp_path / "cnb").mkdir()
    assert throwaway_journal(sqlite, {}, tmp_path) is not None  # any buildpacks image
    assert throwaway_journal("sqlite:////data/project/mentorwatch/j.db", INJECTED) is None
    assert throwaway_journal(sqlite, {}, tmp_path / "elsewhere") is None  # an ordinary machine


def test_a_database_whose_driver_is_missing_says_what_to_install() -> None:
    with pytest.raises(JournalError, match=r"pip install 'mentorwatch\[mysql\]'"):
        Journal("mysql+mysqldb://user:pw@127.0.0.1:1/journal")

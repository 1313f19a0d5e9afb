"""Every operator setting from the environment (a job and a webservice with no settings file,
as on Toolforge), over the file's; a bad value names its variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from mentorwatch.settings import SettingsError, load_settings
from mentorwatch.settings_env import EnvironmentSettingError

KO = "https://ko.wikipedia.org/w/api.php"


def test_each_setting_has_a_variable_and_a_whole_file_fits_in_one() -> None:
    env = {
        "MENTORWATCH_SETTINGS_TOML": (
            'contact = "User:Toml"\nrun_interval_days = 3\n'
            f'[wikis."{KO}"]\nname = "kowiki"\nrules_page = "Project:Ko.json"\n'
            f'[wikis."{KO}".summaries]\nremove = "per-wiki $1"\n'
        ),
        "MENTORWATCH_WIKIS": "https://de.wikipedia.org/w/api.php",
        "MENTORWATCH_LOCK_LEASE_SECONDS": "120",
        "MENTORWATCH_MAXLAG_BUDGET_SECONDS": "30",
        "MENTORWATCH_WRITE_PAUSE_SECONDS": "2.5",
        "MENTORWATCH_SUMMARY_MARK_AWAY": "away $1",
        "MENTORWATCH_RUN_INTERVAL_DAYS": "14",
    }
    ko = load_settings(None, KO, env)
    assert ko.wikis == (KO, "https://de.wikipedia.org/w/api.php")
    assert (ko.name, ko.rules_page, ko.contact) == ("kowiki", "Project:Ko.json", "User:Toml")
    assert ko.run_interval_days == 14  # the variable over the TOML
    assert (ko.lock_lease_seconds, ko.maxlag_budget_seconds, ko.write_pause_seconds) == (
        120,
        30,
        2.5,
    )
    assert ko.summaries.remove == "per-wiki $1" and ko.summaries.mark_away == "away $1"


def test_the_environment_is_over_the_settings_file(tmp_path: Path) -> None:
    settings = tmp_path / "settings.toml"
    settings.write_text(f'rules_page = "Project:File.json"\nwikis = ["{KO}"]\n')
    env = {"MENTORWATCH_RULES_PAGE": "Project:Env.json", "MENTORWATCH_WIKIS": f"kowiki={KO}"}
    found = load_settings(settings, KO, env)
    assert found.rules_page == "Project:Env.json" and found.wikis == (KO,)
    assert found.name == "kowiki"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"MENTORWATCH_LOCK_LEASE_SECONDS": "ten"}, "MENTORWATCH_LOCK_LEASE_SECONDS"),
        ({"MENTORWATCH_WIKIS": "kowiki=ko.wikipedia.org"}, "MENTORWATCH_WIKIS"),
        ({"MENTORWATCH_SETTINGS_TOML": "contact = "}, "MENTORWATCH_SETTINGS_TOML"),
        ({"MENTORWATCH_SUMMARY_BOGUS": "x"}, "bogus"),
        ({"MENTORWATCH_WRITE_PAUSE_SECONDS": "-1"}, "write_pause_seconds"),
    ],
)
def test_a_bad_variable_is_refused_naming_it(env: dict[str, str], named: str) -> None:
    with pytest.raises((SettingsError, EnvironmentSettingError), match=named):
        load_settings(None, None, env)

"""Throwaway wikis running the real GrowthExperiments, one of each kind per test session.

- ``ge139``: MediaWiki 1.39 (bookworm) + GrowthExperiments REL1_39, structured mentor list;
- ``ge143``: MediaWiki 1.43 (trixie's, scripts/install-mediawiki-1.43.sh) + GrowthExperiments
  REL1_43, without CommunityConfiguration;
- ``ge143cc``: the same with CommunityConfiguration REL1_43 (mentorship enabled on its
  ``MediaWiki:GrowthExperimentsMentorship.json``).

Each is built the first time a test asks for it and stopped at the end of the session. The
bot (``localwiki.BOT``) has a bot password with ``managementorship``; ``growthwiki`` (in
scripts/) seeds mentors, away and newcomers through the real API. A missing MediaWiki or
missing extension sources fail the test with the command to run: never a silent skip.
Registered from tests/integration/conftest.py.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "scripts") not in sys.path:
    sys.path.insert(0, str(ROOT / "scripts"))

import localwiki  # noqa: E402

#: seconds each rig took to build in this session (install, extensions, update.php, start, bot)
BUILD_SECONDS: dict[str, float] = {}


def build_rig(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    *,
    mediawiki: str,
    community_configuration: bool = False,
    language: str = "en",
) -> localwiki.LocalWiki:
    """Create a GrowthExperiments wiki, or fail the test saying what to install."""
    install = localwiki.INSTALL_SCRIPTS[mediawiki]
    if shutil.which("php") is None:
        pytest.fail("PHP is missing: run scripts/install-mediawiki.sh (scripts/test does it)")
    if not (localwiki.MEDIAWIKI_ROOTS[mediawiki] / "maintenance" / "install.php").exists():
        pytest.fail(
            f"MediaWiki {mediawiki} is not installed at {localwiki.MEDIAWIKI_ROOTS[mediawiki]}: "
            f"run {install} (scripts/test does it for you)"
        )
    started = time.monotonic()
    try:
        wiki = localwiki.create(
            tmp_path_factory.mktemp(name),
            mediawiki=mediawiki,
            growth=True,
            community_configuration=community_configuration,
            language=language,
        )
    except RuntimeError as error:
        pytest.fail(
            f"could not build the {name} wiki: {error}\n"
            f"Extension sources come from {localwiki.VENDOR_DIR} (GrowthExperiments-REL1_xx.tar.gz,"
            f" CommunityConfiguration-REL1_43.tar.gz), or ${localwiki.EXTENSIONS_ENV}, "
            "or a git clone from gerrit.wikimedia.org (see scripts/localwiki.py)."
        )
    BUILD_SECONDS[name] = time.monotonic() - started
    return wiki


@pytest.fixture(scope="session")
def ge139(tmp_path_factory: pytest.TempPathFactory) -> Iterator[localwiki.LocalWiki]:
    """MediaWiki 1.39 + GrowthExperiments REL1_39 (``$wgGEMentorProvider = 'structured'``)."""
    wiki = build_rig(tmp_path_factory, "ge139", mediawiki="1.39")
    try:
        yield wiki
    finally:
        wiki.stop()


@pytest.fixture(scope="session")
def ge143(tmp_path_factory: pytest.TempPathFactory) -> Iterator[localwiki.LocalWiki]:
    """MediaWiki 1.43 + GrowthExperiments REL1_43, without CommunityConfiguration."""
    wiki = build_rig(tmp_path_factory, "ge143", mediawiki="1.43")
    try:
        yield wiki
    finally:
        wiki.stop()


@pytest.fixture(scope="session")
def ge143cc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[localwiki.LocalWiki]:
    """MediaWiki 1.43 + GrowthExperiments REL1_43 + CommunityConfiguration REL1_43."""
    wiki = build_rig(tmp_path_factory, "ge143cc", mediawiki="1.43", community_configuration=True)
    try:
        yield wiki
    finally:
        wiki.stop()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line with each GrowthExperiments rig built in this session and its build time."""
    if BUILD_SECONDS:
        built = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in BUILD_SECONDS.items())
        terminalreporter.write_line(f"GrowthExperiments wikis built: {built}")

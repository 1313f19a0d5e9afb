#!/usr/bin/env python3
"""A throwaway MediaWiki on 127.0.0.1 for mentorwatch's tests, demo and benchmarks.

Debian's ``mediawiki`` package (1.39 LTS) is served straight out of ``/usr/share/mediawiki``
by PHP's built-in server; each wiki is just a directory holding ``LocalSettings.php``,
the SQLite database, the server's pid and log, and ``credentials.json`` (bot passwords, never
inside the repository). ``MW_CONFIG_FILE`` points MediaWiki at that directory.

GrowthExperiments wikis (``create(..., mediawiki="1.43", growth=True)``) run the real extension:
REL1_39 on MediaWiki 1.39, REL1_43 on MediaWiki 1.43 (Debian trixie's package unpacked into a
private prefix by ``scripts/install-mediawiki-1.43.sh``, ``$MENTORWATCH_MW143_DIR``), optionally
with CommunityConfiguration REL1_43. Extension sources, in this order:

1. ``<repo>/../shared/vendor/NAME-BRANCH.tar.gz`` (beside the repository, as in CI);
2. ``$MENTORWATCH_EXTENSIONS_DIR/NAME-BRANCH.tar.gz`` or a checkout
   ``$MENTORWATCH_EXTENSIONS_DIR/NAME-BRANCH/`` (used in place);
3. ``git clone --depth 1 -b BRANCH https://gerrit.wikimedia.org/r/mediawiki/extensions/NAME``
   into ``${XDG_CACHE_HOME:-~/.cache}/mentorwatch/extensions/NAME-BRANCH`` (needs the internet).

Tarballs are unpacked into the wiki's own directory (``DIR/extensions/NAME``), never into the
repository. ``scripts/growthwiki.py`` has the seeding helpers for such wikis.

Command line::

    scripts/localwiki.py create DIR [--port N] [--workers 4]   # install, start, create the bot
    scripts/localwiki.py create DIR --mediawiki 1.43 --growth [--community-configuration]
    scripts/localwiki.py stop DIR
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import tarfile
import time
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

MW_ROOT = Path(os.environ.get("MW_INSTALL_PATH", "/usr/share/mediawiki"))
HERE = Path(__file__).resolve().parent
SEED_USERS_PHP = HERE / "php" / "seed_users.php"
ADMIN = "Admin"
BOT = "MentorwatchBot"
BOT_APP = "mentorwatch"
#: ``protect``: mentorwatch protects the rules page it creates (``config migrate``, ``undo``)
#: and adds ``undo``'s exemptions to it once protected (the grant includes ``editprotected``)
BOT_GRANTS = (
    "basic,highvolume,editpage,createeditmovepage,editinterface,editsiteconfig,blockusers,protect"
)
#: on GrowthExperiments wikis the bot also manages the mentor list and mentees
GROWTH_BOT_GRANTS = f"{BOT_GRANTS},managementorship"

MW143_ROOT = Path(os.environ.get("MENTORWATCH_MW143_DIR", "/var/cache/mentorwatch/mediawiki-1.43"))
MEDIAWIKI_ROOTS = {"1.39": MW_ROOT, "1.43": MW143_ROOT}
INSTALL_SCRIPTS = {
    "1.39": "scripts/install-mediawiki.sh",
    "1.43": "scripts/install-mediawiki-1.43.sh",
}
GROWTH_BRANCHES = {"1.39": "REL1_39", "1.43": "REL1_43"}
VENDOR_DIR = HERE.parent.parent / "shared" / "vendor"  # <repo>/../shared/vendor
EXTENSIONS_ENV = "MENTORWATCH_EXTENSIONS_DIR"
GERRIT_EXTENSION = "https://gerrit.wikimedia.org/r/mediawiki/extensions/{name}"
FLAVOUR_FILE = "localwiki.json"
MENTORSHIP_CONFIG_PAGE = "MediaWiki:GrowthExperimentsMentorship.json"

HARNESS_SETTINGS = """
# --- mentorwatch test harness (a throwaway wiki on 127.0.0.1) ---
$wgRateLimits = [];
$wgGroupPermissions['user']['noratelimit'] = true;
$wgPasswordAttemptThrottle = [];
$wgPasswordConfig['pbkdf2']['cost'] = '10';
$wgShowExceptionDetails = true;
$wgDBservers = [ [ 'host' => '', 'user' => '', 'password' => '', 'dbname' => $wgDBname,
	'type' => 'sqlite', 'load' => 1, 'flags' => DBO_DEFAULT,
	'variables' => [ 'synchronous' => 'OFF' ] ] ];
$wgJobRunRate = 0;
$wgEnableBotPasswords = true;
# renaming users: an extension until MediaWiki 1.40 (Debian ships it), core since
if ( version_compare( MW_VERSION, '1.40', '<' ) ) { wfLoadExtension( 'Renameuser' ); }
"""


@dataclass(frozen=True)
class Flavour:
    """Which MediaWiki a wiki runs; whether with GrowthExperiments (and CommunityConfiguration)."""

    mediawiki: str = "1.39"
    growth: bool = False
    community_configuration: bool = False

    def __post_init__(self) -> None:
        if self.mediawiki not in MEDIAWIKI_ROOTS:
            raise ValueError(
                f"MediaWiki {self.mediawiki!r}: expected one of {list(MEDIAWIKI_ROOTS)}"
            )
        if self.community_configuration and not (self.growth and self.mediawiki == "1.43"):
            raise ValueError("CommunityConfiguration needs --growth on MediaWiki 1.43")

    @property
    def growth_branch(self) -> str | None:
        """The GrowthExperiments branch installed, or None without it."""
        return GROWTH_BRANCHES[self.mediawiki] if self.growth else None

    @property
    def plain(self) -> bool:
        return self == Flavour()


@dataclass(frozen=True)
class LocalWiki:
    """A running local wiki."""

    directory: Path
    port: int
    flavour: Flavour = Flavour()
    mw_root: Path = MW_ROOT

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api.php"

    @property
    def index_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/index.php"

    @property
    def env(self) -> dict[str, str]:
        env = {**os.environ, "MW_CONFIG_FILE": str(self.directory / "LocalSettings.php")}
        if self.mw_root != MW_ROOT:
            env["MW_INSTALL_PATH"] = str(self.mw_root)  # $IP of the other MediaWiki
        return env

    @property
    def growth(self) -> bool:
        return self.flavour.growth

    def credentials(self) -> dict[str, dict[str, str]]:
        path = self.directory / "credentials.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def bot_credentials(self, user: str = BOT) -> tuple[str, str]:
        entry = self.credentials()[user]
        return entry["username"], entry["password"]

    def php(self, script: str | Path, *args: str, stdin: str | None = None) -> str:
        """Run a maintenance script against this wiki and return its output."""
        path = Path(script) if Path(script).is_absolute() else self.mw_root / "maintenance" / script
        result = subprocess.run(
            ["php", str(path), *args],
            input=stdin,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{path.name} failed ({result.returncode}): {result.stderr}{result.stdout}"
            )
        return result.stdout

    def sqlite_path(self) -> Path:
        return self.directory / "data" / "localwiki.sqlite"

    # --- users and activity -------------------------------------------------------------

    def create_users(self, users: Iterable[Mapping[str, Any]]) -> dict[str, int]:
        """Create users with backdated registrations (``name``, ``registered``, ``groups``)."""
        spec = [
            {
                "name": user["name"],
                "registered": _mw(user["registered"]) if user.get("registered") else None,
                "groups": list(user.get("groups", [])),
            }
            for user in users
        ]
        if not spec:
            return {}
        output = self.php(SEED_USERS_PHP, stdin=json.dumps({"users": spec}))
        created = json.loads(output.strip().splitlines()[-1])["users"]
        return {name: int(user_id) for name, user_id in created.items()}

    def import_edits(self, edits: Iterable[Mapping[str, Any]]) -> int:
        """Import backdated edits: ``{"user", "title", "timestamp": datetime, "text", "comment"}``.

        Uses ``importDump.php`` (revisions by existing local users are attributed to them) and
        then recounts edit counts, which imports do not update.
        """
        xml, count = _dump_xml(edits)
        if count == 0:
            return 0
        dump = self.directory / f"import-{secrets.token_hex(4)}.xml"
        dump.write_text(xml, encoding="utf-8")
        try:
            self.php("importDump.php", "--no-updates", str(dump))
            self.php("initEditCount.php")
        finally:
            dump.unlink()
        return count

    def create_bot_password(self, user: str, app: str, grants: str) -> tuple[str, str]:
        """A bot password for ``user``; stored in the wiki's credentials.json, returned."""
        password = secrets.token_hex(16)  # [0-9a-f]: inside MediaWiki's [0-9a-w] alphabet
        self.php("createBotPassword.php", "--appid", app, "--grants", grants, user, password)
        credentials = self.credentials()
        credentials[user] = {"username": f"{user}@{app}", "password": password}
        path = self.directory / "credentials.json"
        path.write_text(json.dumps(credentials, indent=2))
        path.chmod(0o600)
        return credentials[user]["username"], password

    def rename_user(self, old: str, new: str) -> None:
        """Rename a user with MediaWiki's own script (Renameuser's on 1.39, core's on 1.43)."""
        if self.flavour.mediawiki == "1.39":
            script = self.mw_root / "extensions" / "Renameuser" / "maintenance" / "renameUser.php"
            self.php(script, "--oldname", old, "--newname", new, "--performer", ADMIN)
        else:
            self.php("renameUser.php", old, new, "--performer", ADMIN)
        self.run_jobs()  # the rename of older revisions may be deferred to jobs

    def run_jobs(self) -> str:
        """Run the queued jobs (GrowthExperiments queues some; ``$wgJobRunRate = 0`` here)."""
        return self.php("runJobs.php")

    # --- lifecycle ------------------------------------------------------------------------

    def stop(self) -> None:
        stop(self.directory)


def _mw(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%d%H%M%S")


def _dump_xml(edits: Iterable[Mapping[str, Any]]) -> tuple[str, int]:
    pages: dict[str, list[Mapping[str, Any]]] = {}
    for edit in edits:
        pages.setdefault(edit["title"], []).append(edit)
    parts = [
        '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">'
    ]
    count = 0
    for title, revisions in pages.items():
        parts.append(f"<page><title>{escape(title)}</title>")
        for edit in sorted(revisions, key=lambda e: e["timestamp"]):
            stamp = edit["timestamp"].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            parts.append(
                "<revision>"
                f"<timestamp>{stamp}</timestamp>"
                f"<contributor><username>{escape(edit['user'])}</username></contributor>"
                f"<comment>{escape(edit.get('comment', 'seed'))}</comment>"
                "<model>wikitext</model><format>text/x-wiki</format>"
                f'<text xml:space="preserve">{escape(edit.get("text", "seed"))}</text>'
                "</revision>"
            )
            count += 1
        parts.append("</page>")
    parts.append("</mediawiki>")
    return "".join(parts), count


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def create(
    directory: Path,
    port: int | None = None,
    workers: int = 4,
    *,
    mediawiki: str = "1.39",
    growth: bool = False,
    community_configuration: bool = False,
    language: str = "en",
) -> LocalWiki:
    """Install a fresh wiki in ``directory`` (which must not hold one), start it, create the bot.

    ``mediawiki`` is "1.39" (Debian bookworm's package) or "1.43" (trixie's, unpacked by
    ``scripts/install-mediawiki-1.43.sh``); ``growth`` installs GrowthExperiments of the
    matching branch, ``community_configuration`` CommunityConfiguration REL1_43 as well;
    ``language`` is the wiki's content language (``$wgLanguageCode``, e.g. ``ko``).
    """
    flavour = Flavour(mediawiki, growth, community_configuration)
    mw_root = MEDIAWIKI_ROOTS[flavour.mediawiki]
    if not (mw_root / "maintenance" / "install.php").exists():
        raise RuntimeError(
            f"MediaWiki is not installed at {mw_root}; "
            f"run {INSTALL_SCRIPTS[flavour.mediawiki]} first"
        )
    directory = directory.resolve()
    if (directory / "LocalSettings.php").exists():
        raise RuntimeError(f"{directory} already holds a wiki; stop it and remove the directory")
    (directory / "data").mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    wiki = LocalWiki(directory, port, flavour, mw_root)
    extensions = _fetch_extensions(flavour, directory / "extensions")  # before install: fail fast
    admin_password = secrets.token_urlsafe(18)
    wiki.php(
        "install.php",
        "--dbtype", "sqlite", "--dbpath", str(directory / "data"), "--dbname", "localwiki",
        "--server", f"http://127.0.0.1:{port}", "--scriptpath", "", "--lang", language,
        "--skins", "Vector", "--pass", admin_password, "--confpath", str(directory),
        "LocalWiki", ADMIN,
    )  # fmt: skip
    with (directory / "LocalSettings.php").open("a") as settings:
        settings.write(HARNESS_SETTINGS)
        if not flavour.plain:
            settings.write(_flavour_settings(wiki, extensions))
    if not flavour.plain:
        (directory / FLAVOUR_FILE).write_text(
            json.dumps({**asdict(flavour), "mw_root": str(mw_root)}, indent=2)
        )
    if flavour.growth:
        wiki.php("update.php", "--quick")  # the extensions' tables
    if flavour.community_configuration:
        # With CommunityConfiguration, GEMentorshipEnabled is read from this page (default
        # false: no mentor at signup), not from $wgGEMentorshipEnabled.
        wiki.php(
            "edit.php", "--user", ADMIN, "--summary", "Enable mentorship (test wiki)",
            MENTORSHIP_CONFIG_PAGE, stdin=json.dumps({"GEMentorshipEnabled": True}),
        )  # fmt: skip
    (directory / "port").write_text(str(port))
    start(wiki, workers)
    wiki.create_users([{"name": BOT, "groups": ["bot", "sysop", "interface-admin"]}])
    wiki.create_bot_password(BOT, BOT_APP, GROWTH_BOT_GRANTS if flavour.growth else BOT_GRANTS)
    return wiki


def extension_source(name: str, branch: str) -> Path:
    """A tarball or a checkout of extension ``name`` at ``branch`` (see the module's docstring)."""
    candidates = [VENDOR_DIR / f"{name}-{branch}.tar.gz"]
    if os.environ.get(EXTENSIONS_ENV):
        chosen = Path(os.environ[EXTENSIONS_ENV])
        candidates += [chosen / f"{name}-{branch}.tar.gz", chosen / f"{name}-{branch}"]
    for candidate in candidates:
        if candidate.is_file() or (candidate / "extension.json").is_file():
            return candidate
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    checkout = cache / "mentorwatch" / "extensions" / f"{name}-{branch}"
    if not (checkout / "extension.json").is_file():
        checkout.parent.mkdir(parents=True, exist_ok=True)
        url = GERRIT_EXTENSION.format(name=name)
        result = subprocess.run(
            ["git", "clone", "--quiet", "--depth", "1", "-b", branch, url, str(checkout)],
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(
                f"{name} {branch} not found in {VENDOR_DIR} nor ${EXTENSIONS_ENV}, "
                f"and cloning {url} failed: {result.stderr.strip()}"
            )
    return checkout


def _fetch_extensions(flavour: Flavour, target: Path) -> dict[str, Path]:
    """The extension directories (holding extension.json) a flavour loads besides core's."""
    wanted: list[tuple[str, str]] = []
    if flavour.community_configuration:
        wanted.append(("CommunityConfiguration", "REL1_43"))
    if flavour.growth_branch:
        wanted.append(("GrowthExperiments", flavour.growth_branch))
    found: dict[str, Path] = {}
    for name, branch in wanted:
        source = extension_source(name, branch)
        if source.is_dir():
            found[name] = source
            continue
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(source) as archive:
            archive.extractall(target, filter="data")
        found[name] = target / name
        if not (found[name] / "extension.json").is_file():
            raise RuntimeError(f"{source} has no {name}/extension.json")
    return found


def _flavour_settings(wiki: LocalWiki, extensions: Mapping[str, Path]) -> str:
    flavour = wiki.flavour
    lines = [
        f"\n# --- mentorwatch: MediaWiki {flavour.mediawiki}"
        + (f" + GrowthExperiments {flavour.growth_branch}" if flavour.growth else "")
        + (" + CommunityConfiguration REL1_43" if flavour.community_configuration else "")
        + " ---",
        # the code tree is shared by every wiki of this MediaWiki: uploads stay in the wiki's dir
        f"$wgUploadDirectory = {_php_string(str(wiki.directory / 'images'))};",
    ]
    if flavour.growth:
        if flavour.mediawiki != "1.39":
            lines.append("wfLoadExtension( 'VisualEditor' );  # GrowthExperiments needs it")
        for name, path in extensions.items():
            lines.append(
                f"wfLoadExtension( '{name}', {_php_string(str(path / 'extension.json'))} );"
            )
        lines += [
            "$wgGEMentorshipEnabled = true;",
            "$wgGEHomepageEnabled = true;",
            "$wgGEMentorDashboardEnabled = true;",
            "$wgGEDeveloperSetup = true;",
            # GrowthExperiments logs failures (e.g. of a signup's mentor assignment) at INFO
            "$wgDebugLogGroups['GrowthExperiments'] = "
            f"{_php_string(str(wiki.directory / 'growthexperiments.log'))};",
            "$wgDebugLogGroups['exception'] = "
            f"{_php_string(str(wiki.directory / 'exception.log'))};",
        ]
        if flavour.mediawiki == "1.39":
            lines.append("$wgGEMentorProvider = 'structured';")
        else:
            use_cc = "true" if flavour.community_configuration else "false"
            lines.append(f"$wgGEUseCommunityConfigurationExtension = {use_cc};")
    return "\n".join(lines) + "\n"


def _php_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def start(wiki: LocalWiki, workers: int = 4) -> None:
    """Serve the wiki with ``php -S`` in its own process group; wait until api.php answers."""
    log = (wiki.directory / "server.log").open("ab")
    env = {**wiki.env, "PHP_CLI_SERVER_WORKERS": str(workers)}
    process = subprocess.Popen(
        ["php", "-S", f"127.0.0.1:{wiki.port}", "-t", str(wiki.mw_root)],
        env=env,
        stdout=log,
        stderr=log,
        stdin=subprocess.DEVNULL,
        start_new_session=True,  # workers survive the master: kill the whole group
    )
    (wiki.directory / "server.pid").write_text(str(process.pid))
    deadline = time.monotonic() + 30
    url = f"{wiki.api_url}?action=query&meta=siteinfo&format=json"
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if b"generator" in response.read():
                    return
        except OSError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            stop(wiki.directory)
            raise RuntimeError(f"the wiki did not start; see {wiki.directory / 'server.log'}")
        time.sleep(0.05)


def open_wiki(directory: Path) -> LocalWiki:
    directory = directory.resolve()
    port = int((directory / "port").read_text())
    if not (directory / FLAVOUR_FILE).exists():
        return LocalWiki(directory, port)
    saved = json.loads((directory / FLAVOUR_FILE).read_text())
    flavour = Flavour(saved["mediawiki"], saved["growth"], saved["community_configuration"])
    return LocalWiki(directory, port, flavour, Path(saved["mw_root"]))


def stop(directory: Path) -> None:
    """Stop the server (master and workers) by its process group."""
    pid_file = directory / "server.pid"
    if not pid_file.exists():
        return
    pgid = int(pid_file.read_text())
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        _reap(pgid)  # a server started by this process stays a zombie (still "alive") until reaped
        if not _group_running(pgid):
            break
        time.sleep(0.05)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
    pid_file.unlink()


def _group_running(pgid: int) -> bool:
    """Whether a process of group ``pgid`` still runs; ended workers wait as zombies for
    whoever inherited them (a container's init may be slow to reap them)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    for stat in proc.glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid and fields[0] != "Z":  # state, ppid, pgrp, ...
                return True
    return False


def _reap(pgid: int) -> None:
    """Collect the exit status of this process's children in group ``pgid``, if any ended."""
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-pgid, os.WNOHANG)[0] > 0:
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create_cmd = commands.add_parser("create", help="install and start a fresh wiki")
    create_cmd.add_argument("directory", type=Path)
    create_cmd.add_argument("--port", type=int)
    create_cmd.add_argument("--workers", type=int, default=4)
    create_cmd.add_argument("--mediawiki", choices=sorted(MEDIAWIKI_ROOTS), default="1.39")
    create_cmd.add_argument(
        "--growth", action="store_true", help="with GrowthExperiments (REL1_39 / REL1_43)"
    )
    create_cmd.add_argument(
        "--community-configuration",
        action="store_true",
        help="with CommunityConfiguration REL1_43 (MediaWiki 1.43 and --growth only)",
    )
    create_cmd.add_argument(
        "--language", default="en", help="the content language ($wgLanguageCode), e.g. ko"
    )
    stop_cmd = commands.add_parser("stop", help="stop a wiki's server")
    stop_cmd.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    if args.command == "create":
        wiki = create(
            args.directory,
            args.port,
            args.workers,
            mediawiki=args.mediawiki,
            growth=args.growth,
            community_configuration=args.community_configuration,
            language=args.language,
        )
        print(f"{wiki.api_url} (bot credentials in {wiki.directory / 'credentials.json'})")
    else:
        stop(args.directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())

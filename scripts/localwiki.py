#!/usr/bin/env python3
"""A throwaway MediaWiki on 127.0.0.1 for mentorwatch's tests, demo and benchmarks.

Debian's ``mediawiki`` package (1.39 LTS) is served straight out of ``/usr/share/mediawiki``
by PHP's built-in server; each wiki is just a directory holding ``LocalSettings.php``,
the SQLite database, the server's pid and log, and ``credentials.json`` (bot passwords, never
inside the repository). ``MW_CONFIG_FILE`` points MediaWiki at that directory.

Command line::

    scripts/localwiki.py create DIR [--port N] [--workers 4]   # install, start, create the bot
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
import time
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
BOT_GRANTS = "basic,highvolume,editpage,createeditmovepage,editinterface,editsiteconfig,blockusers"

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
"""


@dataclass(frozen=True)
class LocalWiki:
    """A running local wiki."""

    directory: Path
    port: int

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api.php"

    @property
    def index_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/index.php"

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "MW_CONFIG_FILE": str(self.directory / "LocalSettings.php")}

    def credentials(self) -> dict[str, dict[str, str]]:
        path = self.directory / "credentials.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def bot_credentials(self, user: str = BOT) -> tuple[str, str]:
        entry = self.credentials()[user]
        return entry["username"], entry["password"]

    def php(self, script: str | Path, *args: str, stdin: str | None = None) -> str:
        """Run a maintenance script against this wiki and return its output."""
        path = Path(script) if Path(script).is_absolute() else MW_ROOT / "maintenance" / script
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


def create(directory: Path, port: int | None = None, workers: int = 4) -> LocalWiki:
    """Install a fresh wiki in ``directory`` (which must not hold one), start it, create the bot."""
    if not (MW_ROOT / "maintenance" / "install.php").exists():
        raise RuntimeError(
            f"MediaWiki is not installed at {MW_ROOT}; run scripts/install-mediawiki.sh first"
        )
    directory = directory.resolve()
    if (directory / "LocalSettings.php").exists():
        raise RuntimeError(f"{directory} already holds a wiki; stop it and remove the directory")
    (directory / "data").mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    wiki = LocalWiki(directory, port)
    admin_password = secrets.token_urlsafe(18)
    wiki.php(
        "install.php",
        "--dbtype", "sqlite", "--dbpath", str(directory / "data"), "--dbname", "localwiki",
        "--server", f"http://127.0.0.1:{port}", "--scriptpath", "", "--lang", "en",
        "--skins", "Vector", "--pass", admin_password, "--confpath", str(directory),
        "LocalWiki", ADMIN,
    )  # fmt: skip
    with (directory / "LocalSettings.php").open("a") as settings:
        settings.write(HARNESS_SETTINGS)
    (directory / "port").write_text(str(port))
    start(wiki, workers)
    wiki.create_users([{"name": BOT, "groups": ["bot", "sysop", "interface-admin"]}])
    wiki.create_bot_password(BOT, BOT_APP, BOT_GRANTS)
    return wiki


def start(wiki: LocalWiki, workers: int = 4) -> None:
    """Serve the wiki with ``php -S`` in its own process group; wait until api.php answers."""
    log = (wiki.directory / "server.log").open("ab")
    env = {**wiki.env, "PHP_CLI_SERVER_WORKERS": str(workers)}
    process = subprocess.Popen(
        ["php", "-S", f"127.0.0.1:{wiki.port}", "-t", str(MW_ROOT)],
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
    return LocalWiki(directory, int((directory / "port").read_text()))


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
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
    pid_file.unlink()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    create_cmd = commands.add_parser("create", help="install and start a fresh wiki")
    create_cmd.add_argument("directory", type=Path)
    create_cmd.add_argument("--port", type=int)
    create_cmd.add_argument("--workers", type=int, default=4)
    stop_cmd = commands.add_parser("stop", help="stop a wiki's server")
    stop_cmd.add_argument("directory", type=Path)
    args = parser.parse_args(argv)
    if args.command == "create":
        wiki = create(args.directory, args.port, args.workers)
        print(f"{wiki.api_url} (bot credentials in {wiki.directory / 'credentials.json'})")
    else:
        stop(args.directory)
    return 0


if __name__ == "__main__":
    sys.exit(main())

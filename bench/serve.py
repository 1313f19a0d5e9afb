"""Load benchmark: ``mentorwatch serve`` as deployed, 2,000 mentors on a local MediaWiki.

Run: ``python bench/serve.py [--mentors 2000] [--requests 1000]`` (needs the local MediaWiki:
scripts/install-mediawiki.sh). It seeds the mentors (backdated edits, the list on a Project page
so that a mentor may save their own away), starts the app under gunicorn (one worker process,
16 threads; every request asks the journal for its session, issue 20) or, without gunicorn,
Werkzeug's threaded server, all on 127.0.0.1, then prints, side by side with the figures of
issue 15:

* the first dashboard view after start (no snapshot yet: it must answer at once);
* a configuration save and an away save;
* p50/p95 of dashboard views at 20 and 50 concurrent users (a bounded load generator: a fixed
  number of requests, each user a signed-in session, gzip accepted);
* the server's memory (resident set) before and after the load;
* wiki requests per hour for an open dashboard: counted in process against the same wiki, for
  a full refresh and for an incremental one when nothing changed.
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import localwiki  # noqa: E402
from integration.web import csrf_of  # noqa: E402

from mentorwatch.settings import load_settings  # noqa: E402
from mentorwatch.store.journal import Journal  # noqa: E402
from mentorwatch.web.runtime.app import create_app  # noqa: E402
from mentorwatch.web.runtime.services import services_of  # noqa: E402
from mentorwatch.web.runtime.web_config import web_config_from_env  # noqa: E402
from mentorwatch.wiki.api import MediaWikiClient  # noqa: E402
from mentorwatch.wiki.pages import dump_json_page  # noqa: E402

LIST = "Project:BenchMentors.json"
CONFIG = "MediaWiki:BenchMentorship.json"
TODAY = {
    "first view": "24-45 s",
    "config save": "11-23 s",
    "away save": "like config",
    "20 users": "p50 2.2 s, p95 3.0 s",
    "50 users": "p95 6.1 s",
    "memory": "90 -> 230 MiB",
    "wiki requests/hour, open dashboard": "~7,900 (190,000/day)",
}


def seed(wiki: localwiki.LocalWiki, count: int, now: datetime) -> str:
    import random

    rng = random.Random(2)
    names = [f"LoadMentor{index:05d}" for index in range(count)]
    ids = wiki.create_users(
        {"name": name, "registered": now - timedelta(days=rng.uniform(400, 4000))} for name in names
    )
    wiki.import_edits(
        {
            "user": name,
            "title": f"Load page {index % 200}",
            "timestamp": now - timedelta(days=rng.uniform(0, 400)),
            "text": name,
        }
        for index, name in enumerate(names)
    )
    bot = MediaWikiClient(wiki.api_url)
    bot.login(*wiki.bot_credentials())
    mentors = {str(ids[n]): {"username": n, "message": None, "weight": 2} for n in names}
    config = {"GEMentorshipShouldBeAutoawayed": True, "GEMentorshipAutoawayedAfterDays": 90}
    for title, document in ((LIST, {"Mentors": mentors}), (CONFIG, config)):
        bot.post_with_token(
            action="edit", title=title, summary="bench", text=dump_json_page(document)
        )
    wiki.create_bot_password(names[0], "web", "basic,editpage")
    return names[0]


def start_server(
    wiki: localwiki.LocalWiki, settings: Path, port: int, log: Path
) -> tuple[subprocess.Popen[bytes], str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTORWATCH_")}
    env |= {
        "PYTHONPATH": str(ROOT / "src"),
        "MENTORWATCH_WIKI": wiki.api_url,
        "MENTORWATCH_BACKEND": "jsonpage",
        "MENTORWATCH_SETTINGS": str(settings),
        "MENTORWATCH_WEB_SECRET": secrets.token_hex(32),
    }
    if shutil.which("gunicorn") or _has("gunicorn"):
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "1",
            "--threads",
            "16",
            "--keep-alive",
            "30",
            "--bind",
            f"127.0.0.1:{port}",
            "mentorwatch.web.server:wsgi_app()",
        ]
        kind = "gunicorn, 1 worker x 16 threads"
    else:
        command = [
            sys.executable,
            "-m",
            "mentorwatch.cli",
            "serve",
            "--wiki",
            wiki.api_url,
            "--backend",
            "jsonpage",
            "--settings",
            str(settings),
            "--port",
            str(port),
        ]
        kind = "Werkzeug threaded (gunicorn not installed)"
    process = subprocess.Popen(
        command, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT, start_new_session=True
    )
    return process, kind


def _has(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is not None


def sign_in(url: str, credentials: tuple[str, str]) -> requests.Session:
    http = requests.Session()
    page = http.get(f"{url}/signin", timeout=30)
    form = {
        "csrf_token": csrf_of(page.text),
        "username": credentials[0],
        "password": credentials[1],
    }
    http.post(f"{url}/signin", data=form, timeout=60).raise_for_status()
    return http


def timed(call: object) -> float:
    started = time.perf_counter()
    response = call()  # type: ignore[operator]
    response.raise_for_status()
    return time.perf_counter() - started


def rss_mib(pid: int) -> float:
    """Resident memory of the process and its children (gunicorn's worker)."""
    total = 0
    pids = [pid] + [
        int(p)
        for p in subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True
        ).stdout.split()
    ]
    for one in pids:
        for line in Path(f"/proc/{one}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def load(
    url: str, cookies: requests.cookies.RequestsCookieJar, users: int, count: int
) -> tuple[float, float]:
    sessions = []
    for _ in range(users):
        http = requests.Session()
        http.cookies.update(cookies)
        sessions.append(http)
    pages = ["/", "/?sort=last_edit&order=desc", "/?status=away", "/?page=2"]
    errors: list[int] = []

    def one(index: int) -> float:
        http = sessions[index % users]
        started = time.perf_counter()
        try:
            response = http.get(url + pages[index % len(pages)], timeout=60)
        except requests.ConnectionError:
            errors.append(index)
            return time.perf_counter() - started
        assert response.status_code == 200, response.status_code
        return time.perf_counter() - started

    with ThreadPoolExecutor(users) as pool:
        times = sorted(pool.map(one, range(count)))
    if errors:
        print(f"  {users} users: {len(errors)} of {count} requests failed to connect")
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def wiki_requests(wiki: localwiki.LocalWiki, settings: Path, journal: str) -> tuple[int, int]:
    """In process against the same wiki: requests of a full refresh, then of an incremental one."""
    config = web_config_from_env(wiki.api_url, load_settings(settings, wiki.api_url), "jsonpage")
    app = create_app(config, Journal(journal))
    parts = services_of(app)
    client = parts.wiki.connection.client
    before = client.request_count
    parts.cache.refresh_now()
    full = client.request_count - before
    before = client.request_count
    parts.cache.refresh_now()
    return full, client.request_count - before


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--mentors", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=1000, help="per concurrency level")
    args = parser.parse_args()
    now = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory() as tmp:
        wiki = localwiki.create(Path(tmp) / "wiki", workers=4)
        try:
            return run(wiki, Path(tmp), args, now)
        finally:
            wiki.stop()


def run(wiki: localwiki.LocalWiki, tmp: Path, args: argparse.Namespace, now: datetime) -> int:
    started = time.perf_counter()
    mentor = seed(wiki, args.mentors, now)
    print(f"seeded {args.mentors} mentors in {time.perf_counter() - started:.0f} s")
    settings = tmp / "settings.toml"
    journal = f"sqlite:///{tmp / 'journal.db'}"
    settings.write_text(f'list_page = "{LIST}"\nconfig_page = "{CONFIG}"\ndatabase = "{journal}"\n')
    port = localwiki.free_port()
    url = f"http://127.0.0.1:{port}"
    process, kind = start_server(wiki, settings, port, tmp / "serve.log")
    try:
        for _ in range(400):
            try:
                if requests.get(f"{url}/healthz", timeout=1).ok:
                    break
            except requests.ConnectionError:
                time.sleep(0.05)
        admin = sign_in(url, wiki.bot_credentials())
        first = timed(lambda: admin.get(f"{url}/", timeout=60))
        said_refreshing = "refreshing" in admin.get(f"{url}/", timeout=60).text
        waited = time.perf_counter()
        while (
            "refreshing" in admin.get(f"{url}/", timeout=60).text
            and time.perf_counter() - waited < 300
        ):
            time.sleep(0.5)
        snapshot_s = time.perf_counter() - waited
        memory_before = rss_mib(process.pid)
        form = admin.get(f"{url}/config", timeout=60).text
        config_save = timed(
            lambda: admin.post(
                f"{url}/config",
                timeout=60,
                allow_redirects=False,
                data={
                    "csrf_token": csrf_of(form),
                    "autoaway": "yes",
                    "autoaway_days": "90",
                    "autoremove": "no",
                    "autoremove_days": "400",
                    "warn": "no",
                    "notify": "no",
                },
            )
        )
        own = sign_in(url, wiki.bot_credentials(mentor))
        away_form = own.get(f"{url}/away", timeout=60).text
        away_save = timed(
            lambda: own.post(
                f"{url}/away",
                timeout=60,
                allow_redirects=False,
                data={"csrf_token": csrf_of(away_form), "mode": "days", "days": "5"},
            )
        )
        time.sleep(1)
        while "refreshing" in admin.get(f"{url}/", timeout=60).text:
            time.sleep(0.5)
        p20 = load(url, admin.cookies, 20, args.requests)
        p50 = load(url, admin.cookies, 50, args.requests)
        memory_after = rss_mib(process.pid)
        size = len(
            admin.get(f"{url}/", timeout=60, headers={"Accept-Encoding": "identity"}).content
        )
        zipped = admin.get(f"{url}/", timeout=60, stream=True)
        gz = len(zipped.raw.read())
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
    time.sleep(40)  # the saves fall out of the incremental refresh's window of recent changes
    full, incremental = wiki_requests(wiki, settings, journal)
    per_hour = 4 * incremental + full / 24
    rows = [
        (
            "first view",
            TODAY["first view"],
            f"{first * 1000:.0f} ms (refreshing shown: {said_refreshing}; "
            f"snapshot ready {snapshot_s:.0f} s later)",
        ),
        ("config save", TODAY["config save"], f"{config_save * 1000:.0f} ms"),
        ("away save", TODAY["away save"], f"{away_save * 1000:.0f} ms"),
        ("20 users", TODAY["20 users"], f"p50 {p20[0] * 1000:.0f} ms, p95 {p20[1] * 1000:.0f} ms"),
        ("50 users", TODAY["50 users"], f"p50 {p50[0] * 1000:.0f} ms, p95 {p50[1] * 1000:.0f} ms"),
        ("memory", TODAY["memory"], f"{memory_before:.0f} -> {memory_after:.0f} MiB"),
        (
            "wiki requests/hour, open dashboard",
            TODAY["wiki requests/hour, open dashboard"],
            f"{per_hour:.0f} (full refresh {full} req once a day, "
            f"incremental {incremental} req every 15 min)",
        ),
    ]
    print(
        f"\n{args.mentors} mentors, server: {kind}; {args.requests} requests per level; "
        f"page {size / 1024:.0f} KiB, gzipped {gz / 1024:.0f} KiB"
    )
    print(f"| {'measure':<36} | {'issue 15 (before)':<22} | now")
    print(f"|{'-' * 38}|{'-' * 24}|{'-' * 40}")
    for name, before, after in rows:
        print(f"| {name:<36} | {before:<22} | {after}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""The production server as deployed (issue 14): gunicorn with two workers behind a real
TLS-terminating proxy (nginx on 127.0.0.1, a throwaway self-signed certificate), trusting one
proxy's ``X-Forwarded-*``. Cookies are ``Secure``, the security headers (HSTS too) arrive
through the proxy, the OAuth redirect URI is ``https``, a bot-password sign-in works, and a
form loaded before every worker is killed (SIGKILL) is saved afterwards by a new worker: on
the wiki itself, and in the journal."""

from __future__ import annotations

import getpass
import ipaddress
import os
import secrets
import shutil
import signal
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from mentorwatch.store.journal import Journal

from .conftest import Community, localwiki
from .servers import app_env, running
from .web import csrf_of


def self_signed(directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1, valid for a day, and its key (files in ``directory``)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "proxy.crt", directory / "proxy.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    key_path.chmod(0o600)
    return cert_path, key_path


def nginx_config(directory: Path, port: int, upstream: int, cert: Path, key: Path) -> Path:
    """nginx in the foreground, everything it writes under ``directory``, TLS on 127.0.0.1
    only, forwarding to gunicorn with the headers a front proxy sets."""
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    temp = "\n".join(
        f"  {kind}_temp_path {directory / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = directory / "nginx.conf"
    config.write_text(
        f"""{user}
daemon off;
master_process on;
worker_processes 1;
pid {directory / "nginx.pid"};
error_log {directory / "error.log"} info;
events {{ worker_connections 64; }}
http {{
  access_log {directory / "access.log"};
{temp}
  server {{
    listen 127.0.0.1:{port} ssl;
    ssl_certificate {cert};
    ssl_certificate_key {key};
    location / {{
      proxy_pass http://127.0.0.1:{upstream};
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}
  }}
}}
"""
    )
    return config


def workers_of(master: int) -> set[int]:
    """The pids of ``master``'s child processes (gunicorn's workers)."""
    children = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[1]) == master and fields[0] != "Z":
            children.add(int(stat.parent.name))
    return children


def test_behind_a_tls_proxy_with_two_workers_a_save_survives_a_worker_restart(
    community: Callable[..., Community], tmp_path: Path
) -> None:
    gunicorn, nginx = shutil.which("gunicorn"), shutil.which("nginx") or "/usr/sbin/nginx"
    if gunicorn is None:
        pytest.skip("gunicorn is not installed (pip install -e '.[dev]')")
    if not Path(nginx).exists():
        pytest.fail("nginx is not installed: run scripts/install-test-packages.sh")
    c = community({"GEMentorshipShouldBeAutoremoved": True, "GEMentorshipAutoremovedAfterDays": 30})
    c.list_in_project = True
    c.mentor("Mira", 2).mentor("Pia", 12).publish()
    c.wiki.create_bot_password(c.name("Mira"), "web", "basic,editpage")
    database = f"sqlite:///{tmp_path / 'journal.db'}"
    settings = tmp_path / "settings.toml"
    settings.write_text(
        f'list_page = "{c.list_page}"\nconfig_page = "{c.config_page}"\n'
        f'rules_page = "{c.rules_page}"\ndatabase = "{database}"\n'
    )
    app_port, proxy_port = localwiki.free_port(), localwiki.free_port()
    public = f"https://127.0.0.1:{proxy_port}"
    env = app_env(
        {
            "MENTORWATCH_WIKI": c.wiki.api_url,
            "MENTORWATCH_BACKEND": "jsonpage",
            "MENTORWATCH_SETTINGS": str(settings),
            "MENTORWATCH_WEB_SECRET": secrets.token_hex(32),
            "MENTORWATCH_PUBLIC_URL": public,
            "MENTORWATCH_TRUSTED_PROXIES": "1",
            "MENTORWATCH_OAUTH_CLIENT_ID": "dummy-client",
            "MENTORWATCH_OAUTH_CLIENT_SECRET": "dummy-secret",
        }
    )
    pid_file = tmp_path / "gunicorn.pid"
    app = [gunicorn, "--workers", "2", "--bind", f"127.0.0.1:{app_port}", "--pid", str(pid_file)]
    app.append("mentorwatch.web.server:wsgi_app()")
    cert, key = self_signed(tmp_path)
    config = nginx_config(tmp_path, proxy_port, app_port, cert, key)
    proxy = [nginx, "-p", str(tmp_path), "-c", str(config), "-e", str(tmp_path / "error.log")]
    with (
        running(app, env, app_port, tmp_path / "gunicorn.log"),
        running(
            proxy, {}, proxy_port, tmp_path / "nginx.out", scheme="https", verify=str(cert)
        ) as url,
    ):
        http = requests.Session()
        http.verify = str(cert)
        http.trust_env = False  # REQUESTS_CA_BUNDLE would win over the session's verify
        form = http.get(f"{url}/signin")
        assert form.ok and form.url == f"{url}/signin"
        for header in ("Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"):
            assert header in form.headers
        assert form.headers["X-Content-Type-Options"] == "nosniff"
        assert form.headers["Strict-Transport-Security"] == "max-age=31536000"
        cookie = form.headers["Set-Cookie"]
        assert "; Secure" in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie

        oauth = http.get(f"{url}/oauth/start", allow_redirects=False)
        assert oauth.status_code == 302
        authorize = urlsplit(oauth.headers["Location"])
        assert f"{authorize.scheme}://{authorize.netloc}" == f"http://127.0.0.1:{c.wiki.port}"
        assert authorize.path == "/rest.php/oauth2/authorize"
        assert parse_qs(authorize.query)["redirect_uri"] == [f"{public}/oauth/callback"]

        mira = c.wiki.bot_credentials(c.name("Mira"))
        signed = http.post(
            f"{url}/signin",
            data={"csrf_token": csrf_of(form.text), "username": mira[0], "password": mira[1]},
        )
        assert signed.ok and signed.url == f"{url}/" and "Sign out" in signed.text

        away_form = http.get(f"{url}/away")
        assert away_form.ok and "csrf_token" in away_form.text
        master = int(pid_file.read_text())
        before = workers_of(master)
        assert len(before) == 2
        for worker in before:
            os.kill(worker, signal.SIGKILL)  # the worker that served the form, and the other
        after = workers_of(master)
        for _ in range(1200):  # gunicorn starts new workers
            if len(after) == 2 and not after & before:
                break
            time.sleep(0.05)  # waiting for new processes, not for time to pass
            after = workers_of(master)
        assert len(after) == 2 and not after & before, (before, after)

        saved = http.post(
            f"{url}/away",
            data={
                "csrf_token": csrf_of(away_form.text),
                "action": "away",
                "mode": "days",
                "days": "4",
            },
        )
        assert saved.ok and "Saved: you are away until" in saved.text, saved.text[-800:]
        assert workers_of(master) >= after  # answered by the new workers
    entry = c.read()["Mentors"][str(c.id("Mira"))]
    away_until = datetime.fromisoformat(entry["awayTimestamp"].replace("Z", "+00:00"))
    assert timedelta(days=3.9) < away_until - c.now < timedelta(days=4.1)
    (action,) = Journal(database).actions.find()
    assert (action.action, action.status, action.wiki) == ("self_away", "done", c.wiki.api_url)
    assert action.revision_id == c.history()[0]["revid"]  # the edit it made
    log = (tmp_path / "gunicorn.log").read_text()
    assert "Traceback" not in log and mira[1] not in log

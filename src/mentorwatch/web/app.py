"""``mentorwatch serve``: the Flask app (server-rendered, works without JavaScript).

Pages: the Mentor Status Dashboard (everyone signed in), the community configuration
(administrators), the mentor's own away settings (mentors), runs from the journal, CSV/JSON
exports. Page views read the cached snapshot (:class:`~mentorwatch.web.dashboard.DashboardCache`);
only saving a form or asking for a refresh talks to the wiki.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

from flask import Flask, Response, abort, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response as BaseResponse

from mentorwatch.domain.away import max_self_away_days
from mentorwatch.domain.config import ConfigError, parse_config
from mentorwatch.domain.notices import human_date
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.settings import Settings
from mentorwatch.store.journal import Journal, UnknownRun
from mentorwatch.web import dashboard as dash
from mentorwatch.web.auth import (
    OAuthConsumer,
    SessionStore,
    WebUser,
    sign_in_with_bot_password,
)
from mentorwatch.web.dates import format_date, relative
from mentorwatch.web.forms import (
    config_form_values,
    default_config_summary,
    parse_away_form,
    parse_config_form,
)
from mentorwatch.web.writes import JournaledWrites
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import AuthenticationError, WikiError
from mentorwatch.wiki.mentorlist import (
    EntryChanged,
    MentorListBackend,
    away_until_of,
)
from mentorwatch.wiring import WikiConnection, open_wiki

Clock = Callable[[], datetime]


@dataclass
class WebConfig:
    api_url: str
    settings: Settings
    backend: str = "auto"
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    session_lifetime: timedelta = timedelta(hours=8)
    cache_ttl: timedelta = timedelta(minutes=15)
    oauth: OAuthConsumer | None = None
    clock: Clock = field(default=lambda: datetime.now(UTC))


class Wiki:
    """The app's view of the wiki: a reader for snapshots, and backends for signed-in users."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.index_url = config.api_url.rsplit("/", 1)[0] + "/index.php"

    @cached_property
    def connection(self) -> WikiConnection:
        """Reads for the dashboard: the operator's account if configured, else anonymous."""
        return open_wiki(
            self.config.api_url,
            self.config.settings,
            backend=self.config.backend,
            require_login=False,
        )

    @property
    def reader(self) -> MediaWikiClient:
        return self.connection.client

    def backend(self, client: MediaWikiClient | None = None) -> MentorListBackend:
        return self.connection.backend_for(client or self.reader)


def create_app(config: WebConfig, journal: Journal | None = None) -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=config.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=config.session_lifetime,
    )
    wiki = Wiki(config)
    journal = journal or Journal(config.settings.database)
    users = SessionStore(config.clock, config.session_lifetime)
    clock = config.clock

    cache = dash.DashboardCache(
        lambda: dash.load_state(wiki.connection, journal, clock), clock, config.cache_ttl
    )
    writes = JournaledWrites(journal, config.api_url, config.clock)

    app.extensions["mentorwatch"] = {"cache": cache, "users": users, "wiki": wiki}

    # --- sessions, CSRF, access ---------------------------------------------------------

    @app.before_request
    def identify() -> BaseResponse | None:
        session.permanent = True
        if "csrf" not in session:
            session["csrf"] = secrets.token_urlsafe(32)
        g.user = users.get(session.get("key"))
        if request.method == "POST":
            sent = request.form.get("csrf_token", "")
            if not secrets.compare_digest(sent, session["csrf"]):
                abort(400, "The form expired or did not come from this site. Reload and retry.")
        public = {"signin", "oauth_start", "oauth_callback", "static", "healthz"}
        if g.user is None and request.endpoint not in public:
            return redirect(url_for("signin", next=request.full_path))
        return None

    @app.context_processor
    def helpers() -> dict[str, Any]:
        user: WebUser | None = g.get("user")
        preference = user.date_format if user else "default"
        state = cache.state
        return {
            "user": user,
            "csrf_token": session.get("csrf", ""),
            "index_url": wiki.index_url,
            "api_url": config.api_url,
            "state": state,
            "cache": cache,
            "fmt_date": lambda moment: format_date(moment, preference) if moment else "",
            "fmt_stamp": lambda moment: format_timestamp(moment) if moment else "",
            "relative": lambda moment: relative(moment, config.clock()),
            "oauth": config.oauth is not None,
        }

    def require_admin() -> WebUser:
        user: WebUser = g.user
        if not user.is_admin:
            abort(
                403,
                "Only administrators (rights editsitejson or managementors on the wiki) may "
                "change the Mentorship configuration.",
            )
        return user

    @app.errorhandler(400)
    @app.errorhandler(403)
    @app.errorhandler(404)
    def error_page(error: Any) -> tuple[str, int]:
        return render_template("error.html", error=error), error.code

    # --- signing in ---------------------------------------------------------------------

    @app.route("/signin", methods=["GET", "POST"])
    def signin() -> Any:
        error = None
        if request.method == "POST":
            try:
                client = sign_in_with_bot_password(
                    config.api_url,
                    request.form.get("username", "").strip(),
                    request.form.get("password", ""),
                    config.settings.contact,
                )
                user = users.add(client)
            except AuthenticationError as failure:
                error = f"The wiki refused the sign-in: {failure.info}"
            except WikiError as failure:
                error = f"The wiki could not be reached: {failure}"
            else:
                session["key"] = user.key
                session["csrf"] = secrets.token_urlsafe(32)  # a new session, a new token
                target = request.args.get("next") or url_for("dashboard")
                local = target.startswith("/") and not target.startswith(("//", "/\\"))
                return redirect(target if local else url_for("dashboard"))
        return render_template("signin.html", error=error), 200 if error is None else 401

    @app.route("/oauth/start")
    def oauth_start() -> BaseResponse:
        if config.oauth is None:
            abort(404)
        session["oauth_state"] = secrets.token_urlsafe(24)
        callback = url_for("oauth_callback", _external=True)
        return redirect(config.oauth.authorize_url(session["oauth_state"], callback))

    @app.route("/oauth/callback")
    def oauth_callback() -> BaseResponse:
        if config.oauth is None or request.args.get("state") != session.pop("oauth_state", None):
            abort(400, "The sign-in did not start here; try again.")
        token = config.oauth.exchange(
            request.args.get("code", ""), url_for("oauth_callback", _external=True)
        )
        client = MediaWikiClient(config.api_url, contact=config.settings.contact)
        client.use_oauth_token(token)
        session["key"] = users.add(client).key
        return redirect(url_for("dashboard"))

    @app.post("/signout")
    def signout() -> BaseResponse:
        users.remove(session.pop("key", None))
        return redirect(url_for("signin"))

    @app.get("/healthz")
    def healthz() -> Response:
        return Response("ok", mimetype="text/plain")

    # --- dashboard ----------------------------------------------------------------------

    def current_rows() -> tuple[dash.DashboardState | None, list[dash.Row]]:
        state = cache.get()
        if state is None:
            cache.refresh_now()  # the very first view waits for the first snapshot
            state = cache.state
        if state is None:
            return None, []
        status = request.args.get("status") or None
        rows = dash.filter_rows(state.rows, status if status in dash.STATUSES else None)
        key = request.args.get("sort", "name")
        descending = request.args.get("order") == "desc"
        return state, dash.sort_rows(rows, key if key in dash.SORT_KEYS else "name", descending)

    @app.get("/")
    def dashboard() -> str:
        state, rows = current_rows()
        chart = None
        counts: dict[str, int] = {}
        if state is not None:
            cfg = state.snapshot.config
            chart = dash.inactivity_chart(
                state.rows,
                cfg.autoaway_after_days if cfg.autoaway_enabled else None,
                cfg.autoremove_after_days if cfg.autoremove_enabled else None,
            )
            for row in state.rows:
                counts[row.status] = counts.get(row.status, 0) + 1
        return render_template(
            "dashboard.html",
            rows=rows,
            chart=chart,
            counts=counts,
            statuses=dash.STATUSES,
            sort=request.args.get("sort", "name"),
            order=request.args.get("order", "asc"),
            status=request.args.get("status", ""),
        )

    @app.get("/export.csv")
    def export_csv() -> Response:
        _state, rows = current_rows()
        return Response(
            dash.rows_to_csv(rows),
            mimetype="text/csv",
            headers={"Content-Disposition": "attachment; filename=mentors.csv"},
        )

    @app.get("/export.json")
    def export_json() -> Response:
        state, rows = current_rows()
        document = {
            "wiki": config.api_url,
            "as_of": format_timestamp(state.taken_at) if state else None,
            "mentors": [row.as_json() for row in rows],
        }
        return Response(
            json.dumps(document, indent=2, ensure_ascii=False), mimetype="application/json"
        )

    @app.post("/refresh")
    def refresh() -> BaseResponse:
        cache.refresh_in_background()
        return redirect(url_for("dashboard"))

    # --- community configuration --------------------------------------------------------

    @app.route("/config", methods=["GET", "POST"])
    def configuration() -> Any:
        user = require_admin()
        backend = wiki.backend(user.client)
        try:
            raw = backend.read_config()
        except WikiError as error:
            return render_template("config.html", values={}, errors={"form": str(error)}), 502
        stored_problem = None
        try:
            parse_config(raw)
        except ConfigError as error:
            stored_problem = str(error)
        if request.method == "GET":
            return render_template(
                "config.html",
                values=config_form_values(raw),
                errors={},
                stored_problem=stored_problem,
                saved=request.args.get("saved"),
            )
        result = parse_config_form(request.form, raw)
        if result.document is None:
            return (
                render_template(
                    "config.html",
                    values=result.values,
                    errors=result.errors,
                    stored_problem=stored_problem,
                ),
                422,
            )
        summary = (request.form.get("summary") or "").strip() or default_config_summary(
            parse_config(result.document)
        )
        try:
            summary += " (via mentorwatch)"
            document = result.document
            revision = writes.by_user(
                WriteAction.SET_CONFIG,
                user,
                backend,
                page=backend.config_page,
                before=raw,
                intended=document,
                summary=summary,
                perform=lambda: backend.write_config(document, summary),
            )
        except WikiError as error:
            errors = {"form": f"The wiki did not save the configuration: {error}"}
            return render_template("config.html", values=result.values, errors=errors), 502
        cache.refresh_now()
        return redirect(url_for("configuration", saved=revision))

    # --- away settings ------------------------------------------------------------------

    @app.route("/away", methods=["GET", "POST"])
    def away() -> Any:
        user: WebUser = g.user
        backend = wiki.backend(user.client)
        try:
            entry = backend.read_list().entries.get(str(user.user_id))
            config = parse_config(backend.read_config())
        except (WikiError, ConfigError) as error:
            return render_template("away.html", entry=None, errors={"form": str(error)}), 502
        if entry is None:
            abort(403, f"{user.name} is not on this wiki's mentor list.")
        now = clock()
        away_until = away_until_of(entry)
        if away_until is not None and away_until <= now:
            away_until = None
        is_away = away_until is not None
        if not is_away:
            # REL1_39 keeps a mentor's own away in their preferences, without the date
            is_away = backend.own_away_status() is True
        context = {
            "entry": entry,
            "away_until": away_until,
            "is_away": is_away,
            "community": config,
            "errors": {},
            "values": {"mode": "days", "days": "", "until": ""},
            "saved": request.args.get("saved"),
            "max_days": max_self_away_days(config),
        }
        if request.method == "GET":
            return render_template("away.html", **context)
        if request.form.get("action") == "back":
            if not is_away:
                return redirect(url_for("away"))
            back = {key: value for key, value in entry.items() if key != "awayTimestamp"}
            summary = f"{user.name} is back from away (via mentorwatch)"

            def come_back() -> int | None:
                return backend.set_own_active(user.user_id, user.name, entry, summary).revision_id

            try:
                writes.by_user(
                    WriteAction.SELF_BACK,
                    user,
                    backend,
                    page=backend.list_page,
                    before=entry,
                    intended=back,
                    summary=summary,
                    perform=come_back,
                )
            except WikiError as error:
                context["errors"] = {"form": f"The wiki did not save it: {error}"}
                return render_template("away.html", **context), 502
            cache.refresh_now()
            return redirect(url_for("away", saved="back"))
        values = {key: request.form.get(key, "") for key in ("mode", "days", "until")}
        context["values"] = values
        asked = parse_away_form(request.form, config, now)
        if asked.error is not None or asked.until is None:
            context["errors"] = {asked.field: asked.error or "Choose when you will be back."}
            return render_template("away.html", **context), 422
        summary = f"{user.name} is away until {human_date(asked.until)} (via mentorwatch)"
        until = asked.until

        def go_away() -> int | None:
            nonlocal until
            written = backend.set_own_away(user.user_id, user.name, entry, until, summary)
            until = away_until_of(written.entry or {}) or until
            return written.revision_id

        intended = {**entry, "awayTimestamp": format_timestamp(until)}
        try:
            writes.by_user(
                WriteAction.SELF_AWAY,
                user,
                backend,
                page=backend.list_page,
                before=entry,
                intended=intended,
                summary=summary,
                perform=go_away,
            )
        except EntryChanged:
            context["errors"] = {"form": "Your entry changed meanwhile; reload and try again."}
            return render_template("away.html", **context), 409
        except WikiError as error:
            context["errors"] = {"form": f"The wiki did not save it: {error}"}
            return render_template("away.html", **context), 502
        cache.refresh_now()
        return redirect(url_for("away", saved=format_timestamp(until)))

    # --- runs ---------------------------------------------------------------------------

    @app.get("/runs")
    def runs() -> str:
        return render_template("runs.html", runs=journal.runs(config.api_url, limit=100))

    @app.get("/runs/<int:run_id>")
    def run_page(run_id: int) -> str:
        try:
            run = journal.run(run_id)
        except UnknownRun:
            abort(404, f"There is no run #{run_id}.")
        if run["wiki"] != config.api_url:
            abort(404, f"Run #{run_id} was on another wiki.")
        return render_template(
            "run.html",
            run=run,
            actions=journal.actions(run_id=run_id),
            decisions=journal.decisions(run_id),
        )

    return app

"""The web app's pages, one blueprint per area; :data:`BLUEPRINTS` lists them for the app."""

from __future__ import annotations

from mentorwatch.web.routes.auth import blueprint as auth
from mentorwatch.web.routes.away import blueprint as away
from mentorwatch.web.routes.configuration import blueprint as configuration
from mentorwatch.web.routes.dashboard import blueprint as dashboard
from mentorwatch.web.routes.runs import blueprint as runs

BLUEPRINTS = (auth, dashboard, configuration, away, runs)

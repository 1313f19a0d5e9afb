"""The web app's pages, one blueprint per area; :data:`BLUEPRINTS` lists them for the app
(``runtime/app.py``). A page parses the request, calls a service, and renders; it reaches the
app's parts through ``runtime.services.services()``."""

from __future__ import annotations

from mentorwatch.web.pages.away import blueprint as away
from mentorwatch.web.pages.configuration import blueprint as configuration
from mentorwatch.web.pages.dashboard import blueprint as dashboard
from mentorwatch.web.pages.runs import blueprint as runs
from mentorwatch.web.pages.signin import blueprint as signin

BLUEPRINTS = (signin, dashboard, configuration, away, runs)

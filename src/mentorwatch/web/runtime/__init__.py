"""The web app as it runs: the app factory and its services (wiki, journal, dashboard cache,
signed-in users, journaled writes), its configuration, the several-wikis dispatcher, request
security (sessions, CSRF, headers), sealed sessions, compression, and the dashboard's cached
state with its refreshes."""

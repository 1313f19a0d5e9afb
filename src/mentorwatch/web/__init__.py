"""The web app: sign-in through the wiki, the dashboard, the configuration page, away settings.

An entry point over the services, in three parts: ``pages/`` (one blueprint per area: parse
the request, call a service, render), ``views/`` (what the pages show: view models, forms,
dates, wording), ``runtime/`` (the app, its configuration and services, several wikis on one
webservice, request security, sessions, the dashboard's cache). ``server.py`` starts it:
``mentorwatch serve`` and the WSGI entry ``mentorwatch.web.server:wsgi_app()``.
"""

"""The web app: sign-in through the wiki, the configuration page, away settings, the dashboard."""

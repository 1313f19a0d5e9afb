"""Adapters to MediaWiki: the Action API client, activity, mentor list backends."""

"""mentorwatch: keeps the mentor lists of MediaWiki wikis healthy."""

__version__ = "0.1.0"

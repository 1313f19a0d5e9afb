"""The journal's tables, as SQLAlchemy Core metadata (the migrations create them).

Timestamps are stored as ISO-8601 UTC strings (``2026-11-25T10:00:00Z``): they sort, read
the same on SQLite and PostgreSQL, and match the snapshot format.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("wiki", String(500), nullable=False, index=True),
    Column("backend", String(40), nullable=False),
    Column("kind", String(20), nullable=False, server_default="cleanup"),  # cleanup, undo
    Column("undo_of", Integer),  # the run an undo puts back
    Column("dry_run", Boolean, nullable=False),
    Column("status", String(20), nullable=False),  # running, finished, failed, refused
    Column("started_at", String(20), nullable=False),
    Column("finished_at", String(20)),
    Column("config", Text),  # JSON: the community configuration the plan used
    Column("snapshot_digest", String(64)),  # sha256 of the snapshot JSON
    Column("summary", Text),  # JSON: counts, edits, failures, refusal
    Column("snapshot", Text),  # JSON: the snapshot the plan was made from (replayable)
)

decisions = Table(
    "decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("user_id", Integer, nullable=False),
    Column("username", String(255), nullable=False, index=True),
    Column("action", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("evidence", Text, nullable=False),  # JSON: days inactive, thresholds, dates, flags
)

actions = Table(
    "actions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("runs.id"), nullable=False, index=True),
    Column("wiki", String(500), nullable=False, index=True),
    Column("user_id", Integer, nullable=False),
    Column("username", String(255), nullable=False, index=True),
    Column("action", String(20), nullable=False),  # mark_away, pause, remove, reassign, warn...
    # planned, pending, done, failed, skipped, not_done (reconciled), interrupted (legacy)
    Column("status", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("detail", Text),
    Column("before", Text),  # JSON: the entry the action expects
    Column("intended", Text),  # JSON: what the write is meant to leave (for reconciliation)
    Column("page", String(500)),  # the page the write edits
    Column("summary", Text),  # the edit summary sent (finds the edit in the page history)
    Column("after", Text),  # JSON: the entry as written (null when removed)
    Column("revision_id", Integer),  # the wiki's revision of the write
    Column("started_at", String(20), nullable=False),
    Column("finished_at", String(20)),
)

pauses = Table(
    "pauses",
    metadata,
    Column("wiki", String(500), primary_key=True),
    Column("user_id", Integer, primary_key=True),
    Column("previous_weight", Integer, nullable=False),
    Column("until", String(20), nullable=False),
    Column("paused_at", String(20), nullable=False),
)

locks = Table(
    "locks",
    metadata,
    Column("wiki", String(500), primary_key=True),
    Column("holder", String(300), nullable=False),  # host:pid
    Column("run_id", Integer),
    Column("acquired_at", String(20), nullable=False),
    Column("expires_at", String(20)),  # the lease: renewed by the holder's heartbeat
    Column("renewed_at", String(20)),  # the last heartbeat
)

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("key_hash", String(64), primary_key=True),  # sha256 of the session key, not the key
    Column("sealed", Text, nullable=False),  # the signed-in wiki session, encrypted by web/
    Column("expires_at", String(20), nullable=False, index=True),
    Column("owner", String(64), index=True),  # a keyed hash of the wiki account (web/)
)

sign_in_attempts = Table(
    "sign_in_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("subject", String(64), nullable=False),  # a keyed hash of an address or an account
    Column("attempted_at", String(20), nullable=False, index=True),
    Index("ix_sign_in_attempts_subject_at", "subject", "attempted_at"),
)

journal_identity = Table(
    "journal_identity",
    metadata,
    # made once per journal (a random hex name): edit summaries' tags carry it (docs/journal.md)
    Column("journal_id", String(32), primary_key=True),
)

"""The cycle: read the wiki into a snapshot, plan, apply (journaled)."""

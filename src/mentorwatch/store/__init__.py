"""mentorwatch's own state in SQL: the journal of runs and actions, and paused mentors."""

"""The pure core: configuration, away rules and the planner. No I/O, no clock reads."""

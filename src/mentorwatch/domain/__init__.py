"""The pure core: the community's configuration, away periods, the planner (a mentor's facts,
the cleanup rules), safety checks and the texts written on the wiki. No I/O, no clock reads:
it imports only pure standard-library modules (``tests/architecture/layers.py``)."""

"""``python -m mentorwatch``: the command line, also from a checkout that is not installed
(``bin/mentorwatch``, the Procfile's entries on Toolforge's build service)."""

from mentorwatch.cli import main

main()

"""``python3 -m mentorwatch.cli``: the command without its console script."""

from mentorwatch.cli import main

main()

"""Speaking the reader's language: the message catalogue and how dates are shown.

A layer of its own between the domain (which says what to tell, as
:class:`~mentorwatch.domain.message.Message` data) and the edges that tell it (``service/``
for texts posted on the wiki, ``web/``, ``cli/``). It reads only its own files.
"""

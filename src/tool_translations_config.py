"""toolforge-i18n's configuration module, by that library's convention a top-level module of
this name (its pytest plugin imports it to check every translation file); mentorwatch's
catalogue is :mod:`mentorwatch.language.catalogue`."""

from mentorwatch.language.catalogue import translations_config

config = translations_config()

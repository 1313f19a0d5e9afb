"""The fault suite's fixtures: the real local wikis of the integration tests."""

from tests.integration.conftest import community, ge139, ge143, ge143cc, wiki  # noqa: F401

"""The real local wiki of the integration tests, for the hostile suite's live tests."""

from tests.integration.conftest import community, wiki  # noqa: F401

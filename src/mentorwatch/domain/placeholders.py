"""``$1``, ``$2``… in texts the community or the operator writes (MediaWiki's message style)."""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"\$(\d+)")


def fill(template: str, *values: str) -> str:
    """Put ``values[0]`` for ``$1`` and so on; a placeholder with no value stays as written."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return values[index - 1] if 1 <= index <= len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, template)

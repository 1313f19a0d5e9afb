"""The community rules' examples: Korean Wikipedia's rule, and those docs/config.md gives."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

DOCS = Path(__file__).resolve().parents[2] / "docs" / "config.md"

#: Korean Wikipedia's rule: 20 article edits and 10 talk edits in 90 days, or removed
KOREAN_RULE: dict[str, Any] = {
    "EditsInWindow": {
        "enabled": True,
        "window_days": 90,
        "groups": [
            {"namespaces": [0], "minimum": 20},
            {"namespaces": ["talk"], "minimum": 10},
        ],
        "combine": "and",
        "action": "removal",
    }
}


def documented_examples() -> list[dict[str, Any]]:
    """The JSON examples of docs/config.md's section on the community rules, in order."""
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## The rules communities use", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```json\n(.*?)```", section, re.DOTALL)
    return [json.loads(block) for block in blocks]

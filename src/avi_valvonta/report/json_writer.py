"""``--format json``: the contract ``avi-valvonta/audit/1`` (cli.md), masked."""

from __future__ import annotations

import json
from typing import Any


def render(report: Any, lang: str) -> bytes:
    return (json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2) + "\n").encode("utf-8")

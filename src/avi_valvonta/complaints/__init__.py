"""Complaint register (kanteluasiat, hallintokantelu HL 434/2003 8 a luku): intake, screening, handling, history.

- :mod:`~avi_valvonta.complaints.submission` - a complaint from a file, options or prompts, validated in one pass;
- :mod:`~avi_valvonta.complaints.numbering` - gap-free diary numbers ``PREFIX/N/YYYY`` under concurrency;
- :mod:`~avi_valvonta.complaints.screening` - jurisdiction, the two-year rule, duplicates, topics (plugins);
- :mod:`~avi_valvonta.complaints.workflow` - statuses, allowed steps, due dates in working days;
- :mod:`~avi_valvonta.complaints.service` - :class:`ComplaintRegister`, the services the commands call;
- :mod:`~avi_valvonta.complaints.render` - JSON (cli.md) and text in Finnish or Swedish.
"""

from __future__ import annotations

from avi_valvonta.complaints.rules import ComplaintSettings
from avi_valvonta.complaints.service import ComplaintRecord, ComplaintRegister

__all__ = ["ComplaintRecord", "ComplaintRegister", "ComplaintSettings"]

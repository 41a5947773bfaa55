"""Decision letters (päätökset ja kirjeet): drafted from an audit run or a complaint, issued, tamper-evident.

- :mod:`.content` builds a letter's content from the facts and the law of the decision date (and refuses what the
  law does not allow); :mod:`.letters` lists the letter types.
- :mod:`.templating` renders the Jinja2 templates (``templates/fi``, ``templates/sv``, ``templates/shared``; user
  overrides in a sandbox); :mod:`.formats` makes PDF/A, DOCX, HTML and Markdown from the same HTML.
- :mod:`.service` drafts, issues (diary number, frozen content, SHA-256), lists and verifies decisions;
  :mod:`.complaints` is the small interface complaint letters need from the complaint register.
"""

from __future__ import annotations

from avi_valvonta.decisions.complaints import ComplaintFacts, load_complaint, read_complaint_file
from avi_valvonta.decisions.content import DecisionSettings, DraftRequest, Signer
from avi_valvonta.decisions.letters import KINDS
from avi_valvonta.decisions.service import draft, get, issue, list_decisions, render_decision, summary, verify

__all__ = [
    "KINDS",
    "ComplaintFacts",
    "DecisionSettings",
    "DraftRequest",
    "Signer",
    "draft",
    "get",
    "issue",
    "list_decisions",
    "load_complaint",
    "read_complaint_file",
    "render_decision",
    "summary",
    "verify",
]

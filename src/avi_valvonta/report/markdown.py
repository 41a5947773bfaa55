"""``--format md``: the report as Markdown, for pasting into a memo (muistio / promemoria).

Every text from the data is escaped: a masked identity code ``******-***B`` would otherwise turn into emphasis or a
horizontal rule, and a ``|`` in an evidence line would break a table.
"""

from __future__ import annotations

import re
from typing import Any

from avi_valvonta.identity import mask_identity_codes
from avi_valvonta.report.view import build

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~])")


def esc(text: str) -> str:
    """Inline Markdown: special characters escaped, line breaks as spaces."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def render(report: Any, lang: str) -> bytes:
    v = build(report, lang)
    lb = v.labels
    lines: list[str] = [f"# {esc(v.title)}: {esc(v.municipality)} ({esc(v.code)})", ""]
    stored = "" if v.stored else f" ({lb['not_stored']})"
    lines += [
        f"- **{lb['period']}:** {esc(v.period)}",
        f"- **{lb['as_of']}:** {esc(v.as_of)}",
        f"- **{lb['law']}:** {esc(v.law)} · **{lb['supervisor']}:** {esc(v.supervisor)}",
        f"- **{lb['rule_sets']}:** {esc(v.rule_sets)}",
        f"- **{lb['run']}:** `{v.run_id}`{stored}, {esc(v.created)}",
        "",
        f"## {lb['proposal']}: {esc(v.measure_label)}",
        "",
    ]
    if v.deadline:
        lines.append(f"**{lb['deadline']}:** {esc(v.deadline)}  ")
    if v.proposal_checks:
        lines.append(f"**{lb['based_on']}:** {esc(', '.join(v.proposal_checks))}")
    lines += ["", esc(v.reasons), ""]
    for note in v.notes:
        lines.append(f"> {esc(note)}")
        lines.append(">")
    if v.notes:
        lines.pop()
        lines.append("")
    lines += [f"*{esc(lb['proposal_note'])}*", ""]

    lines += [f"## {lb['summary']}", "", f"| {lb['outcome']} | {lb['count']} |", "|---|---:|"]
    lines += [f"| {esc(label)} | {n} |" for _, label, n in v.summary]
    lines.append("")
    if v.followup is not None:
        counts = ", ".join(f"{v.followup_labels[k]} {n}" for k, n in v.followup.items())
        run = f" ({lb['baseline_run']} `{v.baseline_run}`)" if v.baseline_run else ""
        lines += [f"**{lb['followup']}**{run}: {esc(counts)}", ""]

    lines += [f"## {lb['results']}", ""]
    head = [lb["check"], lb["outcome"], lb["severity"], lb["share"], lb["what"]]
    if v.followup is not None:
        head.insert(4, lb["followup"])
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in v.results:
        cells = [f"`{r.check_id}`", esc(r.outcome_label), esc(r.severity_label), esc(r.share), esc(r.text)]
        if v.followup is not None:
            cells.insert(4, esc(r.followup_text))
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")

    if v.findings:
        lines += [f"## {lb['details']}", ""]
    for r in v.findings:
        lines += [f"### `{r.check_id}` {esc(r.title)} — {esc(r.outcome_label)}", ""]
        if r.legal_basis:
            lines.append(f"*{lb['legal_basis']}:* {esc('; '.join(r.legal_basis))}  ")
        if r.followup_text:
            lines.append(f"*{lb['followup']}:* {esc(r.followup_text)}  ")
        if r.waiver_text:
            lines.append(f"*{lb['waiver']}:* {esc(r.waiver_text)}  ")
        lines += [esc(r.text), ""]
        if r.evidence:
            lines += [f"- {esc(e)}" for e in r.evidence]
            if r.evidence_more:
                lines.append(f"- … +{r.evidence_more} ({esc(lb['more_evidence'])})")
            lines.append("")

    if v.warnings:
        lines += [f"## {lb['warnings']}", ""]
        lines += [f"- {esc(w)}" for w in v.warnings]
        lines.append("")
    lines += ["---", "", f"*{esc(v.tool)}. {esc(lb['masked'])}*", ""]
    return mask_identity_codes("\n".join(lines)).encode("utf-8")

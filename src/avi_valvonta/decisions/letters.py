"""The letter types: which template, from which source (an audit run or a complaint), decision or letter.

The measure keys are the law's (``law.toml`` ``[[measure]]``): whether a measure exists on the decision date, its
legal basis and whether it can be appealed all come from the law data, never from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from avi_valvonta.i18n import Text


@dataclass(frozen=True)
class LetterKind:
    key: str  # template name (``fi/<key>.html.j2``) and the ``decisions.measure`` column
    source: str  # "run" | "complaint"
    measure: str | None  # the law's measure key, when the letter decides a measure
    decision: bool  # a decision (päätös / beslut) rather than a letter (kirje / brev)
    title: Text


KINDS: dict[str, LetterKind] = {
    k.key: k
    for k in (
        LetterKind("guidance", "run", "guidance", True, Text("Hallinnollinen ohjaus", "Administrativ styrning")),
        LetterKind("remark", "run", "remark", True, Text("Huomautus", "Anmärkning")),
        LetterKind(
            "correction_order",
            "run",
            "correction_order",
            True,
            Text("Määräys puutteiden korjaamisesta", "Föreläggande att avhjälpa brister"),
        ),
        LetterKind(
            "suspension",
            "run",
            "suspension",
            True,
            Text("Toiminnan keskeyttäminen", "Avbrytande av verksamheten"),
        ),
        LetterKind(
            "acknowledgement",
            "complaint",
            None,
            False,
            Text("Kantelun vastaanottoilmoitus", "Mottagningsbekräftelse av klagomål"),
        ),
        LetterKind(
            "statement_request",
            "complaint",
            None,
            False,
            Text("Selvitys- ja lausuntopyyntö", "Begäran om utredning och utlåtande"),
        ),
        LetterKind("ruling", "complaint", None, True, Text("Kanteluratkaisu", "Avgörande av klagomål")),
    )
}

# The outcomes of a complaint ruling (cli.md ``complaint resolve --measure``) and the law's measure behind each.
RULING_OUTCOMES: dict[str, str | None] = {
    "none": None,
    "guidance": "guidance",
    "remark": "remark",
    "own_initiative": None,
}

SANCTIONS = ("suspension_threat", "conditional_fine", "none")
SCOPES = ("partial", "full")


def resolve_kind(measure: str, *, from_complaint: bool) -> tuple[LetterKind, str | None]:
    """``--measure`` → (letter kind, ruling outcome). With a complaint, ``guidance``/``remark``/``none``/
    ``own_initiative`` mean a ruling with that outcome."""
    from avi_valvonta.errors import UsageError

    if from_complaint and measure in RULING_OUTCOMES:
        return KINDS["ruling"], measure
    kind = KINDS.get(measure)
    if kind is None:
        known = sorted({*KINDS, *RULING_OUTCOMES})
        raise UsageError(f"--measure: unknown letter type {measure!r} (known: {', '.join(known)})")
    if kind.source == "complaint" and not from_complaint:
        raise UsageError(f"--measure {measure}: a complaint letter needs --complaint DNRO (or --complaint-file)")
    if kind.source == "run" and from_complaint:
        raise UsageError(
            f"--measure {measure}: decided from an audit run (--run RUN_ID); for a complaint use "
            "acknowledgement, statement_request or ruling (outcome none, guidance, remark, own_initiative)"
        )
    return kind, None

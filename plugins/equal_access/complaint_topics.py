"""Which equal-access matters a complaint text touches (``classify_complaint`` hook), with the words that triggered
each: interviews and job-search discussions, the employment plan, waiting and delays, access to services, caseload.

Keywords are word stems in Finnish and Swedish, matched case-insensitively at word starts (Finnish compounds:
``suunnitelm`` also inside *työllistymissuunnitelma*). A topic is a hint for the inspector, not a finding.
"""

from __future__ import annotations

from avi_valvonta.api import ComplaintView, Topic, hookimpl, keyword_rule

AREA = "equal_access"


_rule = keyword_rule


RULES = (
    _rule(
        "alkuhaastattelu ja työnhakukeskustelut (916/2012 2 luku 4 §; 380/2023 31-32 §)",
        "inledande intervju och jobbsökningssamtal (916/2012 2 kap. 4 §; 380/2023 31-32 §)",
        r"\w*haastattel\w*",
        r"\w*keskustelu\w*",
        r"\w*intervju\w*",
        r"\w*jobbsökningssamtal\w*",
    ),
    _rule(
        "työllistymissuunnitelma (916/2012 2 luku 6 §; 380/2023)",
        "sysselsättningsplan (916/2012 2 kap. 6 §; 380/2023)",
        r"\w*suunnitelm\w*",
        r"\w*plan(?:en|er|erna)?\b",
    ),
    _rule(
        "odotus ja viivästys (HL 434/2003 23 §)",
        "väntan och dröjsmål (FL 434/2003 23 §)",
        r"\bodot\w*",
        r"\bodott\w*",
        r"\bjono\w*",
        r"\bviiväs\w*",
        r"\bmyöhä\w*",
        r"\bvänt\w*",
        r"\bförsen\w*",
        r"\bdröj\w*",
        r"\bkön\b",
    ),
    _rule(
        "palvelujen saatavuus ja yhdenvertaisuus",
        "tillgången till service och likabehandling",
        r"\bsaatavuu\w*",
        r"\bei päässyt\b",
        r"\bpääsy\w*",
        r"\btavoit\w*",
        r"\bajanvara\w*",
        r"\bei vastattu\b",
        r"\bei vastannut\b",
        r"\btillgång\w*",
        r"\bkom inte fram\b",
        r"\btidsbokning\w*",
        r"\bsvarade inte\b",
        r"\bfick ingen tid\b",
    ),
    _rule(
        "asiakasmäärä ja henkilöstön riittävyys",
        "antal klienter och tillräcklig personal",
        r"\w*asiakasmäär\w*",
        r"\bliikaa asiakkaita\b",
        r"\bylikuormit\w*",
        r"\w*valmentaj\w*",
        r"\bför många klienter\b",
        r"\barbetsbörd\w*",
        r"\böverbelast\w*",
        r"\bhandläggar\w*",
    ),
)


@hookimpl
def classify_complaint(complaint: ComplaintView) -> list[Topic]:
    """Equal-access topics of a complaint text, each with the words that triggered it."""
    topics = []
    for rule in RULES:
        words = rule.words(complaint.text)
        if words:
            topics.append(Topic(AREA, rule.reason, words, plugin=AREA))
    return topics

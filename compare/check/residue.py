"""What still looks like page furniture in the text the cleaner kept (`boilerplate-residue`)."""
from __future__ import annotations

import re

from ..clean.rules import RELATIVE_TIME

_PROMPT = re.compile(
    r"^\W*(?:subscribe|sign\s+up|newsletter|follow\s+us|share\s+(?:this|on|via)|click\s+here|read\s+more|"
    r"related\s*(?:articles?|stories|coverage|:)|advertisement|cookies?\s+(?:policy|settings)|all\s+rights\s+reserved|"
    r"download\s+(?:our|the)\s+app|log\s*in|sign\s+in|watch\s+(?:now|live|the\s+video)|most\s+(?:read|popular)|"
    r"recommended\s+for\s+you|comments?\s+\(\d+\)|skip\s+to\s+(?:content|main)|continue\s+reading)\b",
    re.I)
_FURNITURE = re.compile(
    r"\b(?:sign\s+up\s+(?:for|to)\s+our\b|subscribe\s+to\s+our\b|(?:to|in)\s+your\s+inbox|"
    r"enter\s+your\s+e-?mail|your\s+e-?mail\s+address|(?:be\s+)?logged\s+in\s+to\s+(?:post|comment)|post\s+a\s+comment|"
    r"comments?\s+(?:are|is)\s+(?:closed|moderated)|privacy\s+policy|terms\s+of\s+(?:use|service)|cookie\s+(?:policy|settings)|"
    r"all\s+rights\s+reserved|may\s+not\s+be\s+(?:published|reproduced),?\s+broadcast|rewritten,?\s+or\s+redistributed|"
    r"processing\s+of\s+(?:my|your)\s+personal\s+data|follow\s+us\s+on|share\s+this\s+(?:article|story|post)|"
    r"click\s+here\s+to|image\s+(?:caption|copyright)|getty\s+images|"
    r"download\s+(?:our|the)\s+(?:free\s+)?app|(?:chat|message)\s+with\s+us\s+(?:on|in)|hold\s+(?:ctrl|cmd))\b", re.I)
_EDGE = " \t.,;:!?-–—()[]|•·"  # what may stand around a line that is only a timestamp
_URL = re.compile(r"https?://\S+|\bwww\.\S+\.\w{2,}", re.I)
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*\d{4}", re.I)
_BYLINE = re.compile(r"^\s*[Bb]y\s+[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}\s*(?:[,|·•-].{0,40})?$")


def residue_kind(line: str) -> str | None:
    """What a kept line looks like if it is page furniture rather than reporting, else None.

    Two kinds of evidence: a short line of its own (a share prompt, a byline, a timestamp, a
    link), which reporting never is; and, in a line of any length, a phrase that belongs to
    the page around the article (sign-up and comment boxes, legal notices, photo credits)
    and that reporting about anything else hardly ever uses.
    """
    text = line.strip()
    words = text.split()
    if not words or len(words) > 60:
        return None
    if len(words) <= 14:
        if RELATIVE_TIME.fullmatch(text.strip(_EDGE)):
            return "a timestamp from a list of other headlines"
        if _COPYRIGHT.search(text):
            return "a copyright notice"
        if _BYLINE.match(text) and len(words) <= 8:
            return "a byline"
        if _URL.search(text) and len(words) <= 8:
            return "a link"
        if _PROMPT.search(text) and not text.endswith((".", "”", '"')):
            return "a share, subscribe or navigation prompt"
    furniture = _FURNITURE.search(text)
    if furniture:
        return f"page furniture ({furniture.group(0).strip()!r})"
    return None


# --- front-matter values ---------------------------------------------------------------

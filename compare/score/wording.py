"""Word choice: what one outlet says where another, reporting the same thing, says otherwise;
and the vocabulary that sets each outlet apart from the rest of the event.

- `differing_words`: content words of one aligned paragraph that the other does not use.
- `substitutions`: on two aligned paragraphs, the short stretches that stand in the same
  place of two sentences reporting the same thing ("the M23 [rebels] ..." / "the M23 [armed
  group] ..."), read off a word-level alignment (difflib) of the paired sentences.
- `distinctive_words`: per source, the words it uses more than the rest of the event, by the
  log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn, "Fightin'
  Words", Political Analysis 2008), the prior being the event's own word counts; z-scores
  rather than raw counts, so a long article does not win by length and rare words do not
  win by chance.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from difflib import SequenceMatcher
from typing import Iterable, Mapping

from ..model import ComparedPair, DistinctiveWord, WordChoice, units_reported
from ..text import STOPWORDS, stem, words

_TOKEN = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*|\d[\d,.]*", re.U)
MAX_SUBSTITUTION_WORDS = 4
Z_SIGNIFICANT = 1.96  # two-sided 5%: reports mark words above it


def differing_words(text_a: str, text_b: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Content words of each aligned paragraph whose stem the other paragraph does not use."""
    words_a = [w for w in words(text_a) if w.lower() not in STOPWORDS and len(w) > 1]
    words_b = [w for w in words(text_b) if w.lower() not in STOPWORDS and len(w) > 1]
    stems_a = {stem(w.lower()) for w in words_a}
    stems_b = {stem(w.lower()) for w in words_b}
    only_a = tuple(dict.fromkeys(w for w in words_a if stem(w.lower()) not in stems_b))
    only_b = tuple(dict.fromkeys(w for w in words_b if stem(w.lower()) not in stems_a))
    return only_a, only_b


def substitutions(text_a: str, text_b: str) -> list[tuple[str, str]]:
    """Pairs (words of a, words of b) that say the same thing in other words: they fill the
    same slot of two sentences that report the same thing.

    The sentences of the two paragraphs are paired first (`sentence_pairs`: each one's best
    match, both ways, sharing at least half of the shorter one's content words); a
    paragraph's sentences about other things never supply a slot. Inside a sentence pair,
    a slot is a stretch of each sentence between shared words (read off a word alignment,
    difflib), flanked on both sides by shared words with a content word on each side and
    four shared words in all (up to three a side). The two fillers must look like the same
    part of the sentence (`_same_role`: at most four words each, similar length, the same
    head form and no list on one side only), and must not be the same word inflected
    ("severed"/"severs") or a change of number (those are factual conflicts, reported apart).
    """
    found: list[tuple[str, str]] = []
    for sentence_a, sentence_b in sentence_pairs(text_a, text_b):
        found.extend(_slot_fillers(sentence_a, sentence_b))
    return found


MIN_SHARED_CONTENT = 3  # content words two sentences share, at least, to be the same statement
MIN_SHARED_SHARE = 0.5  # and this share of the shorter sentence's content words


def sentence_pairs(text_a: str, text_b: str) -> list[tuple[str, str]]:
    """Sentences of a and b that report the same thing: mutual best matches by shared
    content stems, sharing at least MIN_SHARED_CONTENT of them and MIN_SHARED_SHARE of the
    shorter sentence's."""
    from ..segment import split_sentences

    def content(sentence: str) -> set[str]:
        lowered = (w.lower().replace("’", "'") for w in words(sentence))
        return {stem(w[:-2] if w.endswith("'s") else w) for w in lowered if w not in STOPWORDS and len(w) > 1}

    sentences_a = [(s.text, content(s.text)) for s in split_sentences(text_a)]
    sentences_b = [(s.text, content(s.text)) for s in split_sentences(text_b)]

    def overlap(x: set[str], y: set[str]) -> float:
        shared = len(x & y)
        return shared / min(len(x), len(y)) if shared >= MIN_SHARED_CONTENT else 0.0

    scores = [[overlap(ca, cb) for _, cb in sentences_b] for _, ca in sentences_a]
    pairs = []
    for i, row in enumerate(scores):
        if not row:
            break
        j = max(range(len(row)), key=lambda k: (row[k], -k))
        column = [scores[k][j] for k in range(len(scores))]
        if row[j] >= MIN_SHARED_SHARE and max(range(len(column)), key=lambda k: (column[k], -k)) == i:
            pairs.append((sentences_a[i][0], sentences_b[j][0]))
    return pairs


def _slot_fillers(text_a: str, text_b: str) -> list[tuple[str, str]]:
    tokens_a = _TOKEN.findall(text_a)
    tokens_b = _TOKEN.findall(text_b)
    lower_a = [t.lower().replace("’", "'") for t in tokens_a]
    lower_b = [t.lower().replace("’", "'") for t in tokens_b]
    matcher = SequenceMatcher(None, lower_a, lower_b, autojunk=False)
    opcodes = matcher.get_opcodes()
    found: list[tuple[str, str]] = []
    for k, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag != "replace" or k == 0 or k == len(opcodes) - 1:
            continue
        if opcodes[k - 1][0] != "equal" or opcodes[k + 1][0] != "equal":
            continue
        left, right = lower_a[i1:i2], lower_b[j1:j2]
        if not _same_role(left, right) or tokens_a[i2 - 1][0].isupper() != tokens_b[j2 - 1][0].isupper():
            continue  # not the same part of the sentence, or a name against a common word
        content_left = [w for w in left if w not in STOPWORDS and w[0].isalpha()]
        content_right = [w for w in right if w not in STOPWORDS and w[0].isalpha()]
        if not content_left or not content_right:
            continue
        if [stem(w) for w in content_left] == [stem(w) for w in content_right]:
            continue
        if all(_form(w) == "ly" for w in content_left + content_right):
            continue  # adverbs ("recently" / "specifically") qualify a statement; they do not restate it
        # the same slot: flanked on both sides by at least two shared words, one of them a content word
        before = lower_a[opcodes[k - 1][1]:opcodes[k - 1][2]][-3:]
        after = lower_a[opcodes[k + 1][1]:opcodes[k + 1][2]][:3]
        if not (_anchors(before) and _anchors(after)) or len(before) + len(after) < 4:
            continue
        found.append((" ".join(tokens_a[i1:i2]), " ".join(tokens_b[j1:j2])))
    return found


_LIST_WORDS = frozenset({"and", "or", "but", "nor"})
_DETERMINERS = frozenset({"the", "a", "an", "its", "his", "her", "their", "our", "my", "your", "this", "that",
                          "these", "those", "some", "any", "no", "every", "each"})


def _same_role(left: list[str], right: list[str]) -> bool:
    """Whether two fillers can be the same part of a sentence: at most four words each,
    lengths within one word (or a word and two), a list ("opinion and advocate") only
    against a list, neither ending in a function word, not the same letters spelled apart,
    and the same form of their head word (`_head_form`)."""
    if not left or not right or max(len(left), len(right)) > MAX_SUBSTITUTION_WORDS:
        return False
    if abs(len(left) - len(right)) > 1 and max(len(left), len(right)) > 2 * min(len(left), len(right)):
        return False
    if bool(_LIST_WORDS & set(left)) != bool(_LIST_WORDS & set(right)):
        return False
    if left[-1] in STOPWORDS or right[-1] in STOPWORDS:
        return False  # "surrounding his": a fragment, not a part of the sentence
    if re.sub(r"\W", "", "".join(left)) == re.sub(r"\W", "", "".join(right)):
        return False  # "double dip" / "double-dip": the same words spelled apart
    forms = {_head_form(left), _head_form(right)}
    return len(forms) == 1 or forms == {"ed", "word"}  # "severed" / "cut": many past forms are irregular


def _head_form(span: list[str]) -> str:
    """The form of a filler's head word: a verb phrase ("defended its actions") is headed by
    its first word, anything else by its last ("armed group"); the form is the ending
    -ing, -ed or -ly, or "word" (plural and singular alike: number is not a role)."""
    head = span[-1]
    if len(span) > 1 and _form(span[0]) in ("ing", "ed") and (span[1] in _DETERMINERS or span[1].endswith("'s")):
        head = span[0]
    return _form(head)


def _form(word: str) -> str:
    for ending in ("ing", "ed", "ly"):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return ending
    return "word"


def _anchors(shared: list[str]) -> bool:
    return any(w not in STOPWORDS and w[0].isalpha() for w in shared)


def vocabulary(text: str) -> list[str]:
    """The lower-cased content words of a text, as `distinctive_words` counts them.

    The words are lower-cased in one call, joined by newlines (as `frames.cue_words` does:
    the same as one by one, since a newline stops the look-around of the Greek sigma)."""
    found = words(text)
    if not found:
        return []
    return [w for w in "\n".join(found).lower().replace("’", "'").split("\n")
            if w not in STOPWORDS and len(w) > 2 and not w[0].isdigit()]


def distinctive_words(counts: Mapping[str, Counter], top: int = 15, min_count: int = 2
                      ) -> dict[str, list[tuple[str, float, int]]]:
    """Per source, (word, z-score, count) of its most over-represented words against the others.

    delta_w = log((y_iw + a_w) / (n_i + a_0 - y_iw - a_w)) - log((y_jw + a_w) / (n_j + a_0 - y_jw - a_w)),
    var = 1 / (y_iw + a_w) + 1 / (y_jw + a_w), z = delta_w / sqrt(var), with y_i the source's
    counts, y_j the other sources', and the prior a_w the event's counts (a_0 their sum).
    The `top` words with z > 0 used at least `min_count` times, highest z first (on a short
    event few words reach z >= 1.96, the 5% level: reports mark those).
    """
    event: Counter = Counter()
    for c in counts.values():
        event.update(c)
    a0 = sum(event.values())
    result: dict[str, list[tuple[str, float, int]]] = {}
    for source, own in sorted(counts.items()):
        n_i = sum(own.values())
        n_j = a0 - n_i
        scored = []
        for word, y_i in own.items():
            if y_i < min_count:
                continue
            a_w = event[word]
            y_j = a_w - y_i
            delta = (math.log((y_i + a_w) / (n_i + a0 - y_i - a_w))
                     - math.log((y_j + a_w) / (n_j + a0 - y_j - a_w)))
            z = delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))
            if z > 0:
                scored.append((word, round(z, 3), y_i))
        scored.sort(key=lambda t: (-t[1], t[0]))
        result[source] = scored[:top]
    return result


def source_vocabularies(texts: Mapping[str, Iterable[str]]) -> dict[str, Counter]:
    """Word counts per source from its paragraphs."""
    return {source: Counter(w for p in paragraphs for w in vocabulary(p)) for source, paragraphs in texts.items()}


PAIRS_PER_UNIT = 16  # aligned pairs read word by word per content unit, its strongest
PAIRS_COMPARED = 600  # and in all


def word_choice(articles, alignment) -> WordChoice:
    """The event's word-choice evidence: substitutions and the words only one side uses on a
    few aligned pairs per content unit, the substitutions counted per pair of sources, and
    each source's distinctive words.

    The listed alignments are grouped by the content unit both paragraphs report (the first
    such unit), or else by the two units their paragraphs belong to; each group gives its
    PAIRS_PER_UNIT strongest pairs, and groups are taken in turn (first pairs of every
    group, then second pairs, ...) up to PAIRS_COMPARED pairs, so a unit told by hundreds
    of outlets costs as much as one told by a few.
    """
    text = {(a.id, p.index): p.text for a in articles for p in a.paragraphs}
    reports = units_reported(alignment.units)
    member = {(ref.source, ref.paragraph): unit.id for unit in alignment.units for ref in unit.members}
    groups: dict[tuple, list] = {}
    for al in sorted(alignment.alignments, key=lambda al: (-al.score, al.a, al.b)):
        a, b = (al.a.source, al.a.paragraph), (al.b.source, al.b.paragraph)
        both = sorted(reports.get(a, set()) & reports.get(b, set()))
        key = (0, both[0]) if both else (1, min(member.get(a, -1), member.get(b, -1)), max(member.get(a, -1), member.get(b, -1)))
        group = groups.setdefault(key, [])
        if len(group) < PAIRS_PER_UNIT:
            group.append((al, both[0] if both else None))
    ordered = [groups[k] for k in sorted(groups)]
    taken = [pair for rank in range(PAIRS_PER_UNIT) for group in ordered if rank < len(group) for pair in [group[rank]]]
    compared = []
    by_sources: dict[tuple[str, str], Counter] = {}
    for al, unit in taken[:PAIRS_COMPARED]:
        text_a, text_b = text[(al.a.source, al.a.paragraph)], text[(al.b.source, al.b.paragraph)]
        only_a, only_b = differing_words(text_a, text_b)
        pairs = substitutions(text_a, text_b)
        compared.append(ComparedPair(al.a, al.b, al.score, al.evidence, unit, only_a, only_b, tuple(pairs)))
        if pairs:
            by_sources.setdefault((al.a.source, al.b.source), Counter()).update(pairs)
    counts = source_vocabularies({a.id: [p.text for p in a.paragraphs] for a in articles})
    return WordChoice(
        pairs=tuple(compared),
        by_sources={k: tuple(sorted(((a, b, n) for (a, b), n in c.items()), key=lambda t: (-t[2], t[0], t[1])))
                    for k, c in sorted(by_sources.items())},
        distinctive={source: tuple(DistinctiveWord(w, z, n, z >= Z_SIGNIFICANT) for w, z, n in words)
                     for source, words in distinctive_words(counts).items()},
    )

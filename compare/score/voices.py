"""Whose voice a stretch of text is in: the outlet's own, or quoted and reported speech.

Direct speech is text inside quotation marks (curly, straight or guillemets; an opening
mark left unclosed runs to the end of the paragraph, the newswire convention for a quote
that continues). Reported speech is the complement of a speech verb: what follows "that"
("said that ...", "emphasized that ..."), "of" / "for" / "as" after an accusing or
describing verb ("accused Belgium of ...", "describing it as disproportionate"), "to" after
a claim or a vow ("claims to be fighting ..."), the clause after a bare "said", and the
rest of a sentence "according to" someone. A passive allegation ("has been accused of war
crimes") is reported speech without a named speaker.

The speaker is the subject of the speech verb: the name before it ("Belgian Foreign Minister
Maxime Prevot said", adverbs and auxiliaries skipped), the name after it in an inverted
attribution (", said the ministry"), or, for a participle after a comma ("..., describing it
as ..."), the subject of the sentence. A pronoun subject ("He said") and a sentence or
paragraph that is nothing but a quotation continue the last named speaker, within the
paragraph and across paragraphs. Speakers are mapped to event actors by their surface forms
("Belgian Foreign Minister Maxime Prevot" -> Belgium).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice, takewhile

from ..model import Actor
from ..speaker_labels import apposition_tag

# verbs that report what someone said, thought or estimated
SAY_VERBS = (
    "said|says|say|saying|told|tells|telling|stated|states|stating|added|adds|adding|wrote|writes|"
    "writing|tweeted|posted|declared|declares|declaring|announced|announces|announcing|warned|warns|"
    "warning|insisted|insists|insisting|argued|argues|arguing|claimed|claims|claiming|noted|notes|"
    "noting|explained|explains|explaining|asserted|asserts|asserting|alleged|alleges|alleging|"
    "replied|responded|stressed|stresses|stressing|emphasized|emphasised|emphasizes|emphasises|"
    "emphasizing|emphasising|acknowledged|acknowledges|admitted|admits|recalled|suggested|suggests|"
    "complained|complains|pledged|pledges|promised|promises|vowed|vows|vowing|threatened|threatens|"
    "lamented|laments|conceded|concedes|maintained|maintains|contended|contends|observed|remarked|"
    "predicted|reiterated|reiterates|confirmed|confirms|denied|denies|denying|estimated|estimates|"
    "reported|reports|believes|believe|hinted|signalled|signaled|read|reads|points out|pointed out|"
    "made clear|wrote in|testified|testifies|cautioned|charged|countered|retorted|quipped|joked"
)
# verbs whose object is the person or thing talked about, and whose complement is the claim
OBJECT_VERBS = (
    "accused|accuses|accusing|accuse|blamed|blames|blaming|blame|criticized|criticised|criticizes|"
    "criticises|criticizing|criticising|condemned|condemns|condemning|described|describes|describing|"
    "called|calls|calling|branded|brands|branding|labelled|labeled|labels|labelling|labeling|"
    "praised|praises|praising|urged|urges|urging|slammed|slams|slamming|framed|frames|framing|"
    "portrayed|portrays|portraying|characterized|characterised|characterizes|characterising|"
    "dismissed|dismisses|dismissing|hailed|hails|hailing|lauded|lauds|denounced|denounces|"
    "denouncing|rejected|rejects|rejecting|questioned|questions|questioning|welcomed|welcomes|"
    "welcoming|thanked|thanks|thanking|attacked|attacks|ripped|rips|mocked|mocks|mocking|"
    "expressed|expresses|expressing|defended|defends|defending")


# The lookahead turns down at once a word start that no verb begins with (most of them).
_VERB_INITIALS = "".join(sorted({verb[0] for verb in f"{SAY_VERBS}|{OBJECT_VERBS}".split("|")}))
_VERB = re.compile(rf"\b(?=[{_VERB_INITIALS}])(?:(?P<say>{SAY_VERBS})|(?P<obj>{OBJECT_VERBS}))\b")
# a bare "said" followed by a clause is reported speech; other verbs need a marker
_BARE_CLAUSE_VERBS = frozenset(
    "said says say added adds argued argues claimed claims insisted insists warned warns "
    "noted notes stated states wrote writes believes believe estimated estimates".split())
_TO_VERBS = frozenset(
    "claimed claims claiming vowed vows vowing pledged pledges promised promises threatened threatens "
    "urged urges urging called calls calling".split())
_MARKERS = {"that", "of", "for", "as"}
_PASSIVE = frozenset("is are was were be been being".split())
_SKIPPABLE = frozenset(
    """has have had also repeatedly consistently publicly previously recently specifically
    swiftly later earlier again then once further even already long strongly openly angrily
    sharply firmly quickly initially privately reportedly allegedly anonymously separately
    however will would could might may""".split())
_NP_BREAK_AFTER_VERB = frozenset(
    "in on at to during after before with from while when since by about over into last this".split())
_INTRO_WORDS = frozenset(
    """in on at after before during following despite while as for with since late last earlier
    later today yesterday meanwhile however also moreover instead still then when amid
    under over by from within""".split())
_ACCORDING = re.compile(r"\b(?i:according to)\s+((?:(?:the|a|an|its|his|her|their)\s+)?"
                        r"(?:[A-Z][\w.'’&-]*\s*|(?:of|for|and|the)\s+){1,8})")
_TITLE_WORDS = frozenset(
    """foreign affairs minister ministry president prime spokesman spokeswoman spokesperson
    official officials government diplomat diplomats ambassador secretary state general army
    military statement office department leader leaders senior deputy chief spokespeople source
    sources analyst analysts expert experts international cooperation envoy envoys lawmakers
    lawmaker senator senators representative representatives governor mayor minister's
    commander commanders group rebels rebel spokesperson's director head chair chairman
    chairwoman chairperson agency agencies council committee report court judge prosecutor
    prosecutors police authorities officer officers union bloc alliance party campaign
    administration cabinet embassy delegation negotiators negotiator press secretary
    intelligence adviser advisor aide""".split())
_DOCUMENT_WORDS = frozenset("statement report letter post tweet release communique communiqué note".split())
_PRONOUNS = frozenset("he she they it we i".split())
_QUOTE_OPEN = "“\"«"
_QUOTE_CLOSE = {"“": "”", '"': '"', "«": "»"}
_QUOTE_OPENING = re.compile(f"[{_QUOTE_OPEN}]")
_WORD = re.compile(r"[\w.'’&-]+|,")
# what must follow or precede some speech verbs (see `speech_events`)
_CALLED_FOR = re.compile(r"\s+(?:for|on|it|them|him|her|the|a|an|[A-Z“\"])")
_EXPRESSED_FEELING = re.compile(
    r"\s+(?:\w+\s+){0,2}(?:regret|concern|disappointment|anger|support|outrage|hope|frustration|dismay|"
    r"sympathy|condolences|gratitude|surprise|opposition)")
_AS_OR_FOR = re.compile(r"\s+(?:\w+\s+){0,4}(?:as|for)\b")
# `[”"»][\s,]*$|,\s*[”"»]\s*$` (a verb right after a quotation), read backwards from the end:
# a match costs the few characters it spans, where a search would read the whole text
_AFTER_QUOTATION_REVERSED = re.compile(r"[\s,]*[”\"»]|\s*[”\"»]\s*,")
_AND_AT_END = re.compile(r"\band$")
_FIRST_WORD = re.compile(r"[\w’'-]+")
_COMPLEMENT_WORD = re.compile(r"[\w’'-]+|[,;:.]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ABBREVIATION = re.compile(r"(?:[A-Z]|Mrs?|Ms|Dr|Sens?|Reps?|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Rev|Jr|Sr)\.")
_ROLE_THEN_NAME = re.compile(r"\s*(?:the|a|an)\s+[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2},\s+(?=[A-Z])")  # "the legislator, Carl Seel"
_ASCII_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())


@dataclass(frozen=True, slots=True)
class VoicedSpan:
    """A stretch of a sentence in one voice."""

    text: str
    start: int  # offsets in the paragraph
    end: int
    voice: str  # "own" or "quote"
    speaker: str | None
    direct: bool


@dataclass(frozen=True, slots=True)
class SpeechEvent:
    """One speech verb in a sentence: who speaks and where their words start."""

    verb_start: int  # offsets in the sentence
    verb_end: int
    speaker: str | None
    complement: int | None  # where the reported words start, if the verb has a complement


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges (inside the marks) of the direct quotations of a paragraph."""
    spans: list[tuple[int, int]] = []
    opening = _QUOTE_OPENING.search(text)
    while opening:
        i = opening.start()
        ch = text[i]
        close = _QUOTE_CLOSE[ch]
        j = text.find(close, i + 1)
        if ch == '"' and j == -1:
            j = len(text)
        elif ch != '"':
            next_open = text.find(ch, i + 1)
            if j == -1 or (next_open != -1 and next_open < j):
                j = next_open if next_open != -1 else len(text)
        spans.append((i + 1, j))
        opening = _QUOTE_OPENING.search(text, j + 1)
    return [(a, b) for a, b in spans if b - a >= 2]


def speech_events(sentence: str, previous_speaker: str | None = None) -> list[SpeechEvent]:
    """The speech verbs of a sentence (outside its quotations), with speaker and complement."""
    masked = _mask_quotes(sentence)
    events: list[SpeechEvent] = []
    according = _ACCORDING.search(masked)
    if according:
        speaker = _trim_speaker(according.group(1))
        if speaker:
            before = masked[: according.start()].strip(" ,;:—-")
            # "according to X, ..." reports what follows; "..., according to X." what precedes
            start = according.end() if not before else 0
            events.append(SpeechEvent(according.start(), according.start() + 12, speaker, start))
    for verb in _VERB.finditer(masked):
        word = verb.group(0)
        is_say = verb.group("say") is not None
        before = masked[: verb.start()]
        after = masked[verb.end():]
        before_words = _last_words(masked, verb.start(), _NAME_WORDS)
        previous_words = [w.lower() for w in before_words[-3:]]
        if word == "read" and not before.rstrip().endswith(("statement", "letter", "post", "note", "release")):
            continue  # "read" only as in "the statement read"
        if word in ("called", "calls", "calling") and not _CALLED_FOR.match(after):
            continue
        if word in ("expressed", "expresses", "expressing") and not _EXPRESSED_FEELING.match(after):
            continue
        if word in ("attacked", "attacks", "defended", "defends", "defending") and not _AS_OR_FOR.match(after):
            continue
        passive = any(w in _PASSIVE for w in previous_words[-2:]) and not word.endswith("ing")
        speaker = None
        stripped = before.rstrip()
        # '“...,” said the ministry': an attribution after a quotation names its speaker after the verb
        inverted = is_say and not word.endswith("ing") and (
            not stripped.strip(" ,“”\"'’‘—-") or _ends_after_quotation(stripped))
        if passive:
            speaker = None
        elif inverted:
            speaker = _leading_name(after)
        elif word.endswith("ing") and (stripped.endswith(",") or _ends_with_comma_and(stripped)
                                       or stripped.endswith(("”", '"'))):
            speaker = _sentence_subject(masked)
        else:
            speaker = _trailing_name(before, before_words)
            if speaker is None and word.endswith("ing"):
                speaker = _sentence_subject(masked)
        if speaker and speaker.split()[0].lower() in _PRONOUNS:
            speaker = previous_speaker if speaker.lower() in ("he", "she", "they", "we", "i") else None
        if speaker and all(w.lower() in _DOCUMENT_WORDS | {"the", "a", "an", "its", "their", "official"}
                           for w in speaker.split()):
            speaker = previous_speaker  # "the statement read": the statement of the last speaker
        complement = _complement(word.lower(), is_say, after, verb.end(), inverted, passive)
        if passive and complement is None:
            continue
        if not passive and speaker is None and not _trailing_name(before, before_words):
            continue  # "the fallout suggests that ...": no one speaks, the outlet infers
        events.append(SpeechEvent(verb.start(), verb.end(), speaker, complement))
    return sorted(events, key=lambda e: e.verb_start)


# `_trailing_name` reads this many words before a verb, `speech_events` three
_NAME_WORDS = 14
_WORDS_WINDOW = 200  # characters read first for them; a long run of spaces needs more


def _last_words(text: str, end: int, count: int) -> list[str]:
    """The last `count` (or more) of `_WORD.findall(text[:end])`, reading only as many
    characters as they need: a verb in a sentence of thousands of words reads its
    neighbours, not the whole sentence. A word the window cuts is left out (the window
    widens until `count` whole words are in it)."""
    size = _WORDS_WINDOW
    while end > size:
        words = _WORD.findall(text, end - size, end)[1:]
        if len(words) >= count:
            return words
        size *= 4
    return _WORD.findall(text, 0, end)


def _ends_after_quotation(text: str) -> bool:
    r"""Whether `text` ends right after a quotation (`[”"»][\s,]*$|,\s*[”"»]\s*$`), read
    backwards, so that only the last few characters are looked at."""
    return _AFTER_QUOTATION_REVERSED.match(text[::-1]) is not None


def _ends_with_comma_and(text: str) -> bool:
    r"""Whether `text` ends with the word "and" and has a comma before it (`,[^,]*\band$`)."""
    return _AND_AT_END.search(text[-4:]) is not None and "," in text[:-3]


@lru_cache(maxsize=50_000)
def _sentence_events(sentence: str, previous_speaker: str | None) -> tuple[SpeechEvent, ...]:
    """`speech_events`, read once for a sentence that a page repeats (wire copy, a pasted
    page): its events depend on nothing else."""
    return tuple(speech_events(sentence, previous_speaker))


def _complement(verb: str, is_say: bool, after: str, offset: int, inverted: bool, passive: bool = False) -> int | None:
    """Where the reported words after the verb begin (sentence offset), or None."""
    if inverted:
        return None
    limit = 8 if not is_say else 6
    words = list(islice(_COMPLEMENT_WORD.finditer(after), limit))  # only the first few are read
    for k, m in enumerate(words[:limit]):
        token = m.group(0).lower()
        if token in (".", ";"):
            break
        if token == "that" and (k == 0 or is_say or verb.startswith(("warn", "told", "tell"))):
            return offset + m.end()
        if not is_say and token in ("of", "for", "as") and (k > 0 or passive):
            return offset + m.end()
        if token == "to" and verb in _TO_VERBS:
            return offset + m.end()
        if verb.startswith(("call", "brand", "label")) and k == 0 and token in ("it", "them", "him", "her", "this"):
            return offset + m.end()
    if verb in _BARE_CLAUSE_VERBS and words:
        first = words[0].group(0)
        if first not in (",", ".", ";", ":") and first.lower() not in _NP_BREAK_AFTER_VERB:
            return offset + words[0].start()
    return None


def voiced_spans(paragraph: str, sentences, previous_speaker: str | None = None) -> list[VoicedSpan]:
    """Split a paragraph's sentences into own-voice, quoted and reported spans, in order."""
    quotes = quote_spans(paragraph)  # in order and apart
    quote_ends = [b for _, b in quotes]
    spans: list[VoicedSpan] = []
    all_quote = bool(quotes) and _covered(paragraph, quotes) > 0.85
    current = previous_speaker if all_quote else None
    for sentence in sentences:
        s, e = sentence.start, sentence.end
        inside = list(takewhile(lambda q: q[0] < e, islice(quotes, bisect_right(quote_ends, s), None)))
        inside = [(max(a, s), min(b, e)) for a, b in inside]
        events = _sentence_events(paragraph[s:e], current or previous_speaker)
        named = next((ev.speaker for ev in events if ev.speaker), None)
        sentence_quoted = bool(inside) and _covered(paragraph[s:e], [(a - s, b - s) for a, b in inside]) > 0.85
        if named:
            speaker = named
        elif inside and (sentence_quoted or all_quote):
            speaker = current or (previous_speaker if all_quote or sentence_quoted and not events else None)
        else:
            speaker = None
        if named or (inside and speaker):
            current = speaker
        # reported regions: from each complement to the end of the sentence
        reported: list[tuple[int, int, str | None]] = []
        for ev in events:
            if ev.complement is None:
                continue
            if ev.verb_start > ev.complement:  # "..., according to X": what precedes
                reported.append((s, s + ev.verb_start, ev.speaker))
            else:
                reported.append((s + ev.complement, e, ev.speaker))
        reported.sort(key=lambda r: (r[0], r[1]))
        cursor = s
        pieces: list[tuple[int, int]] = sorted(inside)
        for a, b in pieces:
            if a - cursor > 1:
                spans.extend(_own_or_reported(paragraph, cursor, a, reported))
            spans.append(VoicedSpan(paragraph[a:b], a, b, "quote", speaker, True))
            cursor = b
        if e - cursor > 1:
            spans.extend(_own_or_reported(paragraph, cursor, e, reported))
    return [sp for sp in spans if sp.text.strip(" ,.;:“”\"'’‘—-[]()")]


def _own_or_reported(paragraph: str, start: int, end: int,
                     reported: list[tuple[int, int, str | None]]) -> list[VoicedSpan]:
    """Cut paragraph[start:end] (outside quotation marks) into own and reported stretches
    (`reported`: sorted by start, then end)."""
    out: list[VoicedSpan] = []
    cursor = start
    for a, b, speaker in reported:
        if a >= end or cursor >= end:
            break  # nothing later can cut the stretch: a sentence may hold hundreds of verbs
        a, b = max(a, cursor), min(b, end)
        if a >= b:
            continue
        if a > cursor:
            out.append(VoicedSpan(paragraph[cursor:a], cursor, a, "own", None, False))
        out.append(VoicedSpan(paragraph[a:b], a, b, "quote", speaker, False))
        cursor = b
    if cursor < end:
        out.append(VoicedSpan(paragraph[cursor:end], cursor, end, "own", None, False))
    return out


def speaker_actor(speaker: str | None, actors: tuple[Actor, ...]) -> str | None:
    """The event actor a speaker belongs to ("Belgian Foreign Minister Maxime Prevot" -> Belgium)."""
    if not speaker:
        return None
    return _speaker_actor(speaker, tuple(actors))


@lru_cache(maxsize=4096)
def _speaker_actor(speaker: str, actors: tuple[Actor, ...]) -> str | None:
    """`speaker_actor`, once per speaker: an article names the same few speakers again and again."""
    for actor in actors:
        for pattern in _speaker_forms(tuple(actor.forms)):
            if pattern.search(speaker):
                return actor.name
    return None


@lru_cache(maxsize=4096)
def _speaker_forms(forms: tuple[str, ...]) -> tuple[re.Pattern, ...]:
    """An actor's forms, longest first, each as a whole word in a speaker's name, possessive allowed."""
    return tuple(re.compile(rf"(?<!\w){re.escape(form)}(?:['’]s)?(?!\w)")
                 for form in sorted(forms, key=len, reverse=True))


def _mask_quotes(text: str) -> str:
    """`text` with the inside of its quotations blanked (same length, so offsets still hold)."""
    pieces: list[str] = []
    cursor = 0
    for a, b in quote_spans(text):  # in order and apart
        pieces.append(text[cursor:a])
        pieces.append(" " * (b - a))
        cursor = b
    if not pieces:
        return text
    pieces.append(text[cursor:])
    return "".join(pieces)


def _covered(text: str, spans: list[tuple[int, int]]) -> float:
    """Share of the text's letters and digits that lie inside the spans."""
    letters = _alnum_count(text) or 1
    inside = sum(_alnum_count(text[max(a, 0):max(b, 0)]) for a, b in spans)
    return inside / letters


def _alnum_count(text: str) -> int:
    """How many characters of `text` are letters or digits (`[^\\W_]`, which is `str.isalnum`
    of each character): the ASCII ones by deleting the others from its bytes, the others (a few
    in a text: curly quotes, dashes, accented letters) one by one."""
    count = len(text.encode("ascii", "ignore").translate(None, _ASCII_NOT_ALNUM))
    if not text.isascii():
        count += sum(map(str.isalnum, "".join(_NON_ASCII.findall(text))))
    return count


def _is_name_word(word: str) -> bool:
    bare = word.rstrip(".,").removesuffix("’s").removesuffix("'s")
    return bool(bare) and (bare[:1].isupper() or bare.lower() in _TITLE_WORDS)


def _trailing_name(before: str, before_words: list[str] | None = None) -> str | None:
    """The name just before a verb: 'Belgian Foreign Minister Maxime Prevot', adverbs skipped.
    `before_words` is `_WORD.findall(before)` when the caller has it."""
    words = (_WORD.findall(before) if before_words is None else before_words)[-24:]
    comma = False
    while words and (words[-1] == "," or words[-1].lower() in _SKIPPABLE or _is_time(words[-1])
                     or (len(words) > 1 and _is_time(words[-2]) and words[-1].rstrip(",").isdigit())):
        comma = words.pop() == "," or comma
        if words and words[-1].lower() in ("on", "last", "this", "late", "early", "on", "since", "until"):
            words.pop()  # "The White House on Wednesday said": the day is not the speaker
    picked: list[str] = []
    for word in reversed(words):
        if word == ",":
            break
        if _is_name_word(word) or (picked and word.lower() in ("of", "and", "for", "the", "a", "an")) \
                or (not picked and word.lower() in _PRONOUNS):
            picked.append(word)
            if word.lower() in _PRONOUNS:
                break
        else:
            break
    if comma and "," in words:  # "Warner, D-Va., said": the name before an apposition is the speaker
        cut = len(words) - 1 - words[::-1].index(",")
        head = _trailing_name("", words[:cut]) if (tag := apposition_tag(words[cut + 1:])) is not None else None
        if head and head.lower() not in _PRONOUNS and words[cut - len(head.split()) - 1: cut][:1] != ["in"]:
            return f"{head}, {tag}" if tag else head
    return _trim_speaker(" ".join(reversed(picked)))


def _leading_name(after: str) -> str | None:
    words = [m.group(0) for m in islice(_WORD.finditer(after), 10)]
    picked: list[str] = []
    for word in words:
        if word == ",":
            break
        if _is_name_word(word) or word.lower() in ("the", "a", "an", "of", "and", "for") or re.fullmatch(r"[A-Z0-9]+", word):
            picked.append(word)
            if word.endswith(",") or word.endswith(".") and not _ABBREVIATION.fullmatch(word):
                break
        else:
            break
    role = _ROLE_THEN_NAME.match(after)
    return _trim_speaker(" ".join(picked)) or (_leading_name(after[role.end():]) if role else None)


def _sentence_subject(sentence: str) -> str | None:
    """The subject of a sentence: its first name after any introductory phrase ('In a statement, ...')."""
    text = sentence.strip()
    for _ in range(3):
        first = _FIRST_WORD.match(text)
        if not first:
            break
        comma = text.find(",")
        if (first.group(0).lower() in _INTRO_WORDS or first.group(0)[:1].isdigit()) and 0 < comma < 90:
            text = text[comma + 1:].lstrip()
        else:
            break
    words = [m.group(0) for m in islice(_WORD.finditer(text), 14)]
    picked: list[str] = []
    for k, word in enumerate(words):
        if word == ",":
            # an apposition ("the foreign minister, Maxime Prevot, said") names the same person
            rest = words[k + 1:]
            if picked and rest and rest[0][:1].isupper() and "," in rest[:5]:
                picked = [w for w in rest[: rest.index(",")]]
            break
        if _is_name_word(word) or word.lower() in ("the", "a", "an", "of", "and", "for") or re.fullmatch(r"[A-Z0-9]+", word):
            picked.append(word)
        else:
            break
    return _trim_speaker(" ".join(picked))


def _trim_speaker(phrase: str) -> str | None:
    words = phrase.replace(",", " ").split()
    while words and (words[0].lower() in {"the", "a", "an", "and", "of", "for", "in", "on", "while", "as", "but",
                                          "when", "after", "with", "also"}
                     or words[0][:1].isdigit() or words[0] in _MONTHS):
        words.pop(0)
    while words and words[-1].lower() in {"the", "a", "an", "and", "of", "for", "anonymously"}:
        words.pop()
    if len(words) == 1 and words[0].lower() in _PRONOUNS:
        return words[0]
    if not words or not (any(w[:1].isupper() for w in words) or words[-1].lower() in _TITLE_WORDS):
        return None
    return " ".join(words).rstrip(",.")


_MONTHS = frozenset("January February March April May June July August September October November December".split())
_DAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())


def _is_time(word: str) -> bool:
    bare = word.rstrip(".,")
    return bare in _DAYS or bare in _MONTHS or bare.lower() in ("today", "yesterday", "tonight", "night", "morning",
                                                               "afternoon", "evening", "week", "month", "year")

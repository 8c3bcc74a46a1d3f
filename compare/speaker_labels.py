"""How a speaker label is read: "Sen. Mitch McConnell, R-Ky." is a title, a name and a
party-state tag; "Mr" and "Now" name no one; "officials" is a role (see compare/speakers.py,
which resolves the labels of an article and merges them across an event).

A dateline glued to the front ("WASHINGTON", "N.J.") is dropped; honorifics and titles
("Mr.", "President", "Senate Majority Leader") are the title, not the name (nameparser's list
of titles, with the abbreviations and newsroom titles it lacks); a party-state tag ("R-Ky.",
"(D-Calif.)", "Democrat of Delaware") and an apposition after a comma describe the name beside
them, and so does an affiliation ("of the Michigan Department of Health", "Human Rights
Watch's"); what is left is split into first and last name by nameparser (name particles such
as "Van Hollen", suffixes). A label that begins with a sentence adverb, a pronoun, a
preposition or a quantity ("Now", "Some", "Ten") names no one; a group or a role without a
name ("officials", "White House spokesman", "the group") is unnamed, its words kept as the role.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

PERSON, ORGANISATION, UNNAMED, NAME = "person", "organisation", "unnamed", "name"

# (name, AP abbreviation, postal code): party-state tags use either abbreviation
_STATES = """Alabama Ala. AL|Alaska Alaska AK|Arizona Ariz. AZ|Arkansas Ark. AR|California Calif. CA|
Colorado Colo. CO|Connecticut Conn. CT|Delaware Del. DE|Florida Fla. FL|Georgia Ga. GA|Hawaii Hawaii HI|
Idaho Idaho ID|Illinois Ill. IL|Indiana Ind. IN|Iowa Iowa IA|Kansas Kan. KS|Kentucky Ky. KY|Louisiana La. LA|
Maine Maine ME|Maryland Md. MD|Massachusetts Mass. MA|Michigan Mich. MI|Minnesota Minn. MN|Mississippi Miss. MS|
Missouri Mo. MO|Montana Mont. MT|Nebraska Neb. NE|Nevada Nev. NV|New_Hampshire N.H. NH|New_Jersey N.J. NJ|
New_Mexico N.M. NM|New_York N.Y. NY|North_Carolina N.C. NC|North_Dakota N.D. ND|Ohio Ohio OH|Oklahoma Okla. OK|
Oregon Ore. OR|Pennsylvania Pa. PA|Rhode_Island R.I. RI|South_Carolina S.C. SC|South_Dakota S.D. SD|
Tennessee Tenn. TN|Texas Texas TX|Utah Utah UT|Vermont Vt. VT|Virginia Va. VA|Washington Wash. WA|
West_Virginia W.Va. WV|Wisconsin Wis. WI|Wyoming Wyo. WY|Puerto_Rico P.R. PR|District_of_Columbia D.C. DC"""
STATES: dict[str, str] = {}  # any spelling, without periods, lower case -> the state's name
for _entry in _STATES.replace("\n", "").split("|"):
    _name, _ap, _postal = _entry.split()
    for _form in (_name, _ap, _postal):
        STATES[_form.replace("_", " ").replace(".", "").lower()] = _name.replace("_", " ")
PARTIES = {"d": "D", "r": "R", "i": "I", "democrat": "D", "democratic": "D", "republican": "R",
           "independent": "I", "gop": "R"}

HONORIFICS = frozenset("mr mrs ms miss mx dr".split())
_ABBREVIATED_TITLES = frozenset("sen sens rep reps gov gen lt col sgt capt adm atty".split())
# title words nameparser does not list (it has "senator", "mayor", "leader", "adviser" ...)
_EXTRA_TITLES = frozenset(
    """sen rep reps gov lt col sgt capt adm gen atty spokesman spokeswoman spokesperson chairman
    chairwoman chair advisor aide former majority minority whip press campaign top ranking
    assistant acting lawmaker strategist candidate nominee anchor official correspondent host
    analyst economist lawyer executive ceo founder manager coordinator communications national
    security homeland""".split())
# words that make a label an organisation, not a person
ORGANISATION_WORDS = frozenset(
    """house committee department ministry government administration campaign party union council
    agency office court news network times post watch convention senate congress embassy army
    military company corporation inc bank university foundation institute association commission
    organization organisation coalition alliance federation board bureau service services center
    centre group caucus movement network press magazine journal tribune radio television tv
    foundation fund forces police affairs relations cooperation league authority brotherhood program
    programme systems society club team airlines airways holdings partners reserve institution
    parliament assembly cabinet regime junta command prosecution records productions studios
    entertainment media pictures labs technologies llc ltd corp street""".split())
# a group or a role without a name: "officials", "White House spokesman"
ROLE_WORDS = frozenset(
    """official officials critic critics lawmaker lawmakers democrats republicans expert experts
    analyst analysts source sources aide aides adviser advisers advisor advisors diplomat diplomats
    leader leaders member members resident residents witness witnesses observer observers activist
    activists protester protesters investigator investigators authorities officer officers
    prosecutor prosecutors voter voters supporter supporters opponent opponents people others
    conservatives liberals progressives rebels scientists economists researchers spokespeople
    staffers insiders allies donors strategists operatives spokesman spokeswoman spokesperson
    person insider staffer representative representatives senators governors mayors legislators
    legislator president senator governor mayor chairman chairwoman secretary minister judge
    democrat republican candidate candidates nominee ambassador envoy negotiator negotiators
    commander general""".split())
# words that begin a label and make it no name: adverbs, determiners, quantities, contractions
NOT_NAMES = frozenset(
    """now ahead still then also however meanwhile later earlier instead indeed yet so but and or
    some many most several few others other another both all each every any none no one two three
    four five six seven eight nine ten dozens hundreds thousands asked updated update close nearly
    almost about around here there this that these those it it's its i i'll i'm i've let's we
    we're we've you you're he she they they're he's she's him her his them us me my our their
    what who which when where why how if while as after before since because though although
    even just only perhaps maybe thus hence today yesterday tonight again already such
    last next first second third according let whatever whoever on in at of for from with by to
    into over under during against among between within without across upon despite unlike like
    including following amid""".split())
# capitalised words before a surname that are not a first name ("Director of Public Prosecution ...")
NOT_FIRST_NAMES = frozenset("public national federal international general royal united state states".split())
_AGENT_NOUN = re.compile(r"(?:er|or|ist|ant|ent|ian|man|woman|person)$", re.I)
DETERMINERS = frozenset("the a an his her its their our".split())
_PARTY_TAG = re.compile(r"\(?\b([DRI])\s?[-–]\s?([A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)\)?")
_PARENS_STATE = re.compile(r"\(([A-Z][A-Za-z. ]{1,14})\)")
_PARTY_OF = re.compile(r"^(?:(?:a|the)\s+)?(?:([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)\s+)?(Democrat|Republican|Independent)s?"
                       r"(?:\s+(?:of|from)\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*)?))?")
_AFFILIATION = re.compile(r"\s+(?:of|at|from|with)\s+((?:the\s+)?[A-Z].*)$")
_OF_STATE = re.compile(r"\s+of\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)$")
_WORD = re.compile(r"[\w.'’&-]+")


@dataclass(frozen=True, slots=True)
class LabelReading:
    """What one label says: kind (person, organisation, "title" = a title or role that may
    refer to a named person, unnamed, name = one word that may be a surname or a place, or
    None = names no one), the name's parts, and its description."""

    kind: str | None
    first: str = ""
    last: str = ""
    title: str | None = None  # "Senate Majority Leader", or the role of a title or unnamed label
    party: str | None = None
    state: str | None = None
    organisation: str | None = None  # an organisation's name, or a person's ("Human Rights Watch's ...")

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}".strip()


def state_name(text: str) -> str | None:
    """The US state a spelling names ("Calif.", "CA", "N.Y", "Texas"), or None."""
    return STATES.get(text.replace(".", "").strip().lower())


def is_title_word(word: str) -> bool:
    """Whether a word is an honorific or a title ("Mr.", "Sen.", "President", "spokesman")."""
    bare = word.strip(".,’'").lower()
    return bare in HONORIFICS or bare in _EXTRA_TITLES or (bare in _nameparser_titles() and not all_caps(word))


def not_a_name(word: str) -> bool:
    """Whether a word that begins a label names no one: "Now", "Some", "We’ll", "There’s"."""
    bare = word.lower().strip(".,").replace("’", "'")
    return bare in NOT_NAMES or bare.split("'")[0] in NOT_NAMES


@lru_cache(maxsize=1)
def _nameparser_titles() -> frozenset[str]:
    from nameparser.config import CONSTANTS

    return frozenset(CONSTANTS.titles)


def apposition_tag(words: list[str]) -> str | None:
    """Whether the words between two commas describe the name before them rather than name
    someone: None when they do not; else the words themselves when they carry a party or a
    state (a party-state tag "R-Ky.", "Democrat of Illinois", "of California"), or "" for
    another description ("the Democratic leader", "President Obama's national security adviser")."""
    if not words:
        return None
    text = " ".join(words)
    first = words[0]
    if _PARTY_TAG.fullmatch(text.strip(" .")) or _PARTY_OF.match(text) and _party_of_complete(text) \
            or state_name(text) is not None or first == "of" and state_name(" ".join(words[1:])):
        return text
    if first in ("of", "the", "a", "an", "who", "whose") or first[:1].islower() or (
            any(w[:1].islower() for w in words) and words[-1].lower() in ROLE_WORDS | _EXTRA_TITLES):
        return ""
    return None


def _party_of_complete(text: str) -> bool:
    m = _PARTY_OF.match(text)
    return bool(m and (m.group(3) or m.group(1) and state_name(m.group(1))))


@lru_cache(maxsize=8192)
def read_label(label: str) -> LabelReading:
    """Take one speaker label apart (see the module's docstring)."""
    text = label.strip(" ,.;:—-")
    party = state = None
    tag = _PARTY_TAG.search(text)
    if tag and (state_name(tag.group(2)) or tag.group(0).startswith("(") or text[: tag.start()].rstrip().endswith(",")
                or tag.start() == 0):
        party, state = tag.group(1), state_name(tag.group(2))
        text = (text[: tag.start()] + text[tag.end():]).strip(" ,.")
    head, _, apposition = text.partition(",")
    head, apposition = head.strip(), apposition.strip(" ,")
    described = _PARTY_OF.match(apposition) if apposition else None
    if described and (described.group(3) or described.group(1)):
        party = party or PARTIES[described.group(2).lower()]
        state = state or state_name(described.group(3) or described.group(1) or "")
    elif apposition.startswith("of ") and state_name(apposition[3:]):
        state = state or state_name(apposition[3:])
    parens = _PARENS_STATE.search(head)
    if parens and state_name(parens.group(1)):
        state = state or state_name(parens.group(1))
        head = (head[: parens.start()] + head[parens.end():]).strip()
    whole = _PARTY_OF.match(head)  # "Republican of Ohio and the chairman of ...": a description, no name
    if whole and state_name(whole.group(3) or whole.group(1) or "") and (
            whole.end() == len(head) or head[whole.end():].startswith((" and ", " who "))):
        return LabelReading("title", title=head, party=PARTIES[whole.group(2).lower()],
                            state=state_name(whole.group(3) or whole.group(1)))
    of_state = _OF_STATE.search(head)
    if of_state and state_name(of_state.group(1)):
        state = state or state_name(of_state.group(1))
        head = head[: of_state.start()]
    if not head:  # the label was nothing but a description: "R-Texas", "Democrat of Illinois, who ..."
        role = apposition or label.strip(" ,.")
        return LabelReading("title", title=role, party=party, state=state)
    affiliation = _AFFILIATION.search(head)  # "Dr. Joneigh Khaldun of the Michigan Department of Health"
    if affiliation:
        reading = _read_head(head[: affiliation.start()], party, state)
        if reading.kind == PERSON and reading.first:
            return replace(reading, title=reading.title or affiliation.group(1), organisation=affiliation.group(1))
    return _read_head(head, party, state)


def _dateline_words(words: list[str]) -> int:
    """How many words at the front are a dateline glued to the label: "WASHINGTON Leading
    Democrats", "N.J. President Trump" (0 when there is none)."""
    caps = next((k for k, w in enumerate(words) if not all_caps(w)), 0)
    if caps and words[caps][:1].isupper() and words[caps].lower() not in ORGANISATION_WORDS and (
            sum(c.isalpha() for w in words[:caps] for c in w) >= 5 or state_name(words[caps - 1])):
        return caps
    return 0


def without_dateline(label: str) -> str:
    """The label as written, less a dateline glued to its front ("WASHINGTON Susan E. Rice" ->
    "Susan E. Rice"), so that it is text of the article."""
    words = _WORD.findall(label)
    caps = _dateline_words(words)
    if not caps:
        return label
    at = 0
    for word in words[:caps]:
        at = label.index(word, at) + len(word)
    return label[at:].lstrip(" —–-:,")


def _read_head(head: str, party: str | None, state: str | None) -> LabelReading:
    words = _WORD.findall(head)
    # a dateline glued to the front: "WASHINGTON Leading Democrats", "N.J. President Trump", "Updated Rick Santorum"
    words = words[_dateline_words(words):]
    if len(words) > 1 and words[0].lower().rstrip(":") in ("updated", "update"):
        words = words[1:]
    organisation = None
    for k, word in enumerate(words[:-1]):
        if word.endswith(("'s", "’s")) and words[k + 1][:1].isupper():  # "Human Rights Watch's Allison Des Forges"
            organisation = " ".join(words[:k] + [word[:-2]])
            words = words[k + 1:]
            break
    while words and words[0].lower() in DETERMINERS:
        words.pop(0)
    if not words or not_a_name(words[0]):
        rest = words[1:] if words else []
        if rest and rest[-1].lower() in ROLE_WORDS:  # "Other Democrats", "Some officials"
            return LabelReading(UNNAMED, title=" ".join(rest), party=party, state=state)
        return LabelReading(None)
    words = [w.removesuffix("'s").removesuffix("’s") for w in words]
    run: list[str] = []  # the name: the capitalised words at the end that are not titles
    for word in reversed(words):
        if word[:1].isupper() and (not run or not is_title_word(word)) and word.lower() not in ORGANISATION_WORDS \
                and not (run and all_caps(word) and len(word.strip(".")) > 1):
            run.insert(0, word)
        elif run and word[:1].isupper() and len(word.rstrip(".")) == 1:
            run.insert(0, word)
        else:
            break
    prefix = words[: len(words) - len(run)]
    lowered = [w.lower().strip(".") for w in words]
    if run and len(run) == 1 and is_title_word(run[0]) and not prefix:
        if run[0].lower().strip(".") in HONORIFICS | _ABBREVIATED_TITLES:
            return LabelReading(None)  # "Mr", "Rep": a bare honorific, or a title cut from its name
        return LabelReading("title", title=run[0] if all_caps(run[0]) else run[0].lower(), party=party, state=state)
    # a title before the name: a known one, "Secretary of State", a role word in lower case or an
    # abbreviation ("chief negotiator", "NFL Insider", "Browns DL") before a first and last name
    titled = bool(prefix) and (is_title_word(prefix[-1]) or len(prefix) >= 3 and prefix[-2] == "of"
                               and is_title_word(prefix[-3]) or len(run) >= 2 and (
                                   prefix[-1][:1].islower() and not not_a_name(prefix[-1]) or all_caps(prefix[-1])
                                   or len(prefix[-1]) > 4 and _AGENT_NOUN.search(prefix[-1]) is not None)
                               and prefix[-1].lower() not in ORGANISATION_WORDS)
    if any(w in ("for", "to", "with") and k and (words[k - 1][:1].islower() or words[k - 1].lower() in ROLE_WORDS)
           for k, w in enumerate(prefix)):  # "spokeswoman for Speaker Paul Ryan": not Ryan
        return LabelReading(UNNAMED, title=" ".join(words), party=party, state=state)
    if run and run[-1].lower() in ROLE_WORDS and run[-1].endswith("s") and run[-1].lower() != "press":
        return LabelReading(UNNAMED, title=" ".join(words), party=party, state=state)
    if len(words) == 1 and (state_name(words[0]) or all_caps(words[0]) and len(words[0]) >= 6 and "." not in words[0]):
        return LabelReading(None)  # a place the sentence begins with ("Ohio"), a word in capitals ("SECRET")
    if run and (not prefix or titled) and not any(all_caps(w) and len(w.strip(".")) > 1 for w in run) \
            and not (len(run) == 1 and state_name(run[0]) and not prefix):
        first, last = split_name(" ".join(run))
        kind = PERSON if (first or prefix) else NAME
        return LabelReading(kind, first, last, " ".join(prefix) or organisation, party, state, organisation)
    if lowered[-1] in ROLE_WORDS:
        plural = lowered[-1].endswith("s") and lowered[-1] not in ("press", "representatives")
        return LabelReading(UNNAMED if plural else "title", title=" ".join(words), party=party, state=state)
    if not any(w[:1].isupper() for w in words):  # "the group", "her campaign": a role, not a name
        return LabelReading(UNNAMED, title=" ".join(words), party=party, state=state)
    return LabelReading(ORGANISATION, organisation=" ".join(words), party=party, state=state)


def all_caps(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


@lru_cache(maxsize=8192)
def split_name(name: str) -> tuple[str, str]:
    """(first name, last name with particles and suffix) of a name without titles."""
    if " " not in name:
        return "", name
    from nameparser import HumanName

    parsed = HumanName(name)
    last = parsed.last or name.split()[-1]
    if parsed.middle and parsed.middle.split()[-1].lower() in ("des", "ter", "ten"):  # particles nameparser lacks
        last = f"{parsed.middle.split()[-1]} {last}"
    if parsed.suffix and parsed.suffix.rstrip(".").lower() in ("jr", "sr", "ii", "iii", "iv"):
        last = f"{last} {parsed.suffix}"
    first = parsed.first if parsed.first != last else ""
    return first, last

"""The dataclasses every stage shares.

Stages are functions from these values to these values; nothing here does work beyond
small derived properties. Values are frozen so a stage can never change what an earlier
stage produced.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping


@dataclass(frozen=True, slots=True)
class Actor:
    """Someone the event is about, with the surface forms that name them in text."""

    name: str
    forms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Source:
    """One article file as read from disk, boilerplate and all."""

    id: str
    path: Path
    name: str
    kind: str  # "text", "markdown" or "html"
    text: str  # the body after any front matter
    meta: Mapping[str, object] = field(default_factory=dict)  # front matter
    body_line: int = 1  # 1-based line of the file on which `text` starts
    warnings: tuple[str, ...] = ()

    @property
    def title(self) -> str | None:
        title = self.meta.get("title")
        return str(title) if title else None

    @property
    def published(self) -> dt.date | None:
        value = self.meta.get("published")
        return value if isinstance(value, dt.date) else None


@dataclass(frozen=True, slots=True)
class Event:
    """One news event: its description from event.yaml and its sources."""

    id: str
    path: Path
    title: str
    date: dt.date | None
    actors: tuple[Actor, ...]
    sources: tuple[Source, ...]
    config: Mapping[str, object] = field(default_factory=dict)  # the rest of event.yaml


# --- cleaning --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RemovedBlock:
    """A block of the page that is not the outlet's reporting, and why it went."""

    text: str
    reason: str
    line: int  # 1-based line in the source file


@dataclass(frozen=True, slots=True)
class Block:
    """A kept block of article text: a prose paragraph or one of the article's headings."""

    text: str
    line: int
    kind: str = "paragraph"  # or "heading"


@dataclass(frozen=True, slots=True)
class CleanText:
    """What the cleaner keeps and removes from one page."""

    blocks: tuple[Block, ...]
    removed: tuple[RemovedBlock, ...]
    metadata: Mapping[str, str] = field(default_factory=dict)  # e.g. a date line it parsed

    @property
    def paragraphs(self) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.kind == "paragraph")


# --- segmentation ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    start: int  # character offsets inside the paragraph
    end: int


@dataclass(frozen=True, slots=True)
class Paragraph:
    index: int
    text: str
    line: int
    section: str | None  # the article heading the paragraph sits under
    sentences: tuple[Sentence, ...]


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned, segmented source: what every later stage reads."""

    source: Source
    paragraphs: tuple[Paragraph, ...]
    headings: tuple[Block, ...]
    removed: tuple[RemovedBlock, ...]
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def word_count(self) -> int:
        return sum(len(p.text.split()) for p in self.paragraphs)


# --- alignment -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, order=True)
class ParagraphRef:
    source: str
    paragraph: int


@dataclass(frozen=True, slots=True)
class Alignment:
    """Two paragraphs of different sources that report the same thing.

    `evidence` names the kinds of evidence (quote, numbers, names, sentence, wording,
    corroborated: see compare/align/output.py) and `shared` the words, numbers or quotations behind
    them, so a report can show why.
    """

    a: ParagraphRef
    b: ParagraphRef
    score: float
    evidence: tuple[str, ...] = ()
    shared: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ContentUnit:
    """A cluster of aligned paragraphs across sources: one thing that is reported."""

    id: int
    members: tuple[ParagraphRef, ...]
    label: str  # a short text that says what the unit is about
    # per source, the paragraphs that report the unit: its members, and paragraphs aligned
    # with more than half of its core of other sources (see compare/align/units.py, `build_units`)
    reported_by: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(sorted({m.source for m in self.members}))

    @property
    def reporting(self) -> Mapping[str, tuple[int, ...]]:
        """`reported_by`, or for a unit made without it, its members by source."""
        if self.reported_by:
            return self.reported_by
        found: dict[str, list[int]] = {}
        for ref in self.members:
            found.setdefault(ref.source, []).append(ref.paragraph)
        return {sid: tuple(sorted(ps)) for sid, ps in sorted(found.items())}


def units_reported(units) -> dict[tuple[str, int], set[int]]:
    """Per paragraph (source id, index), the ids of the content units it reports."""
    found: dict[tuple[str, int], set[int]] = {}
    for unit in units:
        for sid, paragraphs in unit.reporting.items():
            for p in paragraphs:
                found.setdefault((sid, p), set()).add(unit.id)
    return found


class SourceSimilarity(Mapping):
    """How similar each two sources are (paragraph alignment), as a matrix over the sources
    in id order; read as a mapping {(source a, source b): value} over pairs of different
    sources, without holding a million pairs of strings for an event of a thousand."""

    __slots__ = ("sources", "values", "_index")

    def __init__(self, sources: tuple[str, ...] = (), values: tuple[tuple[float, ...], ...] = ()) -> None:
        self.sources = tuple(sources)
        self.values = tuple(values)  # values[i][j]: sources[i] against sources[j]; 1.0 on the diagonal
        self._index = {sid: k for k, sid in enumerate(self.sources)}

    def __getitem__(self, pair: tuple[str, str]) -> float:
        a, b = pair
        if a == b or a not in self._index or b not in self._index:
            raise KeyError(pair)
        return self.values[self._index[a]][self._index[b]]

    def __iter__(self):
        return ((a, b) for a in self.sources for b in self.sources if a != b)

    def __len__(self) -> int:
        return len(self.sources) * (len(self.sources) - 1)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SourceSimilarity):
            return self.sources == other.sources and self.values == other.values
        return Mapping.__eq__(self, other)

    def __repr__(self) -> str:
        return f"SourceSimilarity({self.sources!r}, {self.values!r})"


@dataclass(frozen=True, slots=True)
class AlignmentResult:
    alignments: tuple[Alignment, ...]  # each paragraph's strongest (see compare/align/decision.py, `listed`)
    units: tuple[ContentUnit, ...]
    similarity: Mapping[tuple[str, str], float]  # source-pair similarity for the heatmap (a SourceSimilarity)
    # how many pairs of paragraphs are aligned: "listed" (alignments), "implied" (report one
    # unit), "total" (either); see compare/align/units.py, `aligned_pair_counts`
    pair_counts: Mapping[str, int] = field(default_factory=dict)


# --- scoring ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SentenceScore:
    paragraph: int
    sentence: int
    sentiment: float
    voice: str  # "own" or "quote"
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class ParagraphScore:
    index: int
    sentiment: float
    own_sentiment: float | None
    quote_sentiment: float | None
    frames: Mapping[str, float]
    frame_cues: Mapping[str, tuple[str, ...]]
    # how clear the frame profile is, in [0, 1] (compare.score.frames.frame_confidence; with a
    # `train-frames` model, the margin between its two most probable frames)
    frame_confidence: float = 0.0


@dataclass(frozen=True, slots=True)
class ActorScore:
    actor: str
    mentions: int
    sentiment: float | None
    own_sentiment: float | None
    quote_sentiment: float | None
    own_mentions: int = 0
    quote_mentions: int = 0
    # target-aware readings: how many sentences read negative / neutral / positive toward the actor
    negative: int = 0
    neutral: int = 0
    positive: int = 0
    vader_sentiment: float | None = None  # VADER of the voiced spans that name the actor, for comparison
    # sentiment toward the actor in the quoted words of each speaker: speaker -> (sentences, mean)
    by_speaker: Mapping[str, tuple[int, float | None]] = field(default_factory=dict)
    # every reading, for tracing a figure back to its sentence: (paragraph, sentence, voice, speaker, score, lean)
    readings: tuple[tuple[int, int, str, str | None, float, float], ...] = ()
    # the model's leaning, p(positive) - p(negative), averaged like `sentiment` but never snapped to 0
    lean: float | None = None


@dataclass(frozen=True, slots=True)
class Quote:
    """Quoted or reported speech and who says it, where the text names the speaker."""

    paragraph: int
    text: str
    speaker: str | None
    actor: str | None  # the event actor the speaker belongs to, if any
    direct: bool  # inside quotation marks, rather than reported speech
    sentiment: float | None = None  # VADER score of the quoted or reported words
    label: str | None = None  # the speaker as the text names them; `speaker` is who that is (compare/speakers.py)


@dataclass(frozen=True, slots=True)
class Speaker:
    """Who is quoted (compare/speakers.py): a person, an organisation or an unnamed role."""

    name: str  # canonical: "Mitch McConnell"; an organisation's name; an unnamed speaker's role ("officials")
    kind: str  # "person", "organisation", "unnamed" or "name" (one word: a surname or a place)
    party: str | None = None  # "D", "R" or "I", from a party-state tag ("R-Ky.", "Democrat of Ohio")
    state: str | None = None  # the US state of a party-state tag
    title: str | None = None  # "Senate Majority Leader"
    actor: str | None = None  # the event actor the speaker belongs to
    labels: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # per source: the labels it uses
    words: Mapping[str, int] = field(default_factory=dict)  # per source: quoted words (event level)


@dataclass(frozen=True, slots=True)
class LoadedMarkers:
    """One kind of loaded-language marker in an article: how often, and which words."""

    count: int
    per_1000_words: float
    words: Mapping[str, int]  # word -> times, most frequent first


@dataclass(frozen=True, slots=True)
class ArticleScores:
    source: str
    sentiment: float
    own_sentiment: float | None
    quote_sentiment: float | None
    frames: Mapping[str, float]
    paragraphs: tuple[ParagraphScore, ...]
    sentences: tuple[SentenceScore, ...]
    actors: tuple[ActorScore, ...]
    quotes: tuple[Quote, ...]
    loaded: Mapping[str, LoadedMarkers] = field(default_factory=dict)  # per marker kind (compare/score/loaded.py)
    frame_method: str = "lexicon"  # or "model" (a `train-frames` classifier)
    frame_confidence: float = 0.0  # as ParagraphScore.frame_confidence, over the source's pooled profile
    actor_method: str = "model"  # "model" (target-aware) or "vader"
    # per speaker (the actor it maps to, else the name as written): quotes and their mean VADER score
    speaker_sentiment: Mapping[str, tuple[int, float | None]] = field(default_factory=dict)
    speakers: tuple[Speaker, ...] = ()  # who the quotes' labels name, in order of first quote


# --- comparison ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Claim:
    source: str
    paragraph: int
    value: str
    text: str  # the words the value was read from


@dataclass(frozen=True, slots=True)
class Conflict:
    kind: str  # "date", "weekday", "number"
    about: str  # what the competing values describe
    claims: tuple[Claim, ...]
    note: str = ""

    @property
    def tally(self) -> tuple[tuple[str, int], ...]:
        """Each value in dispute with the number of sources that state it, most stated first."""
        sources: dict[str, set[str]] = {}
        for claim in self.claims:
            sources.setdefault(claim.value, set()).add(claim.source)
        return tuple(sorted(((value, len(who)) for value, who in sources.items()), key=lambda vc: (-vc[1], vc[0])))


@dataclass(frozen=True, slots=True)
class ComparedPair:
    """Two aligned paragraphs read word by word: the words each uses that the other does not,
    and the words one puts where the other says it otherwise (see compare/score/wording.py)."""

    a: ParagraphRef
    b: ParagraphRef
    score: float
    evidence: tuple[str, ...]  # the alignment's evidence kinds
    unit: int | None  # the content unit both report, if any
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]
    substitutions: tuple[tuple[str, str], ...]
    shared: tuple[str, ...] = ()  # the alignment's shared words, numbers or quotations


@dataclass(frozen=True, slots=True)
class DistinctiveWord:
    """A word a source uses more than the rest of the event (see compare/score/wording.py)."""

    word: str
    z: float  # log-odds ratio with an informative Dirichlet prior, as a z-score
    count: int  # times the source uses it
    significant: bool  # z >= 1.96


@dataclass(frozen=True, slots=True)
class WordChoice:
    """The event's word-choice evidence, read on a bounded number of aligned pairs per content
    unit (never one diff per alignment: pairs grow with the square of the outlets)."""

    pairs: tuple[ComparedPair, ...]  # a few per unit, taken in turn across units (strongest first in each)
    by_sources: Mapping[tuple[str, str], tuple[tuple[str, str, int], ...]]  # substitutions counted per pair of sources
    distinctive: Mapping[str, tuple[DistinctiveWord, ...]]  # per source, strongest first


@dataclass(frozen=True, slots=True)
class Emphasis:
    """Where a source places the content it shares with others (0 = first paragraph, 1 = last)."""

    shift: float | None  # mean |own position - the others' mean position| over shared units
    mean_position_of_shared: float | None
    leads_with: tuple[int, ...]  # units it puts in its lead that the others put in their second half
    buries: tuple[int, ...]  # units it puts in its second half that the others lead with


@dataclass(frozen=True, slots=True)
class SpeakerVoice:
    """One speaker a source quotes (or UNATTRIBUTED quotations), and how much it quotes them."""

    speaker: str
    actor: str | None  # the event actor the speaker belongs to, if any
    quotes: int
    words: int  # quoted words
    direct: int  # quotes inside quotation marks
    paragraphs: tuple[int, ...]  # in the order they first quote the speaker
    kind: str = "person"  # as `Speaker.kind`; "unattributed" for UNATTRIBUTED
    labels: tuple[str, ...] = ()  # how this source names the speaker
    party: str | None = None
    state: str | None = None


@dataclass(frozen=True, slots=True)
class Voices:
    """Who speaks in a source."""

    speakers: tuple[SpeakerVoice, ...]  # most quoted words first
    sides: Mapping[str, float]  # share of attributed quoted words per actor (or other speakers)
    quoted_words: int


@dataclass(frozen=True, slots=True)
class SideBySide:
    """Two articles aligned for `source-compare align`: each aligned pair read word by word,
    and the paragraphs of each that align with nothing."""

    left: Article
    right: Article
    pairs: tuple[ComparedPair, ...]  # a = left, b = right; in the left article's order
    unaligned: Mapping[str, tuple[int, ...]]  # per article id


@dataclass(frozen=True, slots=True)
class SourceMetrics:
    source: str
    coverage: float | None
    covered_units: tuple[int, ...]
    omitted_units: tuple[int, ...]
    unique_paragraphs: tuple[int, ...]
    unique_share: float
    sentiment: float
    sentiment_gap: float  # this source minus the mean of the others
    frame_distance: float  # Jensen-Shannon distance to the others' mean profile
    divergence: float
    drivers: tuple[str, ...]  # the factors that drive `divergence`, largest first (at most three)
    factors: Mapping[str, float]  # each factor of `divergence`, in [0, 1] (compare.divergence.FACTOR_DEFINITIONS)
    contributions: Mapping[str, float]  # each factor times its weight: they sum to `divergence`
    reasons: tuple[str, ...]  # plain sentences for the factors that weigh most, largest first
    aligned_sentiment_gap: float | None  # mean gap to the aligned paragraphs' sentiment; None when none is aligned
    actor_sentiment_gaps: Mapping[str, float]  # per actor: this source's sentiment toward it minus the others' mean
    emphasis: Emphasis
    voices: Voices
    voice_distance: float | None  # Jensen-Shannon distance of `voices.sides` to the others' mean


@dataclass(frozen=True, slots=True)
class EventReport:
    """Everything the renderers need; they read it and never compute."""

    event: Event
    articles: tuple[Article, ...]
    alignment: AlignmentResult
    scores: Mapping[str, ArticleScores]
    metrics: Mapping[str, SourceMetrics]
    conflicts: tuple[Conflict, ...]
    word_choice: WordChoice | None = None
    actors: tuple[Actor, ...] = ()  # the actors the scores are about
    actors_from: str = "event.yaml"  # or "recurring names" (found in the text when event.yaml lists none)
    speakers: tuple[Speaker, ...] = ()  # everyone quoted, merged across sources, most quoted words first


# --- the CI gate -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem `check` found with a source: which rule, how bad, and how to fix it."""

    source: str
    rule: str
    severity: str  # "error" or "warning"
    message: str
    path: str = ""
    line: int = 1
    event: str = ""  # the id of the event the source belongs to

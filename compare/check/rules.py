"""The rules of the gate: each method of `Rules` adds findings for the sources it is given.

Per file: unreadable files, encoding. Per article: length (`empty`, `too-short`),
boilerplate residue, front matter (`metadata`). Over the event's sources together:
`date-window`, `language`, `duplicate` and `off-topic` (membership scores, with the
aligner's paragraph pairs deciding doubtful and borderline cases).
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import EVENT_FILE, SourceProblem, display_path
from ..model import Article, Event, Finding, Source
from ..settings import Settings
from .config import CheckConfig
from .language import KNOWN_LANGUAGES, LanguageGuess, detect_language, language_name, same_language
from .membership import Copy, Membership, TextProfile, article_names, key_names, memberships, sources_using, surface_words, telling_terms, term_weights
from .residue import residue_kind

RESCUE_FLOOR = 0.6  # a borderline source (score >= this share of the threshold) passes if it shares a quotation
MAX_ALIGNED_SUSPECTS = 6  # sources whose paragraphs are aligned with their closest sources' (speed)
MAX_EXPLAINED = 3  # with this many off-topic candidates or fewer, every message shows the paragraph view
MIN_PARAGRAPHS_UNALIGNED = 3  # a doubtful source needs this many paragraphs for "none aligns" to count
# A short article below the off-topic bar is an error, not a warning, when no paragraph of it
# aligns and it either names none of the event's key names or scores under this share of the
# threshold. On BASIL dev, 40-75-word ledes of unrelated events score <= 0.14 and the
# outlets' own ledes of the event >= 0.29 (bench/check.py, part 1b).
SHORT_CLEAR = 0.5

_MOJIBAKE = re.compile(r"Ã[\u0080-\u00bf]|â€[\u0080-\u00bf\u2122\u0153\u201c\u201d\u2018\u2019\u2022\u2013\u2014\u02dc\u0161]|Â[\u00a0-\u00bf]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Rules:
    """The rules for one event; each method adds findings for the sources it is given."""

    def __init__(self, event: Event, config: CheckConfig, settings: Settings):
        self.event = event
        self.config = config
        self.settings = settings
        self.found: list[Finding] = []
        self._front_matter_lines: dict[Path, dict[str, int]] = {}
        self._languages: dict[str, LanguageGuess] = {}

    def add(self, source_id: str, path: Path, rule: str, severity: str, line: int, text: str) -> None:
        severity = self.config.severity_of(rule, severity)
        if severity == "off" or self.config.waived(source_id, rule):
            return
        where = display_path(path)
        self.found.append(Finding(source_id, rule, severity, f"{where}:{line}: {text}", where, line, self.event.id))

    def finished(self) -> list[Finding]:
        """The findings, each once: by source, errors before warnings, then by line."""
        unique = {(f.source, f.severity != "error", f.line, f.rule, f.message): f for f in self.found}
        return [unique[k] for k in sorted(unique)]

    # --- reading the file ------------------------------------------------------------

    def add_problem(self, problem: SourceProblem) -> None:
        severity = "error"  # the file could not be read as an article at all
        self.add(problem.path.stem, problem.path, problem.rule, severity, problem.line, problem.message)

    def source_encoding(self, source: Source) -> None:
        for warning in source.warnings:
            line = re.search(r"\(line (\d+)\)", warning)
            self.add(source.id, source.path, "encoding", "warning", int(line.group(1)) if line else 1, warning)
        invalid_utf8 = any("invalid UTF-8" in w for w in source.warnings)
        for line_no, line in enumerate(source.text.split("\n"), start=source.body_line):
            mojibake = _MOJIBAKE.search(line)
            if mojibake:
                self.add(source.id, source.path, "encoding", "warning", line_no,
                         f"{mojibake.group(0)!r} looks like UTF-8 text that was decoded as Windows-1252 (mojibake); "
                         "copy the article again from the page, or re-save the original as UTF-8")
                break
            if "\ufffd" in line and not invalid_utf8:
                self.add(source.id, source.path, "encoding", "warning", line_no,
                         "has replacement characters (\ufffd) where an earlier conversion lost letters; "
                         "copy the article again from the page")
                break
            control = _CONTROL.search(line)
            if control:
                self.add(source.id, source.path, "encoding", "warning", line_no,
                         f"has a control character (U+{ord(control.group(0)):04X}) that is not text; delete it")
                break

    # --- one article at a time ---------------------------------------------------------

    def length(self, article: Article) -> None:
        line = article.paragraphs[0].line if article.paragraphs else article.source.body_line
        if not article.paragraphs:
            removed = len(article.removed)
            self.add(article.id, article.source.path, "empty", "error", article.source.body_line,
                     f"nothing is left after boilerplate removal ({removed} block{'s' if removed != 1 else ''} removed); "
                     "paste the article text, not only the page around it, or keep lines with event.yaml clean: keep:")
        elif article.word_count < self.config.min_words:
            self.add(article.id, article.source.path, "too-short", "warning", line,
                     f"only {article.word_count} words of article text (at least {self.config.min_words} expected); "
                     "check that the paste is complete")

    def boilerplate_residue(self, article: Article) -> None:
        reported = 0
        kept = sorted([(p.line, p.text) for p in article.paragraphs] + [(h.line, h.text) for h in article.headings])
        for first_line, text in kept:  # paragraphs and the headings kept with them
            for offset, line in enumerate(text.split("\n")):
                kind = residue_kind(line)
                if kind and reported < 3:
                    reported += 1
                    shown = line.strip() if len(line.strip()) <= 60 else line.strip()[:57] + "..."
                    self.add(article.id, article.source.path, "boilerplate-residue", "warning", first_line + offset,
                             f"{shown!r} looks like {kind}, not article text; delete the line, or add it to "
                             "event.yaml clean: drop: so every run removes it")

    def metadata(self, article: Article) -> None:
        source = article.source
        known = (*FRONT_MATTER_CHECKS, "clean", *self.config.require)
        for key in source.meta:
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.75) if key not in known else []
            if close:
                self.add(article.id, source.path, "metadata", "warning", self._meta_line(source, key),
                         f"front matter key {key!r} is not one source-compare reads; did you mean {close[0]!r}?")
        for key in self.config.require:
            value = source.meta.get(key)
            if value is None and key == "published":
                value = _page_date(article)
            if value is None or (isinstance(value, str) and not value.strip()):
                example = {"published": "2025-03-17", "url": "https://...", "source": "Outlet name",
                           "title": "Headline as published"}.get(key, "...")
                where = "at the top of the file" if source.kind != "html" else "(a .html page cannot carry front matter; save it as .md with front matter)"
                self.add(article.id, source.path, "metadata", "error", 1,
                         f"front matter has no {key!r}, which this event requires (check: require: in event.yaml); "
                         f"add '{key}: {example}' between --- lines {where}")
        for key in FRONT_MATTER_CHECKS:
            if key in source.meta:
                problem = FRONT_MATTER_CHECKS[key](source.meta[key])
                if problem:
                    # an address a browser would run or open locally (javascript:, data:, file:) is
                    # never a source's web address, whatever the event requires
                    active = key == "url" and _LIVE_SCHEME.match(str(source.meta[key]).strip())
                    severity = "error" if key in self.config.require or active else "warning"
                    self.add(article.id, source.path, "metadata", severity, self._meta_line(source, key),
                             f"front matter {key}: {problem}")

    def _meta_line(self, source: Source, key: str) -> int:
        if source.path not in self._front_matter_lines:
            lines = {}
            try:
                head = source.path.read_text(encoding="utf-8", errors="replace").split("\n")[: max(1, source.body_line)]
            except OSError:
                head = []
            for number, line in enumerate(head, start=1):
                match = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
                if match:
                    lines.setdefault(match.group(1), number)
            self._front_matter_lines[source.path] = lines
        return self._front_matter_lines[source.path].get(key, 1)

    # --- the event's sources together ------------------------------------------------

    def date_window(self, articles: list[Article], chosen: list[Article]) -> None:
        dates = {a.id: _published(a) for a in articles}
        if self.event.date is not None:
            event_date, named = self.event.date, f"the event date {self.event.date.isoformat()} (event.yaml date)"
        else:
            known = sorted(d for d in dates.values() if d is not None)
            if len(known) < 2:
                return
            event_date = known[(len(known) - 1) // 2]
            named = f"the sources' median date {event_date.isoformat()} (set date: in event.yaml to fix it)"
        for article in chosen:
            published = dates[article.id]
            if published is None:
                continue
            gap = abs((published - event_date).days)
            if gap > self.config.max_days:
                self.add(article.id, article.source.path, "date-window", "warning",
                         self._meta_line(article.source, "published") if "published" in article.source.meta else 1,
                         f"published {published.isoformat()}, {gap} days from {named}, more than the "
                         f"{self.config.max_days} days allowed (check: max_days); if it reports this event, fix "
                         "published:, otherwise move it to the event it reports")

    def _guesses(self, articles: list[Article]) -> dict[str, LanguageGuess]:
        missing = [a for a in articles if a.id not in self._languages]
        for article in missing:
            self._languages[article.id] = detect_language("\n".join(p.text for p in article.paragraphs))
        return {a.id: self._languages[a.id] for a in articles}

    def _majority_language(self, articles: list[Article]) -> str | None:
        votes = Counter(g.code for g in self._guesses(articles).values() if g.code)
        return min(votes, key=lambda c: (-votes[c], c)) if votes else None

    def language(self, articles: list[Article], chosen: list[Article]) -> None:
        guesses = self._guesses(articles)
        if self.config.language is not None and self.config.language not in KNOWN_LANGUAGES:
            return  # a language the detector cannot recognise: nothing to hold a source to
        corpus = self.config.language
        how = "set in " + ("event.yaml" if any(o.endswith(EVENT_FILE) for o in self.config.origin) else "pyproject.toml")
        if corpus is None:
            votes = Counter(g.code for g in guesses.values() if g.code)
            if not votes:
                return
            corpus, count = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))
            if count * 2 <= len(articles):
                return  # no majority language: nothing to hold a source to
            how = f"the language of {count} of {len(articles)} sources; set language: in event.yaml to fix it"
        for article in chosen:
            guess = guesses[article.id]
            if guess.code and not same_language(guess.code, corpus):
                line = article.paragraphs[0].line if article.paragraphs else article.source.body_line
                self.add(article.id, article.source.path, "language", "error", line,
                         f"written in {guess.name} ({guess.code}), not in the corpus language "
                         f"{language_name(corpus)} ({corpus}, {how}); add the article in {language_name(corpus)} "
                         "or file it in a corpus of its language")

    def duplicates(self, articles: list[Article], pairs: list[Copy], chosen: set[str]) -> None:
        by_id = {a.id: a for a in articles}
        for pair in pairs:
            flagged, other = self._copy_to_flag(pair, by_id, chosen)
            if flagged not in chosen:
                continue
            article = by_id[flagged]
            paragraph = pair.first_paragraph if flagged == pair.shorter else 0
            line = article.paragraphs[paragraph].line if article.paragraphs else article.source.body_line
            self.add(flagged, article.source.path, "duplicate", "warning", line,
                     f"near copy of {other} ({display_path(by_id[other].source.path)}): {pair.copied:.0%} of the "
                     f"wording of {pair.shorter} also appears in {pair.longer}; a wire story run by two outlets "
                     f"counts the same reporting twice, so keep one of them, or waive the rule for {flagged} "
                     "(check: waive:) if the comparison should include both")

    @staticmethod
    def _copy_to_flag(pair: Copy, by_id: dict[str, Article], chosen: set[str]) -> tuple[str, str]:
        """The source of a copying pair that gets the finding: the one being checked if only one
        is, else the later published (the copy), else the later in name order."""
        a, b = sorted((pair.shorter, pair.longer))
        if (a in chosen) != (b in chosen):
            return (a, b) if a in chosen else (b, a)
        da, db = _published(by_id[a]), _published(by_id[b])
        if da and db and da != db:
            return (a, b) if da > db else (b, a)
        return b, a

    def off_topic(self, articles: list[Article], texts: dict[str, TextProfile], pairs: list[Copy],
                  chosen: set[str]) -> None:
        corpus = self.config.language or self._majority_language(articles) or "en"
        guesses = self._guesses(articles)
        # a source in another language has its own finding; its words cannot be compared
        texts = {sid: t for sid, t in texts.items() if guesses[sid].code is None or same_language(guesses[sid].code, corpus)}
        articles = [a for a in articles if a.id in texts]
        background = corpus == "en"
        copying = frozenset(frozenset((p.shorter, p.longer)) for p in pairs)
        scores = memberships(texts, background, copying)
        threshold, floor = self.config.offtopic_threshold, self.config.offtopic_min_support
        doubt = max(threshold, self.config.offtopic_unaligned_threshold)

        def verdict(member: Membership) -> str | None:
            if member.score < threshold or member.support < floor:
                return "low"  # off-topic, unless borderline and a shared quotation says otherwise
            if member.score < doubt:
                return "doubtful"  # off-topic only if none of its paragraphs aligns with its closest sources
            return None

        candidates = {sid: verdict(scores[sid]) for sid in sorted(chosen) if sid in scores}
        candidates = {sid: v for sid, v in candidates.items() if v is not None}
        if not candidates:
            return
        by_id = {a.id: a for a in articles}
        # the aligner's paragraph pairs decide the doubtful and the borderline cases, and explain
        # the clear ones when there are few; it runs on a bounded number of sources, so a folder
        # of unrelated articles stays fast (a doubtful source left unaligned passes)
        deciding = sorted((sid for sid, v in candidates.items()
                           if v == "doubtful" or _borderline(scores[sid], threshold, floor)),
                          key=lambda sid: (candidates[sid] != "low", scores[sid].score, sid))
        aligned = set(deciding[:MAX_ALIGNED_SUSPECTS])
        if len(candidates) <= MAX_EXPLAINED:
            aligned |= set(candidates)
        # a short article is judged by what it names and whether any paragraph aligns, since
        # its few words make the membership score unreliable either way
        short = sorted(sid for sid in candidates if by_id[sid].word_count < self.config.min_words)
        aligned |= set(short[:MAX_ALIGNED_SUSPECTS])
        named = {a.id: article_names(a) for a in articles} if short else {}
        words = surface_words(texts)
        weights = term_weights({sid: t.stems for sid, t in texts.items()}, background)
        using = sources_using(texts)
        for sid, kind in candidates.items():
            member = scores[sid]
            evidence = None
            if sid in aligned:
                evidence = _alignment_evidence(by_id[sid], [by_id[o] for o, _ in member.nearest], self.settings)
            if kind == "doubtful" and (evidence is None or evidence.aligned or evidence.paragraphs < MIN_PARAGRAPHS_UNALIGNED):
                continue
            if kind == "low" and _borderline(member, threshold, floor) and evidence is not None and evidence.quotes:
                continue  # borderline, but it repeats a quotation another source carries: same story
            unrelated = None
            if sid in named and evidence is not None and not evidence.aligned:
                if not named[sid] & key_names(sid, named):
                    unrelated = "it names none of the names most of the other sources use"
                elif member.score < SHORT_CLEAR * threshold:
                    unrelated = f"its membership is under half of {threshold:.2f}, which no few words explain"
            self._report_off_topic(by_id[sid], member, kind, evidence, texts, weights, using, words, unrelated)

    def _report_off_topic(self, article: Article, member: Membership, kind: str, evidence: "_AlignmentEvidence | None",
                          texts: dict[str, TextProfile], weights: dict[str, float], using: Counter[str],
                          words: dict[str, str], unrelated: str | None = None) -> None:
        """An off-topic finding: an error, or a warning for a short article (too few words to
        judge) unless `unrelated` says why it is off-topic all the same (no paragraph aligns, and
        it names none of the event's key names or its membership is far below the bar)."""
        threshold, floor = self.config.offtopic_threshold, self.config.offtopic_min_support
        shared_terms, missing_terms = telling_terms(member, texts, weights, using)
        shared = [words.get(t, t) for t in shared_terms]
        missing = [words.get(t, t) for t in missing_terms]
        nearest = ", ".join(f"{o} {s:.2f}" for o, s in member.nearest) or "none"
        line = article.paragraphs[0].line if article.paragraphs else article.source.body_line
        short = article.word_count < self.config.min_words
        if member.score < threshold:
            measure = (f"membership {member.score:.2f} (below {threshold:.2f}; similarity to the closest sources "
                       f"{nearest}, while the event's sources typically reach {member.typical:.2f} with theirs)")
        elif kind == "low":
            measure = (f"similarity to the closest sources {nearest}: half of the others reach less than "
                       f"{floor:.2f} (the other sources do not resemble each other either: does this folder hold one event?)")
        else:
            measure = (f"membership {member.score:.2f} is low (below {self.config.offtopic_unaligned_threshold:.2f}; "
                       f"similarity to the closest sources {nearest}) and no paragraph of it reports what a paragraph "
                       "of theirs reports")
        if unrelated:
            measure += f"; {unrelated}"
        self.add(article.id, article.source.path, "off-topic", "warning" if short and not unrelated else "error", line,
                 f"does not report what the other sources report: {measure}; "
                 + (f"{evidence.describe()}; " if evidence else "")
                 + (f"it lacks words most of them use ({', '.join(missing)})" if missing else "")
                 + (f"{' and' if missing else 'it'} shares only {', '.join(shared)} with them" if shared else "")
                 + "; move it to the event it reports, or remove it"
                 + (" (it is also too short to judge well)" if short and not unrelated else ""))


def _borderline(member: Membership, threshold: float, floor: float) -> bool:
    """Close enough to the bar that a shared quotation may show it reports the same story."""
    return member.score >= RESCUE_FLOOR * threshold and member.support >= RESCUE_FLOOR * floor


@dataclass(frozen=True, slots=True)
class _AlignmentEvidence:
    paragraphs: int
    aligned: int
    quotes: int
    best: tuple[str, int, int, float] | None = None  # other source, its paragraph, this paragraph, score
    partners: tuple[str, ...] = field(default_factory=tuple)

    def describe(self) -> str:
        if not self.aligned:
            return f"none of its {self.paragraphs} paragraphs aligns with a paragraph of its closest sources"
        other, theirs, ours, score = self.best
        return (f"{self.aligned} of its {self.paragraphs} paragraphs align with its closest sources "
                f"(best: its paragraph {ours + 1} with {other} paragraph {theirs + 1}, score {score:.2f})")


def _alignment_evidence(article: Article, nearest: list[Article], settings: Settings) -> _AlignmentEvidence:
    """What the aligner finds between a suspect and its closest sources (the paragraph-level
    view behind the article-level score), for the message and the borderline rescue."""
    from ..align import align_articles

    if not nearest or not article.paragraphs:
        return _AlignmentEvidence(len(article.paragraphs), 0, 0)
    result = align_articles([article, *nearest], settings)
    aligned: set[int] = set()
    quotes = 0
    best = None
    partners = set()
    for al in result.alignments:
        if article.id not in (al.a.source, al.b.source):
            continue
        ours, theirs = (al.a, al.b) if al.a.source == article.id else (al.b, al.a)
        aligned.add(ours.paragraph)
        partners.add(theirs.source)
        quotes += "quote" in al.evidence
        if best is None or al.score > best[3]:
            best = (theirs.source, theirs.paragraph, ours.paragraph, al.score)
    return _AlignmentEvidence(len(article.paragraphs), len(aligned), quotes, best, tuple(sorted(partners)))


def _published(article: Article) -> dt.date | None:
    return article.source.published or _page_date(article)


def _page_date(article: Article) -> dt.date | None:
    """A date the cleaner read off the page (a "Published 2025-03-17" line), if any."""
    for key in ("published", "date"):
        value = article.metadata.get(key)
        if value:
            try:
                return dt.date.fromisoformat(str(value)[:10])
            except ValueError:
                continue
    return None


# --- front-matter values ---------------------------------------------------------------



def _check_published(value: object) -> str | None:
    if isinstance(value, dt.date):
        return None
    text = str(value).strip()
    try:
        dt.date.fromisoformat(text[:10])
        return None
    except ValueError:
        return f"expected a date like 2025-03-17, found {value!r}; write the date the article was published"


_LIVE_SCHEME = re.compile(r"^\s*(?!https?:)[a-z][a-z0-9+.-]*:", re.I)  # a scheme other than http(s)


def _check_url(value: object) -> str | None:
    text = str(value).strip()
    if re.match(r"^https?://[^\s/]+\.[^\s]+$", text):
        return None
    return f"expected the article's web address (https://...), found {value!r}"


def _check_text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None
    return f"expected text, found {value!r}"


FRONT_MATTER_CHECKS = {"published": _check_published, "url": _check_url, "source": _check_text, "title": _check_text}

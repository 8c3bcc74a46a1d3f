"""How far the scores can be trusted: sentiment toward targets, by voice, and loaded language.

Usage: python bench/scoring.py [--part basil|newsmtsc|speed|all] [--folds 5]

basil     BASIL dev (../shared/data/basil-dev/gold-dev.json): for each phrase annotated as
          biased with a polarity (neg/pos) toward a target, does the sign of our score agree?
          Ours: the actor- and voice-aware reading of `score_article` (the target model's
          reading of the sentence toward the annotated target, in the voice the phrase sits
          in; where the sentence does not name the target, VADER of the voiced span holding the
          phrase). Baseline: VADER's compound score of the whole sentence. A score of exactly 0
          counts as disagreement for both. Figures pooled, for own voice and quotes apart (the
          annotated quote flag), and per event, with the spread between events. Also: recall of
          the annotated lexical-bias phrases by the loaded-language markers, against VADER's
          lexicon as baseline, and how much denser markers are inside those phrases than outside.
newsmtsc  NewsMTSC training split (../shared/data/newsmtsc-train/): the maintainers'
          measurement of target sentiment, on a grouped cross-validation split: a model is
          trained on 4/5 of the sentences (scripts/train_target_sentiment.py), the rest go
          through `score_jsonl` (what `score --jsonl` runs) as {"id", "text", "actors":
          {NAME: [mention]}}, and actors.NAME.sentiment is read as negative (< 0), neutral
          (= 0) or positive (> 0). Baseline: the whole-text VADER score (`sentiment`, ±0.05).
speed     `score --jsonl` throughput after start-up, and the time scoring adds to `report`
          on the seed event.

Data folders that are absent are skipped with a message.
"""
from __future__ import annotations

import argparse
import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import NamedTuple

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
DATA = REPO.parent / "shared" / "data"
BASIL = DATA / "basil-dev" / "gold-dev.json"
NEWSMTSC = DATA / "newsmtsc-train" / "train.jsonl"
SEED = REPO / "corpus" / "rwanda-belgium-2025"
GENERIC = frozenset("state house senate department republican republicans democratic officials lawmakers "
                    "administration companies media social white".split())


# --- BASIL ---------------------------------------------------------------------------------

def target_actor(target: str):
    """An actor for an annotated target: 'Donald_Trump' -> Donald Trump, Trump."""
    from compare.model import Actor

    name = target.replace("_", " ").strip()
    words = name.split()
    forms = [name]
    capitals = [w.removesuffix("'s").removesuffix("’s") for w in words if w[:1].isupper()]
    if capitals and capitals[-1].lower() not in GENERIC:
        forms.append(capitals[-1])
    return Actor(name, tuple(dict.fromkeys(forms)))


def basil_article(event_id: str, source: str, paragraphs: list[str]):
    from compare.model import Block, CleanText, Source
    from compare.segment import segment

    blocks = tuple(Block(p, 1) for p in paragraphs)
    return segment(Source(id=source, path=Path(f"{event_id}/{source}.txt"), name=source, kind="text", text=""),
                   CleanText(blocks, ()))


class Row(NamedTuple):
    event: str
    quote: bool
    polarity: str
    score: float  # ours, the reported value
    lean: float  # ours, the model's leaning
    vader: float  # whole-sentence VADER
    named: bool  # the sentence names (or refers to) the target


def agreement(rows: list[Row], value, ties: bool = False) -> float:
    """Share of rows whose value's sign is the annotated polarity (a 0 counts 0, or 1/2 with `ties`)."""
    if not rows:
        return float("nan")
    credit = sum(1.0 if sign_agrees(value(r), r.polarity) else 0.5 if ties and value(r) == 0 else 0.0 for r in rows)
    return credit / len(rows)


def sign_agrees(value: float | None, polarity: str) -> bool:
    return value is not None and ((value < 0 and polarity == "neg") or (value > 0 and polarity == "pos"))


def basil(args) -> None:
    if not BASIL.is_file():
        print(f"basil: skipped, {BASIL} is absent")
        return
    from compare.score import score_article
    from compare.score.loaded import load_markers
    from compare.score.sentiment import sentence_sentiment, word_valences
    from compare.score.voices import voiced_spans

    gold = json.loads(BASIL.read_text(encoding="utf-8"))
    rows: list[Row] = []
    voices_found: Counter = Counter()  # (annotated as a quote, found in quoted or reported speech)
    lexical = []  # (phrase text, paragraph text)
    for event_id, event in sorted(gold["events"].items()):
        phrases = [p for p in event["phrases"] if p["paragraph"] is not None]
        actors = tuple(target_actor(t) for t in sorted({p["target"] for p in phrases}))
        by_name = {a.name: a for a in actors}
        for source, info in sorted(event["sources"].items()):
            mine = [p for p in phrases if p["source"] == source]
            if not mine:
                continue
            article = basil_article(event_id, source, info["paragraphs"])
            scores = score_article(article, actors)
            readings = {a.actor: a.readings for a in scores.actors}
            spans_of = {}
            previous = None
            for paragraph in article.paragraphs:  # the voices score_article saw, for the fallback
                spans = voiced_spans(paragraph.text, paragraph.sentences, previous)
                spans_of[paragraph.index] = spans
                speakers = [s.speaker for s in spans if s.voice == "quote" and s.speaker]
                previous = speakers[-1] if speakers else (None if not any(s.voice == "quote" for s in spans) else previous)
            for p in mine:
                paragraph = article.paragraphs[p["paragraph"]]
                if p["bias"] == "lex":
                    lexical.append((p["txt"], paragraph.text))
                if p["polarity"] not in ("neg", "pos"):
                    continue
                start = p["char"] if p["char"] is not None else max(0, paragraph.text.find(p["txt"]))
                at = start + len(p["txt"]) // 2  # the middle of the phrase: its opening quote mark is outside the quote
                k, sentence = next(((k, s) for k, s in enumerate(paragraph.sentences) if s.start <= at < s.end + 1),
                                   (len(paragraph.sentences) - 1, paragraph.sentences[-1]))
                span = next((s for s in spans_of[paragraph.index] if s.start <= at < s.end), None)
                voice = span.voice if span else "own"
                actor = by_name[target_actor(p["target"]).name]
                found = [r for r in readings[actor.name] if r[0] == paragraph.index and r[1] == k]
                same_voice = [r for r in found if r[2] == voice]
                fallback = sentence_sentiment(span.text if span else sentence.text)
                if found:
                    reading = (same_voice or found)[0]
                    score, lean, named = reading[4], reading[5], True
                else:
                    score = lean = fallback
                    named = False
                vader = sentence_sentiment(sentence.text)
                rows.append(Row(event_id, p["quote"], p["polarity"], score, lean, vader, named))
                voices_found[(p["quote"], voice == "quote")] += 1
                if args.verbose and sign_agrees(vader, p["polarity"]) != sign_agrees(lean, p["polarity"]):
                    print(f"{event_id} {source} {p['polarity']} quote={p['quote']} target={p['target']} "
                          f"score={score:+.3f} lean={lean:+.3f} vader={vader:+.3f} named={named} voice={voice}\n"
                          f"    phrase: {p['txt']}\n    sentence: {sentence.text}")

    print("BASIL dev: sign agreement with the annotated polarity of biased phrases (neg/pos)")
    print("ours = the reading toward the annotated target in the phrase's voice where the sentence names the")
    print("target (or refers to it with he/she after naming it), else VADER of the voiced span holding the phrase;")
    print("'sentiment' is the reported value (0.0 when the model reads neutral), 'lean' the model's p(pos) - p(neg).")
    print("A score of exactly 0 counts as disagreement (ties: it counts one half).\n")
    columns = [("sentiment", lambda r: r.score), ("lean", lambda r: r.lean), ("VADER", lambda r: r.vader)]
    print(f"{'phrases':<32}{'n':>5}" + "".join(f"{c:>11}" for c, _ in columns) + f"{'ties: lean':>12}{'VADER':>7}")
    for label, selected in [
        ("all", rows),
        ("own voice (quote = false)", [r for r in rows if not r.quote]),
        ("quotes (quote = true)", [r for r in rows if r.quote]),
        ("target named or referred to", [r for r in rows if r.named]),
        ("  own voice", [r for r in rows if r.named and not r.quote]),
        ("  quotes", [r for r in rows if r.named and r.quote]),
        ("negative phrases", [r for r in rows if r.polarity == "neg"]),
        ("positive phrases", [r for r in rows if r.polarity == "pos"]),
    ]:
        figures = "".join(f"{agreement(selected, f):>11.3f}" for _, f in columns)
        ties = f"{agreement(selected, columns[1][1], ties=True):>12.3f}{agreement(selected, columns[2][1], ties=True):>7.3f}"
        print(f"{label:<32}{len(selected):>5}{figures}{ties}")
    events = sorted({r.event for r in rows})
    print(f"\n{'per event':<32}{'n':>5}" + "".join(f"{c:>11}" for c, _ in columns) + f"{'gain (lean)':>13}")
    gains = {"sentiment": [], "lean": []}
    for event_id in events:
        selected = [r for r in rows if r.event == event_id]
        values = [agreement(selected, f) for _, f in columns]
        gains["sentiment"].append(values[0] - values[2])
        gains["lean"].append(values[1] - values[2])
        print(f"{event_id:<32}{len(selected):>5}" + "".join(f"{v:>11.3f}" for v in values) + f"{values[1] - values[2]:>+13.3f}")
    vader_all = agreement(rows, columns[2][1])
    for name, f in columns[:2]:
        margin = agreement(rows, f) - vader_all
        spread = statistics.pstdev(gains[name])
        print(f"\n{name}: margin over whole-sentence VADER {margin:+.3f} (pooled); spread between events: std of the "
              f"per-event gain {spread:.3f}, std of VADER's per-event agreement "
              f"{statistics.pstdev([agreement([r for r in rows if r.event == e], columns[2][1]) for e in events]):.3f}; "
              f"ours >= VADER in {sum(g >= 0 for g in gains[name])} of {len(events)} events; "
              f"{'margin > spread' if margin > spread else 'margin <= spread'}")

    quoted = voices_found[(True, True)] + voices_found[(True, False)]
    own = voices_found[(False, False)] + voices_found[(False, True)]
    print(f"\nvoice detection: phrases annotated as quotes found in quoted or reported speech "
          f"{voices_found[(True, True)] / max(1, quoted):.3f} ({quoted}); own-voice phrases found in the "
          f"outlet's voice {voices_found[(False, False)] / max(1, own):.3f} ({own})")

    markers = load_markers()
    valence = word_valences()
    hit_markers = hit_vader = 0
    inside_words = inside_markers = 0
    for phrase, _ in lexical:
        counts, _ = markers.match(phrase)
        words = [w.lower().strip(".,;:“”\"'’") for w in phrase.split()]
        hit_markers += bool(counts)
        hit_vader += any(valence.get(w, 0.0) for w in words)
        inside_words += len(words)
        inside_markers += sum(counts.values())
    all_words = all_markers = 0
    for event in gold["events"].values():
        for info in event["sources"].values():
            for paragraph in info["paragraphs"]:
                counts, _ = markers.match(paragraph)
                all_words += len(paragraph.split())
                all_markers += sum(counts.values())
    outside_rate = (all_markers - inside_markers) / max(1, all_words - inside_words)
    inside_rate = inside_markers / max(1, inside_words)
    print(f"\nlexical-bias phrases: {len(lexical)}")
    print(f"recall, loaded-language markers          {hit_markers / len(lexical):.3f}")
    print(f"recall, VADER lexicon words (baseline)   {hit_vader / len(lexical):.3f}")
    print(f"markers per 100 words inside / outside   {100 * inside_rate:.1f} / {100 * outside_rate:.1f} "
          f"(x{inside_rate / outside_rate:.1f})")


# --- NewsMTSC --------------------------------------------------------------------------------

def newsmtsc(args) -> None:
    if not NEWSMTSC.is_file():
        print(f"newsmtsc: skipped, {NEWSMTSC} is absent")
        return
    sys.path.insert(0, str(REPO / "scripts"))
    import train_target_sentiment as training
    from compare.api import score_jsonl
    from compare.settings import Settings

    examples = training.read_examples(NEWSMTSC)
    fold_of = training.folds(examples, args.folds)
    gold, ours, vader, missing = [], [], [], 0
    for k in range(args.folds if not args.one_fold else 1):
        train = [e for e, f in zip(examples, fold_of) if f != k]
        test = [e for e, f in zip(examples, fold_of) if f == k]
        model, vocabulary = training.fit(train)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "model.json"
            path.write_text(json.dumps(training.model_json(model, vocabulary, {})), encoding="utf-8")
            lines = io.StringIO("".join(
                json.dumps({"id": str(i), "text": e["sentence"], "actors": {"T": [e["mention"]]}}) + "\n"
                for i, e in enumerate(test)))
            for e, out in zip(test, score_jsonl(lines, "cv", Settings(target_model=path))):
                value = out["actors"]["T"]["sentiment"]
                missing += value is None
                gold.append(e["label"])
                ours.append(1 if value is None or value == 0 else 0 if value < 0 else 2)
                vader.append(0 if out["sentiment"] <= -0.05 else 2 if out["sentiment"] >= 0.05 else 1)
        print(f"fold {k}: {len(test)} targets, macro-F1 {training.macro_f1(gold[-len(test):], ours[-len(test):]):.3f}",
              flush=True)
    print(f"\nNewsMTSC train, {args.folds}-fold grouped CV through score_jsonl ({len(gold)} targets)")
    print(f"macro-F1  ours (actors.T.sentiment: <0 / 0 / >0)   {training.macro_f1(gold, ours):.3f}")
    print(f"macro-F1  whole-sentence VADER (±0.05)             {training.macro_f1(gold, vader):.3f}")
    print(f"targets whose mention was not found (read neutral)   {missing}")


# --- speed -----------------------------------------------------------------------------------

def speed(args) -> None:
    exe = str(Path(sys.executable).parent / "source-compare")
    if NEWSMTSC.is_file():
        sentences = [json.loads(line) for line in NEWSMTSC.read_text(encoding="utf-8").splitlines()[:2000]]
        lines = [json.dumps({"id": str(i), "text": r["sentence_normalized"],
                             "actors": {"T": [r["targets"][0]["mention"]]}}) for i, r in enumerate(sentences)]
    else:
        text = "Belgium regrets the decision of Rwanda to cut off diplomatic relations, Prevot said."
        lines = [json.dumps({"id": str(i), "text": text, "actors": {"Rwanda": ["Rwanda"]}}) for i in range(2000)]
    with tempfile.TemporaryDirectory() as tmp:
        small, big = Path(tmp) / "one.jsonl", Path(tmp) / "many.jsonl"
        small.write_text(lines[0] + "\n", encoding="utf-8")
        big.write_text("\n".join(lines) + "\n", encoding="utf-8")
        one, many = [], []
        for _ in range(args.runs):
            one.append(_wall([exe, "score", "--jsonl", str(small)]))
            many.append(_wall([exe, "score", "--jsonl", str(big)]))
    start_up = statistics.median(w for w, _ in one)
    work = statistics.median(w for w, _ in many) - start_up
    cpu = statistics.median(c for _, c in many) - statistics.median(c for _, c in one)
    print(f"score --jsonl: {len(lines)} sentences in {statistics.median(w for w, _ in many):.2f} s, one in "
          f"{start_up:.2f} s (medians of {args.runs}) -> {len(lines) / work:.0f} sentences/s of wall time after "
          f"start-up, {len(lines) / cpu:.0f} per CPU second (target >= 500)")

    from compare import load_event
    from compare.pipeline import prepare
    from compare.score import score_article
    from compare.score.frames import load_lexicon
    from compare.score.loaded import load_markers
    from compare.score.target import load_target_model
    from compare.score.sentiment import vader
    from compare.score.wording import word_choice
    from compare.align import align_articles
    from compare.settings import Settings

    event = load_event(SEED)
    articles = prepare(event)
    alignment = align_articles(articles, Settings())
    timings, cpu_timings = [], []
    for _ in range(args.runs):
        for cache in (load_lexicon, load_markers, load_target_model, vader):
            cache.cache_clear()
        from compare.score import sentiment
        sentiment.sentence_sentiment.cache_clear()
        start, start_cpu = time.perf_counter(), time.process_time()
        for article in articles:
            score_article(article, event.actors)
        word_choice(articles, alignment)
        timings.append(time.perf_counter() - start)
        cpu_timings.append(time.process_time() - start_cpu)
    paragraphs = sum(len(a.paragraphs) for a in articles)
    print(f"scoring the seed event ({paragraphs} paragraphs; lexicons and model loaded, word choice included): "
          f"median {statistics.median(timings):.3f} s, min {min(timings):.3f} s of {args.runs}, "
          f"CPU {statistics.median(cpu_timings):.3f} s (target < 0.5 s)")


def _wall(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of a command: on a shared machine the CPU time
    is what the command itself cost."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=REPO)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--part", default="all", choices=["basil", "newsmtsc", "speed", "all"])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--one-fold", action="store_true", help="newsmtsc: evaluate the first fold only")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--verbose", action="store_true", help="basil: print the phrases where ours and VADER differ")
    args = parser.parse_args()
    print("(timings are wall-clock on a shared machine; read them as medians)\n" if args.part in ("speed", "all") else "",
          end="")
    if args.part in ("basil", "all"):
        basil(args)
        print()
    if args.part in ("newsmtsc", "all"):
        newsmtsc(args)
        print()
    if args.part in ("speed", "all"):
        speed(args)


if __name__ == "__main__":
    main()

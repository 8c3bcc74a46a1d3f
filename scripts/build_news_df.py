"""Build compare/data/news-df.json: in how many news sentences each English word stem occurs.

Usage: python scripts/build_news_df.py [PATH/TO/newsmtsc-train/train.jsonl]
(default: ../shared/data/newsmtsc-train/train.jsonl beside the repository)

`check`'s off-topic rule weighs the words two articles share by how rare they are in news
in general, so that "president", "government" or "week" count for little and the names,
places and specific words of one story count for a lot. An event folder holds too few
articles to learn that from, hence this table.

Where the numbers come from: the sentences of the NewsMTSC training split (Hamborg and
Donnay, EACL 2021; github.com/fhamborg/NewsMTSC, MIT licence): 7,758 sentences from
articles of many US outlets. Only the document frequencies of word stems are kept (no
text): every sentence is stemmed exactly as `compare.text.content_stems` does, and each
stem is counted once per sentence it occurs in.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from compare.text import content_stems  # noqa: E402

DEFAULT_INPUT = REPO.parent / "shared" / "data" / "newsmtsc-train" / "train.jsonl"
OUT = REPO / "compare" / "data" / "news-df.json"


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_INPUT
    if not source.is_file():
        sys.exit(f"{source}: not found; pass the path of NewsMTSC's train.jsonl")
    frequency: Counter[str] = Counter()
    sentences = 0
    with source.open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                sentences += 1
                frequency.update(set(content_stems(json.loads(line)["sentence_normalized"])))
    table = {
        "about": "Document frequency of English word stems (compare.text.content_stems) in news sentences; "
                 "check's off-topic rule weighs shared words by their rarity in news.",
        "source": "NewsMTSC training split (Hamborg and Donnay, EACL 2021; github.com/fhamborg/NewsMTSC, "
                  "MIT licence): only per-stem counts are kept, no text.",
        "regenerate": "python scripts/build_news_df.py path/to/newsmtsc-train/train.jsonl",
        "documents": sentences,
        "df": dict(sorted(frequency.items())),
    }
    OUT.write_text(json.dumps(table, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}: {len(frequency)} stems from {sentences} sentences")


if __name__ == "__main__":
    main()

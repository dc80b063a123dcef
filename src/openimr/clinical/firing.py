"""How often each target (phrase) rule fires: in how many letters of a set.

A rule that fires in one letter only may stand for that letter's wording rather than for how
records say things; the table shows which rules to generalise or remove. Rules are written
against the develop half of the fixed split only (``openimr.corpus.split``).

Run: ``python -m openimr.clinical.firing --part develop /work/shared/data/letters/txt``
(prints a Markdown table: rule, category, letters it fires in).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

__all__ = ["firing_counts", "main"]


def firing_counts(summaries: Iterable[str]) -> Counter[tuple[str, str]]:
    """For each target rule (literal, category), the number of texts it fires in."""
    from openimr.clinical.pipeline import build_pipeline

    nlp = build_pipeline()
    counts: Counter[tuple[str, str]] = Counter()
    for text in summaries:
        fired = {(ent._.target_rule.literal, ent.label_) for ent in nlp(text).ents}
        counts.update(fired)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="letters (PDF or text) or folders of letters")
    parser.add_argument("--part", choices=["develop", "holdout"], default="develop")
    args = parser.parse_args(argv)
    from openimr import letters
    from openimr.clinical.rules import target_rules
    from openimr.corpus.split import Part, part_of

    files = [
        p
        for name in args.inputs
        for p in (sorted(Path(name).glob("*.txt")) if Path(name).is_dir() else [Path(name)])
    ]
    summaries = []
    for path in files:
        try:
            letter = letters.read(path)
        except Exception as error:  # a bad letter is reported and skipped
            print(f"{path.name}: skipped ({type(error).__name__})", file=sys.stderr)
            continue
        if letter.case_number and part_of(letter.case_number) is Part(args.part):
            summaries.append(letter.summary)
    counts = firing_counts(summaries)
    rules = sorted({(r.literal, r.category) for r in target_rules()})
    print(f"{len(summaries)} {args.part} letters, {len(rules)} target rules\n")
    print("| letters | rule | category |\n|---:|---|---|")
    for literal, category in sorted(rules, key=lambda r: (-counts[r], r)):
        print(f"| {counts[(literal, category)]} | {literal} | {category} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

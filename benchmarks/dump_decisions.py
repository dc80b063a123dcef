"""Dump the facts and decisions of every shared letter's case to JSON, to compare two versions.

    PYTHONPATH=src .venv/bin/python benchmarks/dump_decisions.py OUT.json
    cmp before.json after.json      # a speed change must leave this byte-identical

Each letter becomes a case as ``openimr evaluate`` (and ``bench_decisions.py``) builds it; the
dump holds, per letter file, every fact ``case_facts`` gives (evidence included) and the
determination ``decide`` gives. It holds record text (evidence sentences): keep it out of logs
and out of the repository.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from openimr import letters
from openimr.corpus.evaluate import case_from_letter
from openimr.guidelines import KnowledgeBase
from openimr.review import case_facts, decide

SHARED = Path(
    os.environ.get("OPENIMR_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    kb = KnowledgeBase.load()
    dump = {}
    for path in sorted((SHARED / "data" / "letters" / "pdf").glob("*.pdf")):
        case = case_from_letter(letters.read(path))
        facts = case_facts(case)
        dump[path.name] = {
            "facts": [fact.model_dump(mode="json") for fact in facts],
            "decisions": decide(case, kb=kb).model_dump(mode="json"),
        }
    args.out.write_text(json.dumps(dump, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    print(f"{len(dump)} cases, {sum(len(v['facts']) for v in dump.values())} facts -> {args.out}")


if __name__ == "__main__":
    main()

"""Fuzz the raw readers: decode, parse and the whole ingest path, on generated files.

Run from the project root: ``python bench/fuzz_ingest.py`` (``make fuzz``), or
``--examples 50000 --seed 7`` for another, longer run. Three families of input
come from the Hypothesis strategies in ``tests/wire_strategies.py``, which the
CI tests use too: arbitrary bytes, arbitrary text, and stories in the real wire
layout with hostile fields (impossible dates, marker-only captions, controls,
bidi, NEL, HTML, YAML syntax, very long lines). Every file goes through
``analyse_raw`` (``decode_raw`` + ``parse_wire`` + persons, tags, dates) and,
when accepted, through the store and back.

It prints per family and in total: examples run, accepted, refused with an
error naming the file, and the two kinds of bug, each with its input:
unhandled exceptions and accepted stories the store would change or refuse.
The exit status is 1 if there is any bug.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT, ROOT / "tests"):  # generator/, and the strategies the tests share
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from wire_strategies import check_ingest, fuzz_project, raw_bytes, raw_texts, wire_files  # noqa: E402

NAME = "content/raw/fuzz.txt"
#: Share of the examples each family gets; the structured stories reach deepest, so they get most.
FAMILIES = (("bytes", raw_bytes, 0.2), ("text", raw_texts, 0.2), ("wire", wire_files, 0.6))
BUGS = ("unhandled", "unstorable")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000, help="examples in all (default: 10000)")
    parser.add_argument("--seed", type=int, default=0, help="Hypothesis seed: the same seed generates the same files (default: 0)")
    args = parser.parse_args(argv)
    config, vocab = fuzz_project()
    counts: Counter[tuple[str, str]] = Counter()
    started = time.perf_counter()
    for label, strategy, share in FAMILIES:
        run_family(label, strategy(), max(1, round(args.examples * share)), args.seed, config, vocab, counts)
    elapsed = time.perf_counter() - started
    print_table(counts, elapsed)
    return 1 if any(counts[label, bug] for label, _, _ in FAMILIES for bug in BUGS) else 0


def run_family(label, strategy, examples: int, chosen_seed: int, config, vocab, counts: Counter) -> None:
    """Generate ``examples`` files of one family; count outcomes, print every bug with its input."""

    # Generate only: a bug is counted and printed, not raised, so the run goes on and nothing is shrunk.
    @seed(chosen_seed)
    @settings(max_examples=examples, database=None, deadline=None, phases=[Phase.generate], suppress_health_check=list(HealthCheck))
    @given(strategy)
    def run(data: bytes) -> None:
        outcome = check_ingest(data, NAME, config, vocab)
        counts[label, outcome.kind] += 1
        if outcome.kind in BUGS:
            print(f"--- {outcome.kind} ({label}): input {data!r}\n{outcome.detail}", file=sys.stderr)

    run()


def print_table(counts: Counter, elapsed: float) -> None:
    kinds = ("accepted", "refused", *BUGS)
    rows = [(label, [counts[label, kind] for kind in kinds]) for label, _, _ in FAMILIES]
    rows.append(("total", [sum(row[i] for _, row in rows) for i in range(len(kinds))]))
    print(f"{'family':<8}{'examples':>10}" + "".join(f"{kind:>12}" for kind in kinds))
    for label, row in rows:
        print(f"{label:<8}{sum(row):>10}" + "".join(f"{n:>12}" for n in row))
    total = sum(rows[-1][1])
    print(f"{total} examples in {elapsed:.1f} s ({1000 * elapsed / max(total, 1):.2f} ms each)")


if __name__ == "__main__":
    sys.exit(main())

"""Issue 7's behaviours, measured on sentences the project wrote rather than on a handful of examples.

Run from the repository root (a few seconds; no corpora needed)::

    python -m benchmarks.behaviour        # writes benchmarks/results/behaviour.{json,md}

Issue 7 asks that hearsay ("reportedly", "sources say", "it is said"), vague attribution ("some
experts", "many believe") and negated certainty ("cannot rule out", "it is unclear whether") be
caught; that literal uses of hedge words stay certain; and that boosters and negated hedges ("there
is no doubt") raise certainty. Each *frame* below ("Sources say {p}.") is filled with each of
:data:`CLAUSES` -- plain statements, news and biomedical, that every mode scores as certain on their
own -- so a frame is judged over a dozen contexts, not one. Reported per prediction mode (the
default and each named expert of the shipped model):

- hedge frames: the share of filled sentences labelled *uncertain* (per frame: how many of the
  clauses), and the mean change of certainty from the bare clause (the measure for the graded
  ``science`` expert, whose labels cut at a threshold fitted to the Pei & Jurgens ratings);
- booster frames: the share whose certainty is at least that of the bare clause (``raises``), and
  the share labelled *certain*;
- literal uses: the share of :data:`LITERAL` labelled *certain*, and of :data:`LITERAL_UNSEEN`
  alone;
- the bare clauses: the share labelled *certain* (the control).

The frames, clauses and the first 15 literal uses were written once, from the issue's wording and
common news and scientific usage, before any result was seen, and nothing is trained on them. Some
of them have since prompted lexicon rows, so they are no longer unseen evidence: the "We are certain
that" and "..., sources said." frames (first-person boosters; the "sources said" prior) and two
literal uses ("thought experiments", "suggestion box" pseudo rows). What was added after such a
change, or before it and kept apart from it, is marked in the comments below and was scored before
anything was changed for it: five frames and :data:`LITERAL_UNSEEN`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from hedgekit import benchmark as B
from hedgekit.model import AUTO
from hedgekit.scorer import Scorer

COMMAND = "python -m benchmarks.behaviour"

#: Plain statements (lower-case first letter, no final stop) that the frames wrap.
CLAUSES: tuple[str, ...] = (
    "the minister will resign next week", "the factory will close in March", "the army moved troops to the border",
    "the company lost two million dollars last year", "the bridge was built in 1850",
    "the striker will join a rival club", "the president met the rebel leaders in secret",
    "the vaccine caused the outbreak", "the protein binds to the promoter", "the drug reduces mortality in adults",
    "the mutation causes the disease", "the gene is expressed in the liver",
)

#: behaviour -> frames; ``{p}`` is a clause, ``{P}`` the same clause capitalised.
HEDGE_FRAMES: dict[str, tuple[str, ...]] = {
    "hearsay": (
        "Reportedly, {p}.", "Sources say {p}.", "It is said that {p}.", "According to sources, {p}.",
        "{P}, sources said.", "Allegedly, {p}.", "Rumor has it that {p}.", "It is rumoured that {p}.",
        "Reports suggest that {p}.", "There are rumors that {p}.",
        # added after the lexicon rows that this benchmark prompted (the first-person boosters, the
        # "sources said" prior) were chosen, and before they were scored: evidence those choices did not see
        "{P}, according to reports.", "It was reported that {p}.",
    ),
    "vague attribution": (
        "Some experts think {p}.", "Many believe {p}.", "Some say {p}.", "Critics argue that {p}.",
        "It is widely believed that {p}.", "Some observers speculate that {p}.", "Experts believe {p}.",
        "It is thought that {p}.",
    ),
    "negated certainty": (
        "We cannot rule out that {p}.", "It is unclear whether {p}.", "It is not clear if {p}.",
        "It remains unclear whether {p}.", "It is not known whether {p}.", "It is uncertain whether {p}.",
    ),
}
#: Boosters and negated hedges: the certainty of the filled sentence should not fall below the bare clause's.
BOOSTER_FRAMES: tuple[str, ...] = (
    "There is no doubt that {p}.", "Clearly, {p}.", "Certainly, {p}.", "Undoubtedly, {p}.", "It is certain that {p}.",
    "Without doubt, {p}.", "It is clear that {p}.", "We are certain that {p}.",
    # added, like the last two hearsay frames, after the lexicon changes this benchmark prompted
    "Without question, {p}.", "Beyond doubt, {p}.", "It is well known that {p}.",
)
#: Hedge words used literally, the first 15 written: every one of these is a certain statement.
LITERAL_FIRST: tuple[str, ...] = (
    "He pushed the cart with all his might.", "The trial ended in May 2019.", "She filed an insurance claim on Monday.",
    "The report was published on Friday.", "The rumour mill is a café in the old town.",
    "The suggestion box was emptied every week.", "The ship appeared on the horizon at dawn.",
    "The company assumed the debts of its subsidiary.", "The court heard the allegations on Tuesday.",
    "Thought experiments are a staple of physics teaching.", "The estimate was published in the annual report.",
    "Most of the votes were counted by midnight.", "He could not open the door.",
    "The police said the road was closed.", "Possible Worlds is a play by John Mighton.",
)
#: literal uses written, and scored, before the pseudo rows that two of the first 15 prompted
#: ("thought experiments", "suggestion box") were chosen; no row targets them: the unseen evidence.
LITERAL_UNSEEN: tuple[str, ...] = (
    "The suggested retail price is ten dollars.", "The possible outcomes of a coin toss are heads and tails.",
    "The magician made the coin appear in his hand.", "Her speculation in oil futures made her rich.",
    "Weather forecasts are updated every hour.", "He reported for duty at six.",
    "The committee considered the proposal on Monday.", "The probability course is taught in the spring.",
    "He could swim before he could walk.", "Sources of funding are listed in the appendix.",
)
#: every literal use scored
LITERAL: tuple[str, ...] = LITERAL_FIRST + LITERAL_UNSEEN


def fill(frame: str, clause: str) -> str:
    """``frame`` with ``{p}`` = ``clause`` and ``{P}`` = the clause capitalised."""
    return frame.format(p=clause, P=clause[:1].upper() + clause[1:])


def run(scorer: Scorer, modes: Sequence[str]) -> dict[str, Any]:
    """The behaviour shares of each prediction mode (``"auto"`` = the default) of ``scorer``'s model."""
    out: dict[str, Any] = {"n_clauses": len(CLAUSES), "modes": {}}
    bare_texts = [fill("{P}.", c) for c in CLAUSES]
    for mode in modes:
        sc = Scorer(scorer.lexicon, scorer.model, expert=None if mode == AUTO else mode)
        bare = sc.score(bare_texts)
        bare_cert = np.array([s.certainty for s in bare])
        res: dict[str, Any] = {"controls_certain": _share(s.label == "certain" for s in bare)}
        for behaviour, frames in HEDGE_FRAMES.items():
            per, change = {}, []
            for f in frames:
                got = sc.score([fill(f, c) for c in CLAUSES])
                per[f] = sum(s.label == "uncertain" for s in got)
                change.append(np.array([s.certainty for s in got]) - bare_cert)
            res[behaviour] = {"caught": round(sum(per.values()) / (len(frames) * len(CLAUSES)), 4),
                              "mean_change": round(float(np.mean(change)), 4), "per_frame": per}
        raises, certain, delta = {}, {}, []
        for f in BOOSTER_FRAMES:
            got = sc.score([fill(f, c) for c in CLAUSES])
            cert = np.array([s.certainty for s in got])
            raises[f] = int((cert >= bare_cert).sum())
            certain[f] = sum(s.label == "certain" for s in got)
            delta.append(cert - bare_cert)
        n = len(BOOSTER_FRAMES) * len(CLAUSES)
        res["boosters"] = {"raises": round(sum(raises.values()) / n, 4), "certain": round(sum(certain.values()) / n, 4),
                           "mean_change": round(float(np.mean(delta)), 4), "per_frame_raises": raises,
                           "per_frame_certain": certain}
        lit = sc.score(list(LITERAL))
        res["literal_certain"] = _share(s.label == "certain" for s in lit)
        res["literal_unseen_certain"] = _share(s.label == "certain" for s in lit[-len(LITERAL_UNSEEN):])
        res["literal_missed"] = [s.text for s in lit if s.label != "certain"]
        out["modes"][mode] = res
    return out


def _share(flags: Any) -> float:
    a = list(flags)
    return round(sum(a) / len(a), 4)


def render(res: dict[str, Any]) -> str:
    modes = list(res["modes"])
    head = "| behaviour | " + " | ".join("default" if m == AUTO else f"`{m}`" for m in modes) + " |"
    lines = B.stamp_header("Issue 7 behaviours on the project's own sentences", res) + [
        f"Each frame is filled with each of {res['n_clauses']} plain clauses (see `benchmarks/behaviour.py`); "
        "shares over all filled sentences. *caught*: labelled uncertain; boosters *raise*: certainty at least "
        "the bare clause's; literal uses and bare clauses: labelled certain.", "",
        head, "|---|" + "---|" * len(modes),
    ]
    rows = [(f"{b} caught", lambda r, b=b: r[b]["caught"]) for b in HEDGE_FRAMES] + [
        (f"{b}: mean change of certainty", lambda r, b=b: r[b]["mean_change"]) for b in HEDGE_FRAMES] + [
        ("boosters raise certainty", lambda r: r["boosters"]["raises"]),
        ("boosters labelled certain", lambda r: r["boosters"]["certain"]),
        ("boosters: mean change of certainty", lambda r: r["boosters"]["mean_change"]),
        ("literal uses labelled certain", lambda r: r["literal_certain"]),
        (f"literal uses labelled certain, the {len(LITERAL_UNSEEN)} unseen ones", lambda r: r["literal_unseen_certain"]),
        ("bare clauses labelled certain", lambda r: r["controls_certain"]),
    ]
    for label, get in rows:
        lines.append(f"| {label} | " + " | ".join(f"{get(res['modes'][m]):.3f}" if "change" in label
                                                  else f"{get(res['modes'][m]):.2f}" for m in modes) + " |")
    n = res["n_clauses"]
    lines += ["", f"## Per frame (of {n} clauses)", "",
              "| behaviour | frame | " + " | ".join("default" if m == AUTO else f"`{m}`" for m in modes) + " |",
              "|---|---|" + "---|" * len(modes)]
    for b, frames in HEDGE_FRAMES.items():
        for f in frames:
            lines.append(f"| {b}: caught | `{f}` | " + " | ".join(str(res["modes"][m][b]["per_frame"][f]) for m in modes)
                         + " |")
    for f in BOOSTER_FRAMES:
        lines.append(f"| booster: raises / certain | `{f}` | " + " | ".join(
            f"{res['modes'][m]['boosters']['per_frame_raises'][f]} / {res['modes'][m]['boosters']['per_frame_certain'][f]}"
            for m in modes) + " |")
    missed = res["modes"][modes[0]]["literal_missed"]
    lines += ["", "Literal uses the default labels uncertain: " + ("; ".join(f"\"{t}\"" for t in missed) or "none") + "."]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=COMMAND, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parent / "results")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    scorer = Scorer()
    res = run(scorer, (AUTO, *scorer.model.experts))
    print(B.stamp_and_write(res, COMMAND, t0, args.out, "behaviour", render))
    return 0


if __name__ == "__main__":
    sys.exit(main())

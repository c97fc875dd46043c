"""Speed and memory of hedgekit, side by side with the floors and a do-it-yourself baseline.

Run from the repository root (the shared corpora beside it, or $HEDGEKIT_SHARED)::

    python benchmarks/speed.py                 # writes benchmarks/results/speed.{json,md}
    python benchmarks/speed.py --stream-mb 500 # also the 500 MB streaming run of the CLI

Every timing is the best of ``--repeat`` runs (default 5) on the same 100,000 real sentences
(BioScope, CoNLL-2010 Wikipedia, Szeged Wikipedia, SFU reviews; repeated where needed). Ratios
are steadier than absolute numbers on a shared machine, so both are written down.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[1]
# measure this checkout's hedgekit, not whichever one is installed (e.g. from a git worktree)
sys.path.insert(0, str(ROOT))
from benchmarks import corpora_dir  # noqa: E402
RESULTS = ROOT / "benchmarks" / "results"


def load_sentences(n: int) -> list[str]:
    from hedgekit.readers import load_corpus

    root = corpora_dir()
    texts: list[str] = []
    for rel, fmt in (("bioscope", "bioscope"), ("conll2010-wiki", "conll-wiki"),
                     ("szeged-uncertainty/wiki.conll2010-train-docs.xml", "szeged"), ("sfu-review", "sfu")):
        texts.extend(s.text for s in load_corpus(root / rel, format=fmt))
    out = (texts * (n // len(texts) + 1))[:n]
    return out


def best(f: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        f()
        times.append(time.perf_counter() - t)
    return min(times)


# Peak resident memory of this process image in KiB: VmHWM, which (unlike ru_maxrss) is not
# inherited from the parent that forked the measuring process.
_PEAK = ("peak = lambda: next(int(l.split()[1]) for l in open('/proc/self/status') "
         "if l.startswith('VmHWM:')); ")


_FLOOR_RE = re.compile(r"\w+|[^\w\s]")  # the bare tokenization floor of issue 6


_FLOOR_SENTS: list[str] = []  # set before the pool forks, so that workers inherit it


def _floor_count(bounds: tuple[int, int]) -> int:
    """The number of regex-floor tokens in ``_FLOOR_SENTS[lo:hi]`` (nothing kept: pure CPU work)."""
    lo, hi = bounds
    return sum(len(_FLOOR_RE.findall(s)) for s in _FLOOR_SENTS[lo:hi])


def floor_parallel(sents: list[str], jobs: int) -> None:
    """The regex floor split over a fresh pool of ``jobs`` forked worker processes (``jobs * 4``
    contiguous parts, as ``score(n_jobs=jobs)`` splits its input). The workers inherit the sentences
    through the fork and send back one number each, so the run costs almost nothing but the work
    itself and the processes' start: its speed-up over the same count in one process is what this
    machine gives CPU-bound Python in ``jobs`` processes (2 cores shared with whatever else runs)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _FLOOR_SENTS
    _FLOOR_SENTS = sents
    size = -(-len(sents) // (jobs * 4))
    parts = [(i, i + size) for i in range(0, len(sents), size)]
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        sum(pool.map(_floor_count, parts))
    _FLOOR_SENTS = []


def run_python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip()


def measure(n: int, repeat: int, stream_mb: int) -> dict[str, Any]:
    import hedgekit
    from hedgekit.text import normalized_tokens
    from hedgekit.scorer import default_scorer

    sents = load_sentences(n)
    scorer = default_scorer()
    scorer.score(sents[:1000])
    lexicon = scorer.lexicon
    r: dict[str, Any] = {"n_sentences": len(sents), "mean_chars": round(sum(map(len, sents)) / len(sents), 1)}

    t_lex = best(lambda: [lexicon.match(normalized_tokens(s)) for s in sents], repeat)
    # One pass of a fresh Scorer whose cache of cue-context rows (Engine._match_rows) is empty, then
    # the best of `repeat` passes of the warm default scorer, as when scoring a long stream.
    from hedgekit.scorer import Scorer

    fresh = Scorer(scorer.lexicon, scorer.model)
    t = time.perf_counter()
    fresh.score(sents)
    t_cold = time.perf_counter() - t
    # The floor and score() alternate, so that both see the same moments of a shared machine.
    t_floor = t_score = float("inf")
    for _ in range(repeat):
        t_floor = min(t_floor, best(lambda: [_FLOOR_RE.findall(s) for s in sents], 1))
        t_score = min(t_score, best(lambda: scorer.score(sents), 1))
    # n_jobs=2, alternating with the control: the floor's token count in one process and in two.
    t_jobs2 = t_count1 = t_count2 = float("inf")
    for _ in range(repeat):
        t_count1 = min(t_count1, best(lambda: sum(len(_FLOOR_RE.findall(s)) for s in sents), 1))
        t_count2 = min(t_count2, best(lambda: floor_parallel(sents, 2), 1))
        t_jobs2 = min(t_jobs2, best(lambda: scorer.score(sents, n_jobs=2), 1))
    r["regex_tokenize_per_s"] = round(n / t_floor)
    r["lexicon_only_per_s"] = round(n / t_lex)
    r["score_per_s"] = round(n / t_score)
    r["score_cold_cache_per_s"] = round(n / t_cold)
    r["score_n_jobs_2_per_s"] = round(n / t_jobs2)
    r["score_vs_regex_time_ratio"] = round(t_score / t_floor, 2)
    r["n_jobs_2_speedup"] = round(t_score / t_jobs2, 2)
    # What two processes give CPU-bound Python on this machine, pool start included.
    r["control_2_processes_speedup"] = round(t_count1 / t_count2, 2)

    # score_text on raw text: the same sentences as paragraphs of 5.
    text = "\n\n".join(" ".join(sents[i : i + 5]) for i in range(0, len(sents), 5))
    mb = len(text.encode("utf-8")) / 1e6
    t_text = best(lambda: hedgekit.score_text(text), repeat)
    r["score_text_mb"] = round(mb, 1)
    r["score_text_mb_per_s"] = round(mb / t_text, 2)

    # The cue detector (hedgekit.cues, not on score()'s path), on the first 10,000 sentences.
    from hedgekit import cues

    cues.detect(sents[:100])  # loads the cue model
    t_cues = best(lambda: cues.detect(sents[:10000]), repeat)
    r["cues_detect_per_s"] = round(10000 / t_cues)

    # A plain TF-IDF + logistic regression a user might write (fit once, time predict_proba).
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from hedgekit.train import load_training_set

    ts = load_training_set(corpora_dir())
    pipe = make_pipeline(TfidfVectorizer(ngram_range=(1, 2), min_df=2), LogisticRegression(max_iter=1000))
    pipe.fit(ts.texts, ts.y)
    t_tfidf = best(lambda: pipe.predict_proba(sents), repeat)
    r["tfidf_lr_per_s"] = round(n / t_tfidf)

    # Start-up: import, and import + load + first score, in fresh processes (best of repeat).
    base = min(float(run_python("import time; t=time.perf_counter(); print(time.perf_counter()-t)"))
               for _ in range(repeat))
    r["import_s"] = round(min(float(run_python(
        "import time; t=time.perf_counter(); import hedgekit; print(time.perf_counter()-t)")) for _ in range(repeat))
        - base, 3)
    r["first_score_s"] = round(min(float(run_python(
        "import time; t=time.perf_counter(); import hedgekit; hedgekit.score(['It may rain.']); "
        "print(time.perf_counter()-t)")) for _ in range(repeat)), 3)

    # Peak memory of a process that scores the 100,000 sentences.
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(s.replace("\n", " ") for s in sents))
        path = f.name
    code = ("import hedgekit; s=open(%r, encoding='utf-8').read().split('\\n'); "
            "hedgekit.score(s); " + _PEAK + "print(peak())") % path
    r["peak_rss_mb_score_100k"] = round(int(run_python(code)) / 1024, 1)
    os.unlink(path)

    data = ROOT / "hedgekit" / "data"
    r["model_mb"] = round((data / "model.json.gz").stat().st_size / 1e6, 2)
    r["lexicon_mb"] = round((data / "lexicon.tsv").stat().st_size / 1e6, 3)
    r["cue_models_mb"] = round(sum(f.stat().st_size for f in data.glob("cues-*.json.gz")) / 1e6, 3)
    r["shipped_data_mb"] = round(sum(f.stat().st_size for f in data.iterdir() if f.is_file()) / 1e6, 2)

    if stream_mb:
        r.update(stream(sents, stream_mb))
    return r


def stream(sents: list[str], mb: int) -> dict[str, Any]:
    """Peak RSS of `hedgekit score` on a file of ``mb`` MB, and of the same run on a tenth of it."""
    out: dict[str, Any] = {}
    block = "\n\n".join(" ".join(sents[i : i + 5]) for i in range(0, 20000, 5)) + "\n\n"
    for size in (max(1, mb // 10), mb):
        with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
            written = 0
            while written < size * 1e6:
                f.write(block)
                written += len(block.encode("utf-8"))
            path = f.name
        t = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c",
                               "import sys; from hedgekit.cli import main; rc = main(['score', '-q', "
                               "'--format', 'jsonl', sys.argv[1]]); sys.stdout.flush(); " + _PEAK +
                               "print(peak(), file=sys.stderr); sys.exit(rc)", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              check=True, cwd=ROOT)
        dt = time.perf_counter() - t
        os.unlink(path)
        out[f"stream_{size}mb_peak_rss_mb"] = round(int(proc.stderr.strip().splitlines()[-1]) / 1024, 1)
        out[f"stream_{size}mb_mb_per_s"] = round(size / dt, 2)
    return out


def machine() -> dict[str, Any]:
    import numpy
    import sklearn

    import hedgekit

    return {"hedgekit": hedgekit.__version__, "python": platform.python_version(), "numpy": numpy.__version__,
            "sklearn": sklearn.__version__, "platform": platform.platform(), "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine()}


TARGETS = [
    ("score_per_s", ">=", 10000, "core issue: score() at least 10,000 sentences/s"),
    ("score_vs_regex_time_ratio", "<=", 4.0, "score() within 4x the time of a bare regex tokenization"),
    ("n_jobs_2_speedup", ">=", 1.6, "n_jobs=2 close to 2x"),
    ("score_text_mb_per_s", ">=", 2.0, "score_text at least 2 MB/s"),
    ("import_s", "<=", 0.3, "import hedgekit under 0.3 s"),
    ("first_score_s", "<=", 1.0, "first score including model load under 1 s"),
    ("peak_rss_mb_score_100k", "<=", 200, "peak RSS scoring 100,000 sentences under 200 MB"),
    ("shipped_data_mb", "<=", 5.0, "shipped model + lexicon (+ cue models) under 5 MB"),
]


def _load(avg: Any) -> str:
    return ", ".join(f"{x:.2f}" for x in avg)


def markdown(r: dict[str, Any], command: str, when: str, wall: float) -> str:
    lines = [
        "# Speed and memory", "",
        f"Command: `{command}` (wall time {wall:.0f} s)  ",
        f"Date: {when}  ",
        f"Load average (1, 5, 15 min) at start {_load(r['load_average_at_start'])}, at end "
        f"{_load(r['load_average_at_end'])} (the benchmark itself keeps one or two cores busy; a high load at start means other work shared the machine).  ",
        "Machine: " + ", ".join(f"{k} {v}" for k, v in r["machine"].items()), "",
        "| measure | value |", "|---|---|",
    ]
    lines += [f"| {k} | {v} |" for k, v in r["results"].items()]
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    for key, op, bound, what in TARGETS:
        v = r["results"].get(key)
        ok = v is not None and (v >= bound if op == ">=" else v <= bound)
        lines.append(f"| {what} | {v} | {'yes' if ok else 'NO'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="sentences to score (default 100,000)")
    ap.add_argument("--repeat", type=int, default=5, help="runs per timing; the best is kept")
    ap.add_argument("--stream-mb", type=int, default=0, help="also stream a file of this many MB through the CLI")
    ap.add_argument("--out", type=Path, default=RESULTS, help="folder for speed.json and speed.md")
    args = ap.parse_args(argv)
    from hedgekit.benchmark import corpora_missing

    if corpora_missing(corpora_dir(), "python benchmarks/speed.py", has_option=False):
        return 1
    command = "python benchmarks/speed.py" + "".join(
        f" {a}" for a in (argv if argv is not None else sys.argv[1:]))
    load_start = os.getloadavg()
    t0 = time.perf_counter()
    results = measure(args.n, args.repeat, args.stream_mb)
    wall = time.perf_counter() - t0
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    report = {"command": command, "date": when, "wall_s": round(wall, 1), "machine": machine(), "results": results,
              "load_average_at_start": load_start, "load_average_at_end": os.getloadavg()}
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "speed.json").write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    (args.out / "speed.md").write_text(markdown(report, command, when, wall), encoding="utf-8")
    print(markdown(report, command, when, wall))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

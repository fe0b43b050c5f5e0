#!/usr/bin/python3
"""Golden values for ttestRel: statistic, pvalue and df from scipy.stats.ttest_rel; the confidence
interval from R's t.test(a, b, paired = TRUE). (Debian's scipy 1.10 builds its interval on cephes
stdtrit, whose quantile is off by ~2e-9 relative; R's qt is accurate to the last digits.)

Run from the repository root:  /usr/bin/python3 test/stats/golden/ttest-rel.py
Writes test/stats/golden/ttest-rel.json beside this script. Seeded: the output is reproducible.
"""
import json
import math
import os
import subprocess
import tempfile

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261129)


def finite(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def samples():
    # (label, a, b): paired designs like re-runs of two variants over the same seeds.
    for n in (2, 3, 5, 10, 20, 50, 200, 1000):
        base = rng.normal(0.85, 0.02, n)
        yield f"accuracy-like n={n}", base + rng.normal(0.003, 0.01, n), base
    for n in (4, 30):
        a = rng.integers(0, 10, n).astype(float)
        yield f"integers with ties n={n}", a, a + rng.integers(-2, 3, n)
    yield "heavy tails", rng.standard_t(2, 40), rng.standard_t(2, 40)
    yield "nearly identical", np.linspace(0, 1, 25), np.linspace(0, 1, 25) + 1e-9 * rng.normal(size=25)
    base = rng.normal(0, 1, 60)
    yield "extreme separation", base + 5 + rng.normal(0, 0.05, 60), base
    base = rng.normal(0, 1, 300)
    yield "far tail", base + 1 + rng.normal(0, 0.1, 300), base
    yield "negative shift", rng.normal(0, 1, 15) - 0.8, rng.normal(0, 1, 15)
    yield "collapsed runs near 0.01", np.r_[rng.normal(0.9, 0.01, 18), [0.01, 0.01]], rng.normal(0.88, 0.01, 20)


cases = []
for label, a, b in samples():
    for alternative in ("two-sided", "greater", "less"):
        for level in (0.95, 0.9):
            r = stats.ttest_rel(a, b, alternative=alternative)
            cases.append({
                "label": label,
                "a": [float(x) for x in a],
                "b": [float(x) for x in b],
                "alternative": alternative,
                "confidenceLevel": level,
                "statistic": finite(r.statistic),
                "pvalue": finite(r.pvalue),
                "df": finite(r.df),
            })


def r_intervals(cases):
    """One Rscript call for every case: t.test(a, b, paired = TRUE)$conf.int, printed to 17 digits."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for c in cases:
            f.write(f"{c['alternative']};{c['confidenceLevel']!r};{','.join(repr(x) for x in c['a'])};{','.join(repr(x) for x in c['b'])}\n")
        path = f.name
    script = (
        "for (line in readLines(commandArgs(TRUE)[1])) {"
        " p <- strsplit(line, ';')[[1]];"
        " a <- as.numeric(strsplit(p[3], ',')[[1]]); b <- as.numeric(strsplit(p[4], ',')[[1]]);"
        " ci <- t.test(a, b, paired = TRUE, alternative = sub('-', '.', p[1]), conf.level = as.numeric(p[2]))$conf.int;"
        " cat(sprintf('%.17g %.17g', ci[1], ci[2]), '\\n') }"
    )
    out = subprocess.run(["Rscript", "-e", script, path], check=True, capture_output=True, text=True).stdout
    os.unlink(path)
    return [[float(v) for v in line.split()] for line in out.strip().splitlines()]


for c, (low, high) in zip(cases, r_intervals(cases)):
    c["ci"] = [finite(low), finite(high)]

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ttest-rel.json")
with open(out, "w") as f:
    json.dump({"generator": "test/stats/golden/ttest-rel.py", "scipy": scipy.__version__, "R": subprocess.run(["Rscript", "-e", "cat(R.version.string)"], capture_output=True, text=True).stdout, "cases": cases}, f, indent=1)
print(f"{len(cases)} cases -> {out}")

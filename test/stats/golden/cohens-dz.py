#!/usr/bin/python3
"""Golden values for cohensDz: d_z = mean(a − b)/sd(a − b) (numpy, ddof 1) and its noncentral-t
confidence interval, found twice: with scipy.stats.nct.cdf and brentq (Debian's scipy 1.10.1), and
with R's pt(t, df, ncp) and uniroot (tol 1e-13), as the Cohen's d goldens in generate.R do.
(MBESS, which packages this interval, is not in Debian.)

Interval: t = d_z·√n, df = n − 1; λ_L solves P(T ≤ t | df, λ) = 1 − α/2, λ_U solves it = α/2;
the interval is [λ_L, λ_U]/√n.

Run from the repository root:  /usr/bin/python3 test/stats/golden/cohens-dz.py
Writes test/stats/golden/cohens-dz.json beside this script. Seeded: the output is reproducible.
"""
import json
import math
import os
import subprocess
import tempfile

import numpy as np
import scipy
from scipy import optimize, stats

rng = np.random.default_rng(20261130)


def samples():
    yield "doc example", [1, 2, 3.5, 4], [0, 1, 2, 2.2]
    for n in (2, 3, 5, 10, 30, 100):
        base = rng.normal(0.85, 0.02, n)
        yield f"accuracy-like n={n}", list(base + rng.normal(0.004, 0.01, n)), list(base)
    yield "negative effect n=12", list(rng.normal(0, 1, 12) - 0.7), [0.0] * 12
    yield "large effect n=8", list(rng.normal(3, 1, 8)), [0.0] * 8
    yield "near zero n=40", list(rng.normal(0, 1, 40)), list(rng.normal(0, 1, 40))


def scipy_interval(t, df, level):
    alpha = 1 - level
    width = 10 + 2 * abs(t)
    f = lambda ncp, target: stats.nct.cdf(t, df, ncp) - target
    lo = optimize.brentq(f, t - width, t + width, args=(1 - alpha / 2,), xtol=1e-14, rtol=1e-15, maxiter=500)
    hi = optimize.brentq(f, t - width, t + width, args=(alpha / 2,), xtol=1e-14, rtol=1e-15, maxiter=500)
    return lo, hi


cases = []
for label, a, b in samples():
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    n = len(d)
    dz = float(np.mean(d) / np.std(d, ddof=1))
    t = dz * math.sqrt(n)
    for level in (0.95, 0.9):
        lo, hi = scipy_interval(t, n - 1, level)
        cases.append({"label": label, "a": [float(v) for v in a], "b": [float(v) for v in b], "confidenceLevel": level,
                      "estimate": dz, "t": t, "df": n - 1,
                      "scipy": {"ci": [lo / math.sqrt(n), hi / math.sqrt(n)]}})


def r_intervals(cases):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for c in cases:
            f.write(f"{c['t']!r};{c['df']};{c['confidenceLevel']!r}\n")
        path = f.name
    script = (
        "for (line in readLines(commandArgs(TRUE)[1])) {"
        " p <- as.numeric(strsplit(line, ';')[[1]]); tt <- p[1]; df <- p[2]; alpha <- 1 - p[3];"
        " f <- function(ncp, target) pt(tt, df, ncp) - target; width <- 10 + 2 * abs(tt);"
        " lo <- uniroot(f, c(tt - width, tt + width), target = 1 - alpha / 2, tol = 1e-13, extendInt = 'downX')$root;"
        " hi <- uniroot(f, c(tt - width, tt + width), target = alpha / 2, tol = 1e-13, extendInt = 'downX')$root;"
        " cat(sprintf('%.17g %.17g', lo / sqrt(df + 1), hi / sqrt(df + 1)), '\\n') }"
    )
    out = subprocess.run(["Rscript", "-e", script, path], check=True, capture_output=True, text=True).stdout
    os.unlink(path)
    return [[float(v) for v in line.split()] for line in out.strip().splitlines()]


for c, (lo, hi) in zip(cases, r_intervals(cases)):
    c["r"] = {"ci": [lo, hi]}

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "cohens-dz.json")
with open(out, "w") as f:
    json.dump({"generator": "test/stats/golden/cohens-dz.py", "scipy": scipy.__version__,
               "R": subprocess.run(["Rscript", "-e", "cat(R.version.string)"], capture_output=True, text=True).stdout,
               "cases": cases}, f, indent=1)
print(f"{len(cases)} cases -> {out}")
for c in cases:
    s, r = c["scipy"]["ci"], c["r"]["ci"]
    w = r[1] - r[0]
    print(c["label"], c["confidenceLevel"], max(abs(s[0] - r[0]), abs(s[1] - r[1])) / w)

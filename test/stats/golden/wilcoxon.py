#!/usr/bin/python3
"""Golden values for wilcoxon: statistic and pvalue from scipy.stats.wilcoxon (Debian's scipy
1.10.1) for every zero_method, alternative, correction and method; and, where R's definition is
the same (zero_method 'wilcox', correction False, no tied |differences| on the exact path), R's
wilcox.test(x, y, paired = TRUE, exact = <scipy's method>, correct = FALSE): V (= R⁺) and p.

Run from the repository root:  /usr/bin/python3 test/stats/golden/wilcoxon.py
Writes test/stats/golden/wilcoxon.json beside this script. Seeded: the output is reproducible.
"""
import json
import math
import os
import subprocess
import tempfile
import warnings

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261130)


def finite(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def samples():
    # (label, x, y); y None means a one-sample test of x's differences from 0.
    yield "scipy docs example (n=9)", [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30], [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
    yield "one sample n=1", [0.4], None
    yield "one sample n=2", [0.4, -0.1], None
    yield "all positive n=6", [0.1, 0.2, 0.35, 0.4, 0.55, 0.7], None
    for n in (4, 7, 10, 15, 25, 40, 50):
        base = rng.normal(0.85, 0.02, n)
        yield f"accuracy-like n={n}", list(base + rng.normal(0.004, 0.01, n)), list(base)
    for n in (51, 80, 300):
        base = rng.normal(0.85, 0.02, n)
        yield f"accuracy-like n={n} (normal path)", list(base + rng.normal(0.002, 0.01, n)), list(base)
    # Ties among |d| but no zeros: scipy 1.10 still takes the exact table (R⁺ truncated).
    yield "tied |d| n=8", [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0], [0.0, 3.0, 2.0, 2.0, 4.0, 8.0, 5.0, 5.0]
    yield "integer differences with ties n=30", [float(v) for v in rng.integers(-3, 6, 30) + 0.0 if v != 0] + [1.0], None
    # Zeros switch to the normal approximation; every zero method differs.
    yield "zeros n=12", [0.0, 0.0, 1.5, -0.5, 2.0, 2.5, -1.0, 3.0, 0.5, 4.0, 1.5, 0.0], None
    yield "zeros and ties n=20", [float(v) for v in rng.integers(-2, 4, 20)], None
    yield "zeros n=60", [float(v) for v in np.round(rng.normal(0.3, 1, 60), 1)], None
    yield "many zeros n=10", [0.0, 0.0, 0.0, 0.0, 0.0, 1.0, 2.0, -1.0, 3.0, 4.0], None
    yield "every difference zero n=4", [0.5, 0.25, 1.0, 2.0], [0.5, 0.25, 1.0, 2.0]
    yield "shift down n=35", list(rng.normal(0, 1, 35) - 0.6), None
    yield "far tail n=200", list(rng.normal(1.5, 1, 200)), None


cases = []
for label, x, y in samples():
    d = np.asarray(x) - (np.asarray(y) if y is not None else 0)
    has_zeros = bool(np.any(d == 0))
    absd = np.abs(d[d != 0])
    has_ties = len(np.unique(absd)) < len(absd)
    for zero_method in ("wilcox", "pratt", "zsplit"):
        if not has_zeros and zero_method != "wilcox":
            # Without zeros the three methods are the same; keep a few to show it.
            if label not in ("accuracy-like n=10", "tied |d| n=8"):
                continue
        for correction in (False, True):
            for method in ("auto", "exact", "approx"):
                if method == "exact" and len(d) > 60:
                    continue
                if correction and method == "exact":
                    continue
                for alternative in ("two-sided", "greater", "less"):
                    try:
                        with warnings.catch_warnings():
                            warnings.simplefilter("ignore")
                            r = stats.wilcoxon(x, y, zero_method=zero_method, correction=correction, alternative=alternative, method=method)
                    except ValueError as e:
                        cases.append({"label": label, "x": x, "y": y, "zeroMethod": zero_method, "correction": correction, "method": method,
                                      "alternative": alternative, "error": str(e)})
                        continue
                    used = "approx" if (method == "approx" or has_zeros or (method == "auto" and len(d) > 50)) else "exact"
                    cases.append({
                        "label": label,
                        "x": [float(v) for v in x],
                        "y": None if y is None else [float(v) for v in y],
                        "zeroMethod": zero_method,
                        "correction": correction,
                        "method": method,
                        "alternative": alternative,
                        "usedMethod": used,
                        "statistic": finite(r.statistic),
                        "pvalue": finite(r.pvalue),
                        # R defines the same test only here.
                        "rComparable": zero_method == "wilcox" and not correction and not (used == "exact" and has_ties),
                    })


def r_results(cases):
    """One Rscript call: wilcox.test(x, y, paired = TRUE, exact, correct = FALSE) → V and p to 17 digits."""
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        for c in cases:
            y = ",".join(repr(v) for v in (c["y"] if c["y"] is not None else [0.0] * len(c["x"])))
            f.write(f"{c['alternative']};{'TRUE' if c['usedMethod'] == 'exact' else 'FALSE'};{','.join(repr(v) for v in c['x'])};{y}\n")
        path = f.name
    script = (
        "for (line in readLines(commandArgs(TRUE)[1])) {"
        " p <- strsplit(line, ';')[[1]];"
        " x <- as.numeric(strsplit(p[3], ',')[[1]]); y <- as.numeric(strsplit(p[4], ',')[[1]]);"
        " r <- suppressWarnings(wilcox.test(x, y, paired = TRUE, alternative = sub('-', '.', p[1]), exact = as.logical(p[2]), correct = FALSE));"
        " cat(sprintf('%.17g %.17g', r$statistic, r$p.value), '\\n') }"
    )
    out = subprocess.run(["Rscript", "-e", script, path], check=True, capture_output=True, text=True).stdout
    os.unlink(path)
    return [[float(v) for v in line.split()] for line in out.strip().splitlines()]


comparable = [c for c in cases if c.get("rComparable")]
for c, (v, p) in zip(comparable, r_results(comparable)):
    c["r"] = {"V": finite(v), "pvalue": finite(p)}

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "wilcoxon.json")
with open(out, "w") as f:
    json.dump({
        "generator": "test/stats/golden/wilcoxon.py",
        "scipy": scipy.__version__,
        "R": subprocess.run(["Rscript", "-e", "cat(R.version.string)"], capture_output=True, text=True).stdout,
        "cases": cases,
    }, f, indent=1)
print(f"{len(cases)} cases ({len(comparable)} with R) -> {out}")

#!/usr/bin/python3
"""Golden values for kdlab's statistics engine, computed by scipy/numpy/pandas (and mpmath for
reference tails), then by R through generate.R.

Run from the repository root:  /usr/bin/python3 test/stats/golden/generate.py
Writes test/stats/golden/scipy.json and (via Rscript generate.R) test/stats/golden/r.json.
Every input sample is drawn here from a seeded numpy Generator and stored in the JSON, so the
tests need neither Python nor R.
"""
import json
import math
import os
import subprocess
import sys
import tempfile
from fractions import Fraction

import mpmath
import numpy as np
import pandas as pd
import scipy
from scipy import special, stats

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20240229)


def fl(x):
    """JSON-safe float: None for nan/inf is avoided by encoding them as strings."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def arr(x):
    return [fl(v) for v in np.asarray(x, dtype=float)]


# ---------------------------------------------------------------- sample pairs
pairs = []


def add(name, a, b):
    pairs.append({"name": name, "a": arr(a), "b": arr(b)})


sizes = [(2, 2), (2, 3), (3, 2), (4, 6), (5, 5), (7, 12), (10, 10), (20, 35), (50, 50), (80, 200),
         (300, 300), (1000, 1500), (3000, 3000)]
for n1, n2 in sizes:
    add(f"normal equal-var {n1}x{n2}", rng.normal(0.5, 1.0, n1), rng.normal(0.0, 1.0, n2))
for n1, n2 in [(3, 8), (12, 5), (40, 15), (200, 60), (2500, 40)]:
    add(f"normal unequal-var {n1}x{n2}", rng.normal(1.0, 0.2, n1), rng.normal(0.7, 3.0, n2))
for n1, n2 in [(6, 6), (15, 20), (100, 90), (8, 8)]:
    add(f"integers with ties {n1}x{n2}", rng.integers(0, 6, n1), rng.integers(1, 7, n2))
for n1, n2 in [(10, 10), (60, 45), (500, 400)]:
    add(f"heavy tails t(1.5) {n1}x{n2}", rng.standard_t(1.5, n1) + 0.3, rng.standard_t(1.5, n2))
for n1, n2 in [(25, 25), (200, 180)]:
    add(f"cauchy {n1}x{n2}", rng.standard_cauchy(n1), rng.standard_cauchy(n2) + 1)


def accuracy_like(n, p, collapse):
    acc = np.clip(rng.beta(40 * p, 40 * (1 - p), n), 0, 1)
    # collapsed runs: diverged runs sit at chance level 0.01 (exactly, or a hair above)
    k = int(collapse * n)
    acc[:k] = 0.01
    acc[k:k + k // 2] = 0.01 + rng.integers(0, 3, k // 2) * 1e-4
    return rng.permutation(np.round(acc, 4))


for n1, n2, c in [(10, 10, 0.2), (30, 25, 0.1), (64, 64, 0.3), (400, 380, 0.05)]:
    add(f"accuracy in [0,1] collapsed near 0.01 {n1}x{n2}", accuracy_like(n1, 0.86, c), accuracy_like(n2, 0.85, c))
for n in [5, 40, 1000]:
    base = rng.normal(0.9, 0.02, n)
    add(f"nearly identical (p≈1) {n}", base, rng.permutation(base) + rng.normal(0, 1e-3, n))
for n1, n2 in [(8, 9), (50, 50), (3000, 3000), (2, 2000)]:
    add(f"extreme separation {n1}x{n2}", rng.normal(10, 0.5, n1), rng.normal(0, 0.5, n2))
add("one constant sample", [0.5, 0.5, 0.5, 0.5], rng.normal(0.4, 0.1, 6))
add("both constant, equal means", [2.0, 2.0, 2.0], [2.0, 2.0, 2.0, 2.0])
add("both constant, different means", [1.0, 1.0, 1.0], [3.0, 3.0])

ALTS = ["two-sided", "less", "greater"]

# ---------------------------------------------------------------- ttest_ind
ttest = []
for i, p in enumerate(pairs):
    a, b = np.array(p["a"], float), np.array(p["b"], float)
    for equal_var in (True, False):
        for alt in ALTS:
            with np.errstate(all="ignore"):
                r = stats.ttest_ind(a, b, equal_var=equal_var, alternative=alt)
            ttest.append({"pair": i, "equalVar": equal_var, "alternative": alt,
                          "statistic": fl(r.statistic), "pvalue": fl(r.pvalue)})

# ---------------------------------------------------------------- mannwhitneyu
mwu = []
small_pairs = []
for n1, n2 in [(2, 2), (3, 5), (5, 3), (4, 8), (8, 8), (6, 20), (8, 40), (9, 9), (12, 7)]:
    small_pairs.append(len(pairs))
    add(f"mwu no ties {n1}x{n2}", rng.normal(0.3, 1, n1), rng.normal(0, 1, n2))
for i, p in enumerate(pairs):
    a, b = np.array(p["a"], float), np.array(p["b"], float)
    methods = ["auto", "asymptotic"]
    if len(a) * len(b) <= 400:
        methods.append("exact")
    for method in methods:
        for alt in ALTS:
            for cont in ([True, False] if method == "asymptotic" else [True]):
                r = stats.mannwhitneyu(a, b, alternative=alt, method=method, use_continuity=cont)
                mwu.append({"pair": i, "method": method, "alternative": alt, "useContinuity": cont,
                            "statistic": fl(r.statistic), "pvalue": fl(r.pvalue)})

# ---------------------------------------------------------------- describe (pandas)
describe = []
for i, p in enumerate(pairs):
    for side in ("a", "b"):
        s = pd.Series(p[side], dtype=float)
        d = s.describe()
        describe.append({"pair": i, "side": side, "n": int(d["count"]), "mean": fl(d["mean"]), "sd": fl(d["std"]),
                         "sem": fl(s.sem()), "min": fl(d["min"]), "q1": fl(d["25%"]), "median": fl(d["50%"]),
                         "q3": fl(d["75%"]), "max": fl(d["max"]), "iqr": fl(d["75%"] - d["25%"])})

# ---------------------------------------------------------------- t tails (mpmath reference, 40 digits)
mpmath.mp.dps = 40


def t_sf_exact(t, df):
    t, df = mpmath.mpf(t), mpmath.mpf(df)
    x = df / (df + t * t)
    tail = mpmath.betainc(df / 2, mpmath.mpf(1) / 2, 0, x, regularized=True) / 2
    return tail if t > 0 else 1 - tail


tails = []
for t, df in [(1.3472007428341934, 299), (0.5, 3), (2.0, 2.5), (-1.2, 7.3), (3.1, 57.31), (10.0, 10), (25.0, 40),
              (40.0, 10), (60.0, 200.5), (1e-3, 5), (1e-8, 1000), (150.0, 800), (200.0, 2998), (1e5, 2), (1e10, 1.5),
              (300.0, 300), (45.0, 5998), (37.5, 3000), (8.0, 1.0), (-8.0, 1.0), (2.5, 1e6), (60.0, 70.0),
              (1e50, 3.0), (1e100, 5.0), (1e75, 4.0)]:
    tails.append({"t": t, "df": df, "sf": fl(t_sf_exact(t, df)), "cdf": fl(1 - t_sf_exact(t, df)),
                  "scipySf": fl(stats.t.sf(t, df))})

# statistic/df pairs whose tail is 1e-30, 1e-100 and 1e-300: t found by root search in 40 digits
for df in [1, 2, 5, 10, 30, 100, 299, 1000, 3000, 57.31]:
    for target in (1e-30, 1e-100, 1e-300):
        lt = mpmath.findroot(lambda u: mpmath.log(t_sf_exact(mpmath.exp(u), df)) - mpmath.log(target), mpmath.log(10))
        t = float(mpmath.exp(lt))
        tails.append({"t": t, "df": df, "sf": fl(t_sf_exact(t, df)), "cdf": fl(1 - t_sf_exact(t, df)),
                      "scipySf": fl(stats.t.sf(t, df))})

quantiles = []
for p, df in [(0.975, 10), (0.975, 57.31), (0.95, 2), (0.995, 3000), (0.9, 1.5), (0.999, 4.2), (1e-10, 3),
              (0.025, 298), (0.5 + 1e-9, 30), (0.8, 1)]:
    quantiles.append({"p": p, "df": df})

# ---------------------------------------------------------------- effect sizes (point estimates)
effect = []
for i, p in enumerate(pairs):
    a, b = np.array(p["a"], float), np.array(p["b"], float)
    n1, n2 = len(a), len(b)
    dfree = n1 + n2 - 2
    sp = math.sqrt(((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / dfree)
    if sp == 0:
        continue
    d = (a.mean() - b.mean()) / sp
    j = math.exp(special.gammaln(dfree / 2) - special.gammaln((dfree - 1) / 2)) / math.sqrt(dfree / 2)
    effect.append({"pair": i, "d": fl(d), "j": fl(j), "g": fl(d * j)})

# ---------------------------------------------------------------- expected max (exact rationals)
def expected_max(values, replacement):
    v = sorted(Fraction(x) for x in values)
    N = len(v)
    out = []
    for n in range(1, N + 1 if not replacement else N + 1):
        if replacement:
            w = [Fraction(i, N) ** n - Fraction(i - 1, N) ** n for i in range(1, N + 1)]
        else:
            tot = math.comb(N, n)
            w = [Fraction(math.comb(i - 1, n - 1), tot) for i in range(1, N + 1)]
        m = sum(wi * vi for wi, vi in zip(w, v))
        m2 = sum(wi * vi * vi for wi, vi in zip(w, v))
        var = m2 - m * m
        out.append({"n": n, "mean": float(m), "sd": math.sqrt(float(var)) if var > 0 else 0.0})
    return out


expmax = []
for vals in [rng.normal(0.8, 0.05, 7), np.round(rng.uniform(0.5, 0.9, 25), 2), accuracy_like(40, 0.85, 0.2),
             [0.3, 0.3, 0.3, 0.3], [0.1, 0.9]]:
    vals = arr(vals)
    for replacement in (True, False):
        expmax.append({"values": vals, "replacement": replacement, "curve": expected_max(vals, replacement)})

# ---------------------------------------------------------------- bootstrap (Monte-Carlo reference)
def poi(a, b, axis=-1):
    a = np.asarray(a)
    b = np.asarray(b)
    gt = (a[..., :, None] > b[..., None, :]).mean(axis=(-1, -2))
    eq = (a[..., :, None] == b[..., None, :]).mean(axis=(-1, -2))
    return gt + 0.5 * eq


STATS = {
    "mean": (1, lambda x, axis=-1: np.mean(x, axis=axis)),
    "median": (1, lambda x, axis=-1: np.median(x, axis=axis)),
    "std": (1, lambda x, axis=-1: np.std(x, ddof=1, axis=axis)),
    "meanDifference": (2, lambda x, y, axis=-1: np.mean(x, axis=axis) - np.mean(y, axis=axis)),
    "probabilityOfImprovement": (2, poi),
}
boot = []
boot_sets = [("mean", [rng.exponential(1.0, 30)]), ("median", [rng.normal(0, 1, 41)]),
             ("std", [rng.normal(5, 2, 25)]), ("mean", [accuracy_like(20, 0.8, 0.15)]),
             ("meanDifference", [rng.normal(0.9, 0.03, 15), rng.normal(0.88, 0.05, 12)]),
             ("probabilityOfImprovement", [rng.normal(0.9, 0.03, 10), rng.normal(0.88, 0.03, 10)])]
for name, data in boot_sets:
    k, f = STATS[name]
    for method in ("bca", "percentile"):
        if name == "probabilityOfImprovement" and method == "bca":
            continue
        ends = []
        for s in range(20):
            r = stats.bootstrap(tuple(data), f, n_resamples=9999, method=method, confidence_level=0.95,
                                random_state=np.random.default_rng(1000 + s), vectorized=True)
            ends.append([r.confidence_interval.low, r.confidence_interval.high])
        ends = np.array(ends)
        boot.append({"statistic": name, "method": method, "samples": [arr(d) for d in data],
                     "estimate": fl(f(*data)), "low": fl(ends[:, 0].mean()), "high": fl(ends[:, 1].mean()),
                     "lowSd": fl(ends[:, 0].std(ddof=1)), "highSd": fl(ends[:, 1].std(ddof=1)), "replicates": 20})

out = {
    "generator": "test/stats/golden/generate.py",
    "versions": {"scipy": scipy.__version__, "numpy": np.__version__, "pandas": pd.__version__,
                 "mpmath": mpmath.__version__},
    "pairs": pairs, "ttestInd": ttest, "mannWhitneyU": mwu, "describe": describe, "tTails": tails,
    "effectSizes": effect, "expectedMax": expmax, "bootstrap": boot,
}
with open(os.path.join(HERE, "scipy.json"), "w") as fh:
    json.dump(out, fh, separators=(",", ":"))

# ---------------------------------------------------------------- hand the samples to R
with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
    for p in pairs:
        fh.write(" ".join(repr(float(v)) for v in p["a"]) + "\n")
        fh.write(" ".join(repr(float(v)) for v in p["b"]) + "\n")
    tmp = fh.name
with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as fh:
    for q in quantiles:
        fh.write(f"{q['p']!r} {q['df']!r}\n")
    qtmp = fh.name
subprocess.run(["Rscript", os.path.join(HERE, "generate.R"), tmp, qtmp, os.path.join(HERE, "r.json")], check=True)
os.unlink(tmp)
os.unlink(qtmp)
print(f"pairs={len(pairs)} ttest={len(ttest)} mwu={len(mwu)} describe={len(describe)} tails={len(tails)} "
      f"effect={len(effect)} expectedMax={len(expmax)} bootstrap={len(boot)}", file=sys.stderr)

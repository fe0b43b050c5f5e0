#!/usr/bin/env python3
"""Goldens for the report's StatsEngine (src/analysis/stats-engine.ts) from scipy/numpy.

Run with /usr/bin/python3 (Debian scipy): python3 generate-engine-goldens.py > engine-goldens.json
"""
import json
import numpy as np
from scipy import stats
from scipy.special import gammaln

rng = np.random.default_rng(20260301)
cases = []

def add(name, a, b):
    a = [float(x) for x in a]
    b = [float(x) for x in b]
    case = {"name": name, "a": a, "b": b, "mannWhitney": {}}
    for alt in ["two-sided", "greater", "less"]:
        r = stats.mannwhitneyu(a, b, alternative=alt, method="auto")
        case["mannWhitney"][alt] = {"statistic": float(r.statistic), "pvalue": float(r.pvalue)}
    n1, n2 = len(a), len(b)
    df = n1 + n2 - 2
    sp = np.sqrt(((n1 - 1) * np.var(a, ddof=1) + (n2 - 1) * np.var(b, ddof=1)) / df)
    j = np.exp(gammaln(df / 2) - 0.5 * np.log(df / 2) - gammaln((df - 1) / 2))
    case["hedgesG"] = float(j * (np.mean(a) - np.mean(b)) / sp)
    A, B = np.array(a)[:, None], np.array(b)[None, :]
    case["probabilityOfImprovement"] = float(((A > B).sum() + 0.5 * (A == B).sum()) / (n1 * n2))
    s = np.sort(a)
    N = len(s)
    em = []
    for n in [1, 2, 5, N]:
        w = (np.arange(1, N + 1) / N) ** n - (np.arange(0, N) / N) ** n
        e = float((s * w).sum())
        em.append({"n": n, "mean": e, "sd": float(np.sqrt(max(0.0, (s * s * w).sum() - e * e)))})
    case["expectedMax"] = em
    cases.append(case)

add("small exact, no ties", [0.81, 0.84, 0.79, 0.88], [0.80, 0.78, 0.77, 0.83, 0.76])
add("small exact, seven each", rng.normal(0.85, 0.01, 7).round(6), rng.normal(0.84, 0.01, 7).round(6))
add("small with ties (asymptotic)", [1, 2, 2, 3, 4], [2, 3, 3, 5, 6, 6])
add("accuracy-like with collapsed runs", np.concatenate([rng.normal(0.86, 0.01, 40), [0.1, 0.1]]).round(4), rng.normal(0.855, 0.012, 55).round(4))
add("unequal sizes and variances", rng.normal(10, 1, 30), rng.normal(10.5, 3, 90))
add("integers with many ties", rng.integers(0, 5, 25), rng.integers(1, 6, 33))
print(json.dumps({"scipy": __import__("scipy").__version__, "cases": cases}, indent=1))

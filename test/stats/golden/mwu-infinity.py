#!/usr/bin/python3
"""Golden values for mannWhitneyU with ±Infinity, from scipy 1.10.1: infinite values are ranked
like any other (scipy's own test_gh_11355b uses the first five pairs below).

Run from the repository root:  /usr/bin/python3 test/stats/golden/mwu-infinity.py
Writes test/stats/golden/mwu-infinity.json.
"""
import json
import math
import warnings
import os

import numpy as np
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
inf = np.inf


def fl(x):
    x = float(x)
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


pairs = [
    ([1, 2, 3, 4], [3, 6, 7, 8, inf, 3, 2, 1, 4, 4, 5]),
    ([1, 2, 3, 4], [3, 6, 7, 8, inf, inf, 2, 1, 4, 4, 5]),
    ([1, 2, inf, 4], [3, 6, 7, 8, inf, 3, 2, 1, 4, 4, 5]),
    ([1, 2, inf, inf], [3, 6, 7, 8, inf, inf, 2, 1, 4, 4, 5]),
    ([1, inf, inf, inf], [3, 6, 7, 8, inf, inf, 2, 1, 4, 4, 5]),
    ([-inf, 0.5, 2, 9], [1, 3, -inf, 4]),
    ([-inf, 1.5, 2.5], [1, 3, 4, 6]),
    ([inf, inf], [inf, inf, inf]),
    ([-1e308, 1e308, 5e-324], [0, inf]),
]
# Not here: samples holding both +inf and -inf, which scipy 1.10's rankdata turns into NaN ranks
# (inf - inf inside it); the TypeScript test checks those by an order-preserving substitution.
cases = []
for a, b in pairs:
    for method in ["asymptotic", "exact", "auto"]:
        for alt in ["two-sided", "less", "greater"]:
            r = stats.mannwhitneyu(a, b, alternative=alt, method=method)
            if math.isnan(r.statistic) or math.isnan(r.pvalue):
                raise SystemExit(f"nan for {a} {b} {method} {alt}")
            cases.append({"a": [fl(v) for v in a], "b": [fl(v) for v in b], "method": method, "alternative": alt,
                          "statistic": fl(r.statistic), "pvalue": fl(r.pvalue)})

with open(os.path.join(HERE, "mwu-infinity.json"), "w") as f:
    json.dump({"scipy": scipy.__version__, "cases": cases}, f, indent=1)
    f.write("\n")

#!/usr/bin/python3
"""Golden values for describe() on samples near the float limits (±1e308, 5e-324), computed in
exact rational arithmetic (fractions; square roots by mpmath at 60 digits) and rounded once to
float64. numpy/pandas are stored beside them for comparison: their std overflows to inf on
±1e308 (the squares overflow), which is what describe() must not do.

Run from the repository root:  /usr/bin/python3 test/stats/golden/describe-extreme.py
Writes test/stats/golden/describe-extreme.json.
"""
import json
import math
import os
import warnings
from fractions import Fraction

import mpmath
import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
mpmath.mp.dps = 60


def fl(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def quantile(sorted_fr, q):
    """Linear interpolation (numpy's default), exactly."""
    n = len(sorted_fr)
    h = Fraction(n - 1) * Fraction(q)
    lo = math.floor(h)
    if lo >= n - 1:
        return sorted_fr[-1]
    t = h - lo
    return sorted_fr[lo] + (sorted_fr[lo + 1] - sorted_fr[lo]) * t


def rounded(fr):
    """Exact fraction → nearest float64 (inf when beyond the range)."""
    try:
        return float(fr)
    except OverflowError:
        return math.inf if fr > 0 else -math.inf


samples = {
    "opposite limits": [-1e308, 1e308, 0.0, 5e-324, 1e308],
    "two opposite limits": [-1e308, 1e308],
    "between opposite limits": [-1.5e308, 1.7e308, 1e308, -1.79e308],
    "all near max": [1.7e308, 1.6e308, 1.75e308, 1.5e308],
    "near max, negative": [-1.7e308, -1.2e308, -1.79e308],
    "subnormal": [5e-324, 1e-323, 1.5e-323, 5e-324, 2.5e-323],
    "tiny normal": [3e-310, 1e-309, 2.2e-308, 7e-310],
    "mixed extremes": [1e308, -5e-324, 1.0, -1e300, 2e307],
}
cases = []
for name, x in samples.items():
    fr = [Fraction(v) for v in x]
    n = len(fr)
    m = sum(fr) / n
    var = sum((v - m) ** 2 for v in fr) / (n - 1)
    sd = mpmath.sqrt(mpmath.mpf(var.numerator) / var.denominator)
    s = sorted(fr)
    q1, med, q3 = quantile(s, 0.25), quantile(s, 0.5), quantile(s, 0.75)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        d = pd.Series(x).describe()
    cases.append({
        "name": name, "x": [fl(v) for v in x], "n": n,
        "mean": fl(rounded(m)), "sd": fl(float(sd)), "sem": fl(float(sd / mpmath.sqrt(n))),
        "min": fl(float(s[0])), "q1": fl(rounded(q1)), "median": fl(rounded(med)), "q3": fl(rounded(q3)),
        "max": fl(float(s[-1])), "iqr": fl(rounded(q3 - q1)),
        "pandas": {"mean": fl(d["mean"]), "sd": fl(d["std"]), "q1": fl(d["25%"]), "q3": fl(d["75%"])},
    })

with open(os.path.join(HERE, "describe-extreme.json"), "w") as f:
    json.dump({"cases": cases}, f, indent=1)
    f.write("\n")

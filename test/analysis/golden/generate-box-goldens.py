#!/usr/bin/env python3
"""Goldens for tukeyBox (src/analysis/group.ts): matplotlib's boxplot statistics (what pandas'
DataFrame.boxplot draws, whis=1.5) and numpy's linear quartiles.

Run with /usr/bin/python3: python3 generate-box-goldens.py > box-goldens.json
"""
import json
import numpy as np
from matplotlib import cbook

rng = np.random.default_rng(7)
samples = {
    "eight with one outlier": [1, 2, 3, 4, 5, 6, 7, 100],
    "accuracy with collapsed runs": list(np.concatenate([rng.normal(0.86, 0.01, 60), [0.1, 0.1, 0.11]]).round(4)),
    "heavy tails both sides": list(rng.standard_t(2, 200).round(5)),
    "constant": [0.5] * 6,
    "two values": [1.0, 3.0],
    "ties at the fence": [1, 1, 1, 1, 5, 5, 5, 5, 9],
}
out = []
for name, xs in samples.items():
    xs = [float(x) for x in xs]
    s = cbook.boxplot_stats(np.array(xs), whis=1.5)[0]
    out.append({
        "name": name, "values": xs,
        "q1": float(s["q1"]), "median": float(s["med"]), "q3": float(s["q3"]),
        "whiskerLow": float(s["whislo"]), "whiskerHigh": float(s["whishi"]),
        "outliers": sorted(float(v) for v in s["fliers"]),
    })
print(json.dumps(out, indent=1))

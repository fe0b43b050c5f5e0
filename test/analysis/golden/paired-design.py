#!/usr/bin/python3
"""Golden for the paired design on a synthetic table (no real data needed): three groups of runs
keyed by (dataset, seed), with replicates, missing keys and keys only one group has. pandas
averages the replicates per (group, dataset, seed), the comparisons keep the keys both groups have,
then scipy.stats.ttest_rel and scipy.stats.wilcoxon (defaults) give the figures; R's paired
t.test gives the interval.

Run from the repository root:  /usr/bin/python3 test/analysis/golden/paired-design.py
Writes test/analysis/golden/paired-design.json beside this script. Seeded: the output is reproducible.
"""
import json
import os
import subprocess

import numpy as np
import pandas as pd
import scipy
from scipy import stats

rng = np.random.default_rng(20261130)
HERE = os.path.dirname(os.path.abspath(__file__))

rows = []
effects = {"baseline": 0.0, "kd": 0.012, "fitnet": 0.004}
for group, effect in effects.items():
    for dataset in ("mnist", "fashion"):
        for seed in range(1, 9):
            if group == "fitnet" and seed == 8:
                continue  # fitnet lacks a seed: that key is dropped from its comparisons
            block = 0.9 + (0.05 if dataset == "mnist" else -0.1) + 0.01 * np.sin(seed)
            reps = 2 if (group == "kd" and seed in (2, 5)) or (group == "baseline" and seed == 3) else 1
            for _ in range(reps):
                rows.append({"group": group, "dataset": dataset, "seed": str(seed) if seed % 2 else f"{seed}.0",
                             "acc": float(block + effect + rng.normal(0, 0.004))})
    rows.append({"group": group, "dataset": None, "seed": "1", "acc": 0.5})  # missing key part
rows.append({"group": "baseline", "dataset": "cifar", "seed": "1", "acc": 0.7})  # a key no other group has

df = pd.DataFrame(rows)
df["seedKey"] = df["seed"].astype(float)
keyed = df.dropna(subset=["dataset"])
cells = keyed.groupby(["group", "dataset", "seedKey"])["acc"].agg(["mean", "count"]).reset_index()

comparisons = []
used = set()  # (group, dataset, seed) cells in some matched pair
for a, b in (("kd", "baseline"), ("fitnet", "baseline"), ("kd", "fitnet")):
    ca = cells[cells["group"] == a].set_index(["dataset", "seedKey"])
    cb = cells[cells["group"] == b].set_index(["dataset", "seedKey"])
    keys = sorted(set(ca.index) & set(cb.index), key=lambda k: (k[0], k[1]))
    used.update((g, *k) for g in (a, b) for k in keys)
    xa = ca.loc[keys, "mean"].to_numpy()
    xb = cb.loc[keys, "mean"].to_numpy()
    t = stats.ttest_rel(xa, xb)
    w = stats.wilcoxon(xa, xb)
    ci = subprocess.run(["Rscript", "-e", f"ci <- t.test(c({','.join(repr(v) for v in xa)}), c({','.join(repr(v) for v in xb)}), paired = TRUE)$conf.int; cat(sprintf('%.17g %.17g', ci[1], ci[2]))"],
                        check=True, capture_output=True, text=True).stdout.split()
    comparisons.append({
        "a": a, "b": b, "n": len(keys),
        "droppedA": int(len(ca) - len(keys)), "droppedB": int(len(cb) - len(keys)),
        "paired": {"statistic": float(t.statistic), "pvalue": float(t.pvalue), "df": float(t.df), "ci": [float(v) for v in ci]},
        "wilcoxon": {"statistic": float(w.statistic), "pvalue": float(w.pvalue)},
    })

replicates = int(cells[cells["count"] > 1]["count"].sum())
out = {
    "generator": "test/analysis/golden/paired-design.py", "scipy": scipy.__version__, "pandas": pd.__version__,
    "rows": [{k: (None if (isinstance(v, float) and np.isnan(v)) else v) for k, v in r.items()} for r in rows],
    "keys": int(len(cells[["dataset", "seedKey"]].drop_duplicates())),
    "replicatesAveraged": replicates,
    "missingKey": int(df["dataset"].isna().sum()),
    # runs in no matched pair of any comparison: a missing key part, or an unmatched cell
    "dropped": int(df["dataset"].isna().sum() + cells[[(r.group, r.dataset, r.seedKey) not in used for r in cells.itertuples()]]["count"].sum()),
    "comparisons": comparisons,
}
with open(os.path.join(HERE, "paired-design.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps({k: v for k, v in out.items() if k != "rows"}, indent=1))

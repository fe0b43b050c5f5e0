#!/usr/bin/python3
"""Cross-check figures for the paired design of the PaulErpen W&B export (../shared/realdata):
group = method (the `name` prefix before the first '-'), metric `test_full/psnr`, finished runs
only; runs matched by scene × budget from `name` (`method-scene-budget-rep`), replicates (same
method, scene and budget) averaged. Compares mcmc with default (and mcmc with eagles) using
scipy.stats.ttest_rel and scipy.stats.wilcoxon (Debian's scipy 1.10.1, pandas for the reading).

Only the resulting figures are stored (the export itself is not redistributed).
Run from the repository root:  /usr/bin/python3 test/analysis/golden/paired-realdata.py
"""
import json
import os

import numpy as np
import pandas as pd
import scipy
from scipy import stats

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "../../../../shared/realdata/PaulErpen__wandb-data-analysis__wandb_runs.csv")

df = pd.read_csv(SRC)
df = df[df["state"] == "finished"]
parts = df["name"].str.extract(r"^([^-]+)-([^-]+)-([^-]+)")
df = df.assign(method=parts[0], scene=parts[1], budget=parts[2])
df = df[np.isfinite(pd.to_numeric(df["test_full/psnr"], errors="coerce"))]
cells = df.groupby(["method", "scene", "budget"])["test_full/psnr"].agg(["mean", "count"]).reset_index()

out = {"generator": "test/analysis/golden/paired-realdata.py", "scipy": scipy.__version__, "file": os.path.basename(SRC), "comparisons": []}
for a, b in (("mcmc", "default"), ("mcmc", "eagles")):
    ca = cells[cells["method"] == a].set_index(["scene", "budget"])
    cb = cells[cells["method"] == b].set_index(["scene", "budget"])
    keys = sorted(set(ca.index) & set(cb.index))
    xa = ca.loc[keys, "mean"].to_numpy()
    xb = cb.loc[keys, "mean"].to_numpy()
    t = stats.ttest_rel(xa, xb)
    w = stats.wilcoxon(xa, xb)
    out["comparisons"].append({
        "a": a, "b": b, "n": len(keys),
        "droppedA": int(len(ca) - len(keys)), "droppedB": int(len(cb) - len(keys)),
        "replicatesAveraged": int(ca.loc[keys, "count"][ca.loc[keys, "count"] > 1].sum() + cb.loc[keys, "count"][cb.loc[keys, "count"] > 1].sum()),
        "paired": {"statistic": float(t.statistic), "pvalue": float(t.pvalue), "df": float(t.df)},
        "wilcoxon": {"statistic": float(w.statistic), "pvalue": float(w.pvalue)},
    })

with open(os.path.join(HERE, "paired-realdata.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out, indent=1))

#!/usr/bin/python3
"""Golden for `kdlab report --where split=test --pair-by dataset,seed` on a fixture table.

Writes report-paired.csv (the fixture: three groups keyed by (dataset, seed), with replicates, a
missing key part, a key only one group has, a failed run and rows the --where filter removes) and
report-paired.json: for every pair of groups, in both orientations, the matched vectors (replicates
averaged with pandas), scipy.stats.ttest_rel, scipy.stats.wilcoxon (defaults), R's paired t.test
interval, and the Holm-adjusted p-values (R's p.adjust) across the three comparisons.

Run from the repository root:  /usr/bin/python3 test/commands/golden/report-paired.py
Seeded: the output is reproducible.
"""
import csv
import itertools
import json
import os
import subprocess

import numpy as np
import pandas as pd
import scipy
from scipy import stats

rng = np.random.default_rng(1130)
HERE = os.path.dirname(os.path.abspath(__file__))

rows = []
effects = {"baseline": 0.0, "kd": 0.011, "fitnet": 0.003}
for group, effect in effects.items():
    for dataset in ("mnist", "fashion"):
        for seed in range(1, 7):
            if group == "fitnet" and dataset == "fashion" and seed == 6:
                continue  # a key fitnet lacks
            block = 0.9 + (0.04 if dataset == "mnist" else -0.08) + 0.012 * np.cos(seed)
            reps = 2 if (group == "kd" and seed == 2) or (group == "baseline" and seed == 4 and dataset == "mnist") else 1
            for _ in range(reps):
                rows.append({"group": group, "split": "test", "dataset": dataset, "seed": seed,
                             "state": "finished", "acc": round(float(block + effect + rng.normal(0, 0.005)), 6)})
            # rows the --where filter removes
            rows.append({"group": group, "split": "train", "dataset": dataset, "seed": seed,
                         "state": "finished", "acc": 0.99})
    rows.append({"group": group, "split": "test", "dataset": "", "seed": 1, "state": "finished", "acc": 0.5})  # missing key
    rows.append({"group": group, "split": "test", "dataset": "mnist", "seed": 3, "state": "failed", "acc": ""})
rows.append({"group": "kd", "split": "test", "dataset": "cifar", "seed": 1, "state": "finished", "acc": 0.7})  # key no other group has

with open(os.path.join(HERE, "report-paired.csv"), "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=["group", "split", "dataset", "seed", "state", "acc"], lineterminator="\n")
    w.writeheader()
    w.writerows(rows)

df = pd.read_csv(os.path.join(HERE, "report-paired.csv"), dtype={"dataset": str})
df = df[(df["split"] == "test") & (df["state"] == "finished")].dropna(subset=["dataset", "acc"])
cells = df.groupby(["group", "dataset", "seed"])["acc"].mean()

def r_num(xs):
    return "c(" + ",".join(repr(float(v)) for v in xs) + ")"

pairs = list(itertools.combinations(sorted(effects), 2))
raw = {}
for a, b in pairs:
    ca, cb = cells[a], cells[b]
    keys = sorted(set(ca.index) & set(cb.index))
    xa, xb = ca.loc[keys].to_numpy(), cb.loc[keys].to_numpy()
    raw[(a, b)] = (keys, xa, xb)

pt = [stats.ttest_rel(raw[p][1], raw[p][2]).pvalue for p in pairs]
pw = [stats.wilcoxon(raw[p][1], raw[p][2]).pvalue for p in pairs]
def holm(ps):
    out = subprocess.run(["Rscript", "-e", f"cat(sprintf('%.17g', p.adjust({r_num(ps)}, 'holm')))"],
                         check=True, capture_output=True, text=True).stdout.split()
    return [float(v) for v in out]
ht, hw = holm(pt), holm(pw)

comparisons = {}
for k, (a, b) in enumerate(pairs):
    keys, xa, xb = raw[(a, b)]
    for x, y, va, vb in ((a, b, xa, xb), (b, a, xb, xa)):
        t = stats.ttest_rel(va, vb)
        w = stats.wilcoxon(va, vb)
        ci = subprocess.run(["Rscript", "-e", f"ci <- t.test({r_num(va)}, {r_num(vb)}, paired = TRUE)$conf.int; cat(sprintf('%.17g %.17g', ci[1], ci[2]))"],
                            check=True, capture_output=True, text=True).stdout.split()
        comparisons[f"{x}|{y}"] = {
            "n": len(keys),
            "paired": {"statistic": float(t.statistic), "pvalue": float(t.pvalue), "pvalueAdjusted": ht[k], "df": float(t.df),
                       "n": len(keys), "ci": [float(v) for v in ci]},
            "wilcoxon": {"statistic": float(w.statistic), "pvalue": float(w.pvalue), "pvalueAdjusted": hw[k]},
        }

out = {"generator": "test/commands/golden/report-paired.py", "scipy": scipy.__version__, "pandas": pd.__version__,
       "where": ["split=test"], "pairBy": ["dataset", "seed"], "comparisons": comparisons}
with open(os.path.join(HERE, "report-paired.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out, indent=1)[:1500])

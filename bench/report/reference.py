#!/usr/bin/env python3
"""The notebook kdlab report replaces, as a script: pandas + scipy + matplotlib.

Same analysis as `kdlab report FILE --baseline B --alternative greater`: finished runs with a
metric, best/runs tables by group, Student and Welch t-tests, Mann-Whitney U and Holm adjustment of
every group against the baseline, and (unless --no-plot) a pandas boxplot saved as SVG.

  /usr/bin/python3 bench/report/reference.py FILE --group Sweep --metric eval/accuracy --baseline B [--no-plot] [--out DIR]
"""
import argparse
import os
import tempfile

import numpy as np
import pandas as pd
from scipy import stats

p = argparse.ArgumentParser()
p.add_argument("file")
p.add_argument("--group", default="Sweep")
p.add_argument("--metric", default="eval/accuracy")
p.add_argument("--baseline", required=True)
p.add_argument("--no-plot", action="store_true")
p.add_argument("--out", default=tempfile.gettempdir())
a = p.parse_args()

df = pd.read_csv(a.file, dtype={a.group: str})
ok = df[(df["State"].str.lower() == "finished") & df[a.metric].notna()]
print(ok.groupby(a.group)[a.metric].max().sort_values(ascending=False))
print(ok.groupby(a.group)[a.metric].count())
print(ok.groupby(a.group)[a.metric].describe())

groups = {k: v[a.metric].to_numpy() for k, v in ok.groupby(a.group)}
base = groups[a.baseline]
rows = []
for name, x in groups.items():
    if name == a.baseline:
        continue
    s = stats.ttest_ind(x, base, alternative="greater")
    w = stats.ttest_ind(x, base, alternative="greater", equal_var=False)
    m = stats.mannwhitneyu(x, base, alternative="greater")
    rows.append((name, s.pvalue, w.pvalue, m.pvalue))
# Holm adjustment, as R's p.adjust
for col in (1, 2, 3):
    ps = np.array([r[col] for r in rows])
    order = np.argsort(ps)
    adj = np.minimum(1, np.maximum.accumulate((len(ps) - np.arange(len(ps))) * ps[order]))
    out = np.empty_like(adj)
    out[order] = adj
    rows = [r + (out[i],) for i, r in enumerate(rows)]
for r in rows:
    print(r)

if not a.no_plot:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    ax = ok.boxplot(column=a.metric, by=a.group, rot=45, figsize=(10, 6))
    plt.savefig(os.path.join(a.out, "boxplot.svg"))

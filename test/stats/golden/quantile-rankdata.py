#!/usr/bin/python3
"""Golden values for quantileSorted and rankdata: numpy.quantile with its default method
('linear', R type 7) and scipy.stats.rankdata with its default method ('average'), plus the tie
group sizes (np.unique's counts, in increasing order of value).

Run from the repository root:  /usr/bin/python3 test/stats/golden/quantile-rankdata.py
Writes quantile.json and rankdata.json beside this script. Seeded: the output is reproducible.
"""
import json
import os

import numpy as np
import scipy
from scipy import stats

rng = np.random.default_rng(20261130)
here = os.path.dirname(os.path.abspath(__file__))

QS = [0.0, 0.01, 0.05, 0.1, 0.25, 1 / 3, 0.5, 2 / 3, 0.75, 0.9, 0.95, 0.975, 0.99, 1.0]


def samples():
    yield "one value", np.array([3.5])
    yield "two values", np.array([-1.0, 2.0])
    yield "all tied", np.full(7, 0.25)
    yield "integers with ties", rng.integers(0, 5, size=15).astype(float)
    yield "negative and positive", rng.normal(0, 10, size=11)
    yield "accuracies", rng.uniform(0.84, 0.89, size=20)
    yield "wide range", np.concatenate([rng.normal(0, 1e-6, 5), rng.normal(0, 1e6, 5)])
    yield "signed zeros", np.array([0.0, -0.0, 1.0, -1.0, 0.0])
    for n in (3, 4, 10, 101, 1000):
        yield f"normal n={n}", rng.normal(5, 2, size=n)


quantile_cases = []
rank_cases = []
for label, x in samples():
    qs = QS + [float(q) for q in rng.uniform(0, 1, size=6)]
    sorted_x = np.sort(x)
    quantile_cases.append(
        {
            "label": label,
            "sorted": [float(v) for v in sorted_x],
            "q": qs,
            "quantile": [float(np.quantile(sorted_x, q)) for q in qs],
        }
    )
    _, counts = np.unique(x, return_counts=True)
    rank_cases.append(
        {
            "label": label,
            "x": [float(v) for v in x],
            "ranks": [float(r) for r in stats.rankdata(x)],
            "tieSizes": [int(c) for c in counts],
        }
    )

meta = {"numpy": np.__version__, "scipy": scipy.__version__}
with open(os.path.join(here, "quantile.json"), "w") as f:
    json.dump({**meta, "cases": quantile_cases}, f)
    f.write("\n")
with open(os.path.join(here, "rankdata.json"), "w") as f:
    json.dump({**meta, "cases": rank_cases}, f)
    f.write("\n")

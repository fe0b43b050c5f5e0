# Goldens for test/stats/quantile.test.ts: numpy.quantile (method='linear', R type 7) on cases where
# interpolating from the lower neighbour alone (a + t·(b − a)) is off in the last bit.
# Run: python3 test/stats/golden/quantile.py
import random

import numpy as np

random.seed(1)
found = []
while len(found) < 2:
    n = random.randint(2, 9)
    xs = sorted(random.random() for _ in range(n))
    q = random.choice([0.25, 0.5, 0.75, 0.9, 0.1, 0.975, 0.025])
    v = float(np.quantile(np.array(xs), q))
    h = (n - 1) * q
    lo = int(np.floor(h))
    naive = xs[lo] + (h - lo) * (xs[min(lo + 1, n - 1)] - xs[lo])
    if naive != v:
        found.append((xs, q, v))
for xs, q, v in found:
    print(f"  [{xs!r}, {q!r}, {v!r}],")

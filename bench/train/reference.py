"""PyTorch CPU reference for bench/train/step.mjs: the same MLPs, loss and optimiser, one thread.

Prints one JSON object: {"torch": version, "cases": [{"name", "samples_per_second", "steps"}]}.
Usage: /usr/bin/python3 bench/train/reference.py [min_seconds]
"""
import json
import sys
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)
torch.manual_seed(0)
MIN_SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
BATCH, T, W_HARD = 128, 4.0, 0.5


def mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i + 2 < len(sizes):
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def kl_temperature(s, t, y):
    # w_hard·CE + w_soft·T²·KL(softmax(t/T) ‖ softmax(s/T)), batch mean: kdlab's kl-temperature.
    kl = F.kl_div(F.log_softmax(s / T, 1), F.log_softmax(t / T, 1), reduction="batchmean", log_target=True)
    return W_HARD * F.cross_entropy(s, y) + (1 - W_HARD) * T * T * kl


def ce(s, t, y):
    return F.cross_entropy(s, y)


def measure(sizes, loss):
    model = mlp(sizes)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x = torch.randn(BATCH, sizes[0])
    t = torch.randn(BATCH, sizes[-1])  # precomputed teacher logits
    y = torch.randint(0, sizes[-1], (BATCH,))

    def step():
        opt.zero_grad(set_to_none=True)
        out = loss(model(x), t, y)
        out.backward()
        opt.step()
        return out

    for _ in range(5):
        step()
    steps, start = 0, time.perf_counter()
    while True:
        step()
        steps += 1
        elapsed = time.perf_counter() - start
        if elapsed >= MIN_SECONDS and steps >= 3:
            break
    return {"samples_per_second": BATCH * steps / elapsed, "steps": steps}


cases = [
    ("student 784-128-10, kl-temperature", [784, 128, 10], kl_temperature),
    ("student 784-32-10, kl-temperature", [784, 32, 10], kl_temperature),
    ("teacher 784-1200-1200-10, ce", [784, 1200, 1200, 10], ce),
]
out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "cases": []}
for name, sizes, loss in cases:
    out["cases"].append({"name": name, **measure(sizes, loss)})
print(json.dumps(out))

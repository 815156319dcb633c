"""PyTorch side of bench/training.bench.ts (never a dependency of optlab).

Same protocol as bench/training.run.ts: random MNIST-shaped float32 data in 64
pre-cut batches of 128, softmax cross-entropy, Adam lr 1e-3, 20 warm-up steps,
then 200 timed steps as 5 segments of 40, median segment samples/s (wall clock,
and per CPU-second of the process); Adam
ns/param over one float32 tensor of n elements (median after 3 warm-up steps).
Prints one JSON line.

    /usr/bin/python3 bench/torch_training.py '{"threads": 1, "nets": ["784-100-10"], "adam": [1000000]}'
"""
import json
import statistics
import sys
import time

import torch


def mlp_samples_per_second(sizes, batches=64, batch=128, warmup=20, segments=5, seg_steps=40):
    g = torch.Generator().manual_seed(7)
    xs = [torch.rand(batch, sizes[0], generator=g) for _ in range(batches)]
    ys = [torch.randint(0, sizes[-1], (batch,), generator=g) for _ in range(batches)]
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    net = torch.nn.Sequential(*layers)
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    k = 0

    def step():
        nonlocal k
        b = k % batches
        k += 1
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(xs[b]), ys[b])
        loss.backward()
        opt.step()

    for _ in range(warmup):
        step()
    rates = []
    cpu = []
    for _ in range(segments):
        t0 = time.perf_counter()
        c0 = time.process_time()
        for _ in range(seg_steps):
            step()
        rates.append(seg_steps * batch / (time.perf_counter() - t0))
        cpu.append(seg_steps * batch / (time.process_time() - c0))
    return statistics.median(rates), statistics.median(cpu)


def adam_ns_per_param(n):
    p = torch.nn.Parameter(torch.sin(torch.arange(n, dtype=torch.float32)) * 0.1)
    p.grad = torch.cos(torch.arange(n, dtype=torch.float32) * 0.7) * 0.01
    opt = torch.optim.Adam([p], lr=1e-3)
    reps = 9 if n > 1_000_000 else 31
    times = []
    cpu = []
    for r in range(reps + 3):
        t0 = time.perf_counter()
        c0 = time.process_time()
        opt.step()
        c = time.process_time() - c0
        if r >= 3:
            times.append(time.perf_counter() - t0)
            cpu.append(c)
    return statistics.median(times) * 1e9 / n, statistics.median(cpu) * 1e9 / n


def main():
    cfg = json.loads(sys.argv[1] if len(sys.argv) > 1 else "{}")
    t = int(cfg.get("threads", 1))
    torch.set_num_threads(t)
    out = {"backend": "pytorch " + torch.__version__, "threads": str(t), "adam": {}, "adamCpu": {}, "mlp": {}, "mlpCpu": {}}
    with torch.no_grad():
        for n in cfg.get("adam", []):
            wall, cpu = adam_ns_per_param(n)
            out["adam"][str(n)] = wall
            out["adamCpu"][str(n)] = cpu
    for net in cfg.get("nets", []):
        wall, cpu = mlp_samples_per_second([int(s) for s in net.split("-")])
        out["mlp"][net] = wall
        out["mlpCpu"][net] = cpu
    print(json.dumps(out))


if __name__ == "__main__":
    main()

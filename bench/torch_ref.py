"""PyTorch side of `npm run bench native` (never a dependency: run only when
/usr/bin/python3 has torch). Prints one JSON object:
{"torch": version, "threads": T, "gemm": {"float32 256": GFLOP/s, ...},
 "adam": {"1000000": ns/param, ...}}, medians after warm-up.

    python3 bench/torch_ref.py --threads 1 --sizes 256,512,1024 --adam 1000000,10000000
"""
import argparse
import json
import time

import torch


def median(xs):
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def gemm(n, dtype, reps):
    g = torch.Generator().manual_seed(1)
    a = torch.randn(n, n, dtype=dtype, generator=g)
    b = torch.randn(n, n, dtype=dtype, generator=g)
    c = torch.empty(n, n, dtype=dtype)
    for _ in range(2):
        torch.matmul(a, b, out=c)
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        torch.matmul(a, b, out=c)
        ts.append(time.perf_counter() - t0)
    return 2 * n**3 / median(ts) / 1e9


def adam(n, reps):
    p = torch.nn.Parameter(torch.randn(n))
    p.grad = torch.randn(n)
    opt = torch.optim.Adam([p], lr=1e-3)
    with torch.no_grad():
        for _ in range(3):
            opt.step()
        ts = []
        for _ in range(reps):
            t0 = time.perf_counter()
            opt.step()
            ts.append(time.perf_counter() - t0)
    return median(ts) / n * 1e9


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--sizes", default="256,512,1024")
    ap.add_argument("--adam", default="")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    out = {"torch": torch.__version__, "threads": a.threads, "gemm": {}, "adam": {}}
    for dt, name in ((torch.float32, "float32"), (torch.float64, "float64")):
        for n in [int(s) for s in a.sizes.split(",") if s]:
            out["gemm"][f"{name} {n}"] = gemm(n, dt, 7 if n >= 1024 else 21)
    for n in [int(s) for s in a.adam.split(",") if s]:
        out["adam"][str(n)] = adam(n, 11)
    print(json.dumps(out))


main()

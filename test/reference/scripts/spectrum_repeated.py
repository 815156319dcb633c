"""Writes test/reference/spectrum-repeated.json: two MLP losses whose Hessians
have repeated eigenvalues, with every eigenvalue (numpy.linalg.eigvalsh of the
full Hessian from torch autograd, float64) and the trace.

- `one-layer-mse`: sizes [3, 2], MSE, n = 8. H = I₂ ⊗ G with G = (2/(m·2)) Σ x̃x̃ᵀ
  (x̃ = [x; 1]): every eigenvalue has multiplicity 2.
- `four-equal-outputs`: sizes [10, 12, 4], tanh, MSE, n = 184, at a point where
  the four output units are identical (equal columns of W₂, equal b₂, equal
  target columns): the Hessian commutes with the permutations of the outputs
  (S₄), whose 3-dimensional irreducible representation gives eigenvalues of
  multiplicity 3 — one of them right below the largest eigenvalue.

Documentation of where the fixture came from; the tests never run it.
Run: /usr/bin/python3 test/reference/scripts/spectrum_repeated.py  (torch 1.13,
NumPy 1.24), then `npx biome format --write test/reference/spectrum-repeated.json`.
"""
import json
import os

import numpy as np
import torch

torch.set_default_dtype(torch.float64)


def mlp_loss(x, sizes, X, Y):
    """The mean squared error of optlab's `mlp` problem (W row-major [n_in, n_out], then b; tanh between layers)."""
    off = 0
    a = X
    for l in range(1, len(sizes)):
        nin, nout = sizes[l - 1], sizes[l]
        W = x[off:off + nin * nout].reshape(nin, nout)
        off += nin * nout
        b = x[off:off + nout]
        off += nout
        a = a @ W + b
        if l < len(sizes) - 1:
            a = torch.tanh(a)
    return ((a - Y) ** 2).mean()


def case(name, sizes, inputs, targets, x, k, why):
    X = torch.tensor(inputs)
    Y = torch.tensor(targets)
    xt = torch.tensor(x)
    H = torch.autograd.functional.hessian(lambda t: mlp_loss(t, sizes, X, Y), xt).numpy()
    ev = np.linalg.eigvalsh(0.5 * (H + H.T))
    return {
        'name': name, 'why': why,
        'problem': {'name': 'mlp', 'sizes': sizes, 'activation': 'tanh', 'loss': 'mse',
                    'inputs': inputs, 'targets': targets},
        'x': x, 'k': k,
        'expected': {'eigenvalues': ev.tolist(), 'trace': float(np.trace(H)),
                     'asymmetry': float(np.abs(H - H.T).max())},
    }


rng = np.random.default_rng(17)
r3 = lambda a: np.round(a, 3)  # noqa: E731  (short decimals: the JSON numbers are exact)

m = 5
one = case('one-layer-mse', [3, 2], r3(rng.normal(size=(m, 3))).tolist(),
           r3(rng.normal(size=(m, 2))).tolist(), r3(rng.normal(size=8)).tolist(), 3,
           'every eigenvalue has multiplicity 2')

rng = np.random.default_rng(5)
m = 16
X = r3(rng.normal(size=(m, 10)))
rng.normal(size=(m, 1))  # (keeps the stream of the exploration that chose this point)
W1 = r3(rng.normal(size=(10, 12)) * 0.3)
b1 = r3(rng.normal(size=12) * 0.1)
w2 = r3(rng.normal(size=(12, 1)) * 0.05)
out = np.tanh(X @ W1 + b1) @ w2 + 0.1
y = r3(out + 0.3 * rng.normal(size=(m, 1)))
x = np.concatenate([W1.ravel(), b1, np.repeat(w2, 4, axis=1).ravel(), np.full(4, 0.1)])
four = case('four-equal-outputs', [10, 12, 4], X.tolist(), np.repeat(y, 4, axis=1).tolist(),
            x.tolist(), 4, 'a triple eigenvalue right below the largest: top 4 = [a, b, b, b]')

here = os.path.dirname(os.path.abspath(__file__))
out = {'generatedBy': f'torch {torch.__version__} autograd Hessian, numpy {np.__version__} '
                      'linalg.eigvalsh, float64', 'cases': [one, four]}
with open(os.path.join(here, '..', 'spectrum-repeated.json'), 'w') as fh:
    json.dump(out, fh, indent=2)
    fh.write('\n')
for c in out['cases']:
    ev = c['expected']['eigenvalues']
    print(c['name'], len(c['x']), 'top', ev[::-1][:5], 'bottom', ev[:4], 'asym', c['expected']['asymmetry'])

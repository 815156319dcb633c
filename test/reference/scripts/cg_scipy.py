"""Writes test/reference/cg-scipy.json: SciPy's nonlinear CG (Polak-Ribiere+, its
strong Wolfe search with c2 = 0.4 and the sufficient-descent condition, no restarts)
on the problems of issue 17, with the counts optlab's `cg` is compared against.

Documentation of where the fixture came from; the tests never run it.
Run: /usr/bin/python3 test/reference/scripts/cg_scipy.py  (SciPy 1.10.1, NumPy 1.24), then
`npx biome format --write test/reference/cg-scipy.json` (layout only).
"""
import json
import os

import numpy as np
import scipy
from scipy import optimize


def himmelblau(p):
    x, y = p
    a = x * x + y - 11
    b = x + y * y - 7
    return a * a + b * b


def himmelblau_grad(p):  # as in scipy/optimize/tests/test_optimize.py
    x, y = p
    return np.array([4 * x**3 + 4 * x * y - 42 * x + 2 * y**2 - 14,
                     2 * x**2 + 4 * x * y + 4 * y**3 - 26 * y - 22])


def beale(p):
    x, y = p
    return (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2


def beale_grad(p):
    x, y = p
    t1 = 1.5 - x + x * y
    t2 = 2.25 - x + x * y**2
    t3 = 2.625 - x + x * y**3
    return np.array([2 * t1 * (y - 1) + 2 * t2 * (y**2 - 1) + 2 * t3 * (y**3 - 1),
                     2 * t1 * x + 4 * t2 * x * y + 6 * t3 * x * y**2])


def powell(p):
    a = p[0] + 10 * p[1]
    b = p[2] - p[3]
    c = p[1] - 2 * p[2]
    d = p[0] - p[3]
    return a * a + 5 * b * b + c**4 + 10 * d**4


def powell_grad(p):
    a = p[0] + 10 * p[1]
    b = p[2] - p[3]
    c = p[1] - 2 * p[2]
    d = p[0] - p[3]
    return np.array([2 * a + 40 * d**3, 20 * a + 4 * c**3, 10 * b - 8 * c**3, -10 * b - 40 * d**3])


here = os.path.dirname(os.path.abspath(__file__))
quad = next(c for c in json.load(open(os.path.join(here, '..', 'minimize-scipy.json')))['cases']
            if c['problem']['name'] == 'quadratic')
A = np.array(quad['problem']['A'])
b = np.array(quad['problem']['b'])

problems = {
    'rosenbrock': (optimize.rosen, optimize.rosen_der),
    'himmelblau': (himmelblau, himmelblau_grad),
    'beale': (beale, beale_grad),
    'powell': (powell, powell_grad),
    'quadratic': (lambda x: 0.5 * x @ A @ x - b @ x, lambda x: A @ x - b),
}
starts = [
    ('himmelblau', [-0.27, -0.9], "SciPy's test start (test_optimize.py himmelblau_x0)"),
    ('rosenbrock', [0.0] * 10, "SciPy's test start (test_minimize_* on rosen, np.zeros(10))"),
    ('rosenbrock', [5.0, 5.0], 'issue 17'),
    ('rosenbrock', [-1.2, 1.0], 'the classic start'),
    ('rosenbrock', [2.0, -1.5, 0.5, 1.0], 'outside-references.json trust-region start'),
    ('himmelblau', [-0.5, 0.5], 'outside-references.json trust-region start'),
    ('beale', [1.0, 1.0], 'minimize-scipy.json start'),
    ('powell', [3.0, -1.0, 0.0, 1.0], "Powell's singular function, its standard start"),
    ('quadratic', [0.0] * 6, 'minimize-scipy.json 6-d quadratic'),
]
cases = []
for name, x0, why in starts:
    f, g = problems[name]
    calls = [0]

    def counted(x, f=f):
        calls[0] += 1
        return f(x)

    iterates = []  # the first 40 iterates with the evaluations of f so far (callback)
    r = optimize.minimize(counted, np.array(x0), jac=g, method='CG',
                          options={'gtol': 1e-6, 'maxiter': 2000},
                          callback=lambda xk: len(iterates) < 40 and iterates.append(
                              {'nfev': calls[0], 'x': xk.tolist()}))
    problem = {'name': name}
    if name == 'quadratic':
        problem = {'name': name, 'A': A.tolist(), 'b': b.tolist()}
    cases.append({
        'problem': problem, 'x0': x0, 'method': 'cg', 'start': why,
        'options': {'gtol': 1e-6, 'maxIter': 2000},
        'scipy': {'method': 'CG', 'x': r.x.tolist(), 'fun': float(r.fun), 'nit': int(r.nit),
                  'nfev': int(r.nfev), 'njev': int(r.njev), 'success': bool(r.success),
                  'gradInfNorm': float(np.abs(r.jac).max()), 'iterates': iterates},
    })

out = {'generatedBy': f'scipy {scipy.__version__}, numpy {np.__version__}, float64: '
                      "minimize(method='CG', jac=..., options={'gtol': 1e-6, 'maxiter': 2000})",
       'cases': cases}
with open(os.path.join(here, '..', 'cg-scipy.json'), 'w') as fh:
    json.dump(out, fh, indent=1)
    fh.write('\n')
for c in cases:
    s = c['scipy']
    print(c['problem']['name'], c['x0'], s['nit'], s['nfev'], s['njev'], s['success'], s['fun'])

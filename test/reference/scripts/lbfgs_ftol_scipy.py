"""Writes test/reference/lbfgs-ftol-scipy.json: SciPy's L-BFGS-B stopping on its
f-tolerance (REL_REDUCTION_OF_F <= FACTR*EPSMCH), which SciPy calls a success, with
its iterate, counts, status and message.

Documentation of where the fixture came from; the tests never run it.
Run: /usr/bin/python3 test/reference/scripts/lbfgs_ftol_scipy.py  (SciPy 1.10.1),
then `npx biome format --write test/reference/lbfgs-ftol-scipy.json` (layout only).
"""
import json
import os

import numpy as np
import scipy
from scipy import optimize


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


problems = {'rosenbrock': (optimize.rosen, optimize.rosen_der), 'beale': (beale, beale_grad)}
runs = [
    ('rosenbrock', [-1.2, 1.0], 1e-6, 1e-10),
    ('rosenbrock', [-1.2, 1.0], 2.220446049250313e-09, 1e-10),  # SciPy's default ftol
    ('beale', [1.0, 1.0], 1e-8, 1e-10),
]
cases = []
for name, x0, ftol, gtol in runs:
    f, g = problems[name]
    r = optimize.minimize(f, np.array(x0), jac=g, method='L-BFGS-B',
                          options={'ftol': ftol, 'gtol': gtol, 'maxiter': 2000})
    msg = r.message if isinstance(r.message, str) else r.message.decode()
    assert msg.startswith('CONVERGENCE: REL_REDUCTION_OF_F'), msg
    cases.append({
        'problem': {'name': name}, 'x0': x0, 'method': 'lbfgs',
        'options': {'ftol': ftol, 'gtol': gtol, 'maxIter': 2000},
        'scipy': {'method': 'L-BFGS-B', 'x': r.x.tolist(), 'fun': float(r.fun), 'nit': int(r.nit),
                  'nfev': int(r.nfev), 'njev': int(r.njev), 'success': bool(r.success),
                  'status': int(r.status), 'message': msg,
                  'gradInfNorm': float(np.abs(r.jac).max())},
    })
    print(name, x0, ftol, r.nit, r.nfev, r.status, r.success, msg, np.abs(r.jac).max())

here = os.path.dirname(os.path.abspath(__file__))
out = {'generatedBy': f'scipy {scipy.__version__}, float64: minimize(method=\'L-BFGS-B\', jac=..., '
                      "options={'ftol': ..., 'gtol': ..., 'maxiter': 2000})",
       'cases': cases}
with open(os.path.join(here, '..', 'lbfgs-ftol-scipy.json'), 'w') as fh:
    json.dump(out, fh, indent=2)
    fh.write('\n')

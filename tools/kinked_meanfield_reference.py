# Independent reference numbers for the mean-field theory of kinked and discontinuous
# activations, read by KinkedReferenceTest. Not part of the build; regenerate with (about 2 minutes)
#   python3 tools/kinked_meanfield_reference.py \
#       > saturn-theory/src/test/resources/saturn/theory/meanfield/kinked-reference.csv
# (needs numpy, scipy). Critical points: sigma_w2 solved for chi1 = 1 at the given sigma_b2.
#
# Method, deliberately different from saturn-theory's (adaptive Gauss-Legendre, density-derivative
# q-map slope, difference form of the C-map near c = 1):
#   - 1-D expectations: QUADPACK (scipy.integrate.quad) on the real line, split at the kinks;
#   - q-map slope by the heat equation, d/dq E[h(sqrt(q) z)] = E[h''(u)]/2 with h = phi^2, whose
#     second derivative carries the point masses 2 phi(x_k) [phi'](x_k) delta(u - x_k) at the kinks;
#   - C-map as (sigma_w2 E[phi(u1) phi(u2)] + sigma_b2)/q*, the 2-D expectation as nested QUADPACK
#     (inner split at the kinks, which move with z1), c* by brentq, the C-map slope as
#     sigma_w2 E[phi'(u1) phi'(u2)];
#   - sign(x): closed forms, q* = sigma_w2 + sigma_b2, E[sign(u1) sign(u2)] = (2/pi) asin(c).
# Self-checks against closed forms (relu and abs arc-cosine kernels) are printed first.
import math
import sys

import numpy as np
from scipy import integrate, optimize

SQ2PI = math.sqrt(2 * math.pi)
EPSREL = 1e-13
EPSABS = 1e-15


def pdf(z):
    return math.exp(-0.5 * z * z) / SQ2PI


class Act:
    def __init__(self, formula, f, d, d2, kinks, jumps=()):
        self.formula, self.f, self.d, self.d2 = formula, f, d, d2
        self.kinks = sorted(kinks)
        self.jumps = list(jumps)

    def dd_jump(self, x):
        h = 1e-9
        return self.d(x + h) - self.d(x - h)


def heav(x):
    return 1.0 if x > 0 else 0.0


T = math.atanh(-0.5)
ACTS = [
    Act('hardtanh', lambda x: max(-1.0, min(1.0, x)), lambda x: 1.0 if abs(x) < 1 else 0.0, lambda x: 0.0, [-1, 1]),
    Act('abs(x)-1', lambda x: abs(x) - 1, lambda x: math.copysign(1.0, x), lambda x: 0.0, [0]),
    Act('max(x,0)-0.5', lambda x: max(x, 0.0) - 0.5, heav, lambda x: 0.0, [0]),
    Act('sign(x)', lambda x: float(np.sign(x)), lambda x: 0.0, lambda x: 0.0, [0], [(0.0, 2.0)]),
    Act('max(tanh(x),-0.5)', lambda x: max(math.tanh(x), -0.5),
        lambda x: 1 - math.tanh(x) ** 2 if x > T else 0.0,
        lambda x: -2 * math.tanh(x) * (1 - math.tanh(x) ** 2) if x > T else 0.0, [T]),
    Act('max(x,0.2*x)-0.3', lambda x: max(x, 0.2 * x) - 0.3, lambda x: 1.0 if x > 0 else 0.2, lambda x: 0.0, [0]),
]


def split(points):
    """Panel edges on [-40, 40] (normal mass beyond: 1e-350): a fixed grid plus the given points."""
    grid = {-40.0, -12.0, -8.0, -6.0, -4.0, -3.0, -2.0, -1.0, 0.0, 1.0, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 40.0}
    grid.update(p for p in points if -40 < p < 40)
    return sorted(grid)


def e1(h, q, kinks):
    """E[h(sqrt(q) z)], split at the kinks."""
    s = math.sqrt(q)
    edges = split([k / s for k in kinks])
    tot = 0.0
    for a, b in zip(edges[:-1], edges[1:]):
        v, _ = integrate.quad(lambda z: h(s * z) * pdf(z), a, b, epsabs=EPSABS, epsrel=EPSREL, limit=400)
        tot += v
    return tot


def qmap(a, w, b, q):
    return w * e1(lambda u: a.f(u) ** 2, q, a.kinks) + b


def qslope(a, w, q):
    if a.jumps:
        return 0.0  # only sign(x) here: phi^2 = 1 almost everywhere
    smooth = e1(lambda u: a.d(u) ** 2 + a.f(u) * a.d2(u), q, a.kinks)
    masses = sum(a.f(k) * a.dd_jump(k) * pdf(k / math.sqrt(q)) / math.sqrt(q) for k in a.kinks)
    return w * (smooth + masses)


def qstar(a, w, b):
    f = lambda q: qmap(a, w, b, q) - q
    f1 = f(1.0)
    step = 1.02 if f1 > 0 else 1 / 1.02
    lo, flo = 1.0, f1
    for _ in range(3000):
        hi = lo * step
        fhi = f(hi)
        if (fhi > 0) != (flo > 0):
            return optimize.brentq(f, min(lo, hi), max(lo, hi), xtol=1e-16, rtol=1e-15, maxiter=200)
        lo, flo = hi, fhi
        if hi > 1e8:
            return math.inf
    raise RuntimeError('no q*')


def e2(g, h, q, c, kinks):
    """E[g(u1) h(u2)], nested: inner over z2 split where u2 crosses a kink."""
    s = math.sqrt(q)
    r = math.sqrt(1 - c * c)

    def inner(z1):
        a = s * c * z1
        b = s * r
        edges = split([(k - a) / b for k in kinks])
        tot = 0.0
        for lo, hi in zip(edges[:-1], edges[1:]):
            v, _ = integrate.quad(lambda z2: h(a + b * z2) * pdf(z2), lo, hi, epsabs=EPSABS, epsrel=EPSREL,
                                  limit=400)
            tot += v
        return g(s * z1) * tot

    pts = set()
    for k in kinks:
        for centre in (k / s, k / (s * c) if c != 0 else k / s):
            pts.add(centre)
            for m in (1, 2, 4, 8, 16, 32):
                pts.add(centre + m * r / max(abs(c), 1e-3))
                pts.add(centre - m * r / max(abs(c), 1e-3))
    edges = split(pts)
    tot = 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        v, _ = integrate.quad(lambda z1: inner(z1) * pdf(z1), lo, hi, epsabs=EPSABS, epsrel=EPSREL, limit=400)
        tot += v
    return tot


def cmap(a, w, b, q, c):
    if a.jumps:
        return (w * (2 / math.pi) * math.asin(c) + b) / q
    return (w * e2(a.f, a.f, q, c, a.kinks) + b) / q


def cslope(a, w, q, c):
    if a.jumps:
        return w * (2 / math.pi) / (math.sqrt(1 - c * c) * q)
    return w * e2(a.d, a.d, q, c, a.kinks)


def xi(slope):
    m = abs(slope)
    if m >= 1 - 1e-12:
        return math.inf
    return 0.0 if m == 0 else -1 / math.log(m)


def point(a, w, b):
    q = qstar(a, w, b)
    qs = qslope(a, w, q)
    if a.jumps:
        chi1 = math.inf if w > 0 else 0.0  # the point mass of phi' squared; nothing at sigma_w2 = 0
    else:
        chi1 = w * e1(lambda u: a.d(u) ** 2, q, a.kinks)
    if chi1 > 1 + 1e-5:
        f = lambda c: cmap(a, w, b, q, c) - c
        eta = 0.5
        while f(1 - eta) >= 0:
            eta /= 2
        lo = 1 - 2 * eta if eta < 0.5 else 0.0
        c = optimize.brentq(f, lo, 1 - eta, xtol=1e-15, rtol=1e-15, maxiter=200)
        cs = cslope(a, w, q, c)
    else:
        c, cs = 1.0, chi1
    return q, qs, xi(qs), c, cs, xi(cs), chi1


def critical_w(a, b, lo, hi):
    g = lambda w: w * e1(lambda u: a.d(u) ** 2, qstar(a, w, b), a.kinks) - 1
    return optimize.brentq(g, lo, hi, xtol=1e-14, rtol=1e-15)


def self_check():
    relu = Act('relu', lambda x: max(x, 0.0), heav, lambda x: 0.0, [0])
    ab = Act('abs', abs, lambda x: math.copysign(1.0, x), lambda x: 0.0, [0])
    for q, c in [(0.7, 0.3), (1.3, 0.99), (0.5, 0.99999)]:
        got = e2(relu.f, relu.f, q, c, [0])
        want = q / (2 * math.pi) * (math.sqrt(1 - c * c) + (math.pi - math.acos(c)) * c)
        got2 = e2(ab.f, ab.f, q, c, [0])
        want2 = 2 * q / math.pi * (math.sqrt(1 - c * c) + c * math.asin(c))
        gd = e2(relu.d, relu.d, q, c, [0])
        wd = 0.25 + math.asin(c) / (2 * math.pi)
        print(f'# self-check q={q} c={c}: relu {got - want:.2e}, abs {got2 - want2:.2e}, step {gd - wd:.2e}',
              file=sys.stderr)


def main():
    self_check()
    points = {
        'hardtanh': [(0.8, 0.1, 'ordered'), ('crit', 0.05, 'critical', 1.0, 1.5), (1.5, 0.1, 'chaotic'),
                     (1.16788, 0.05, 'chaotic')],
        'abs(x)-1': [(0.7, 0.1, 'ordered'), (1.0, 0.1, 'critical'), (1.5, 0.1, 'chaotic')],
        'max(x,0)-0.5': [(1.5, 0.1, 'ordered'), (2.0, 0.1, 'critical'), (2.5, 0.1, 'chaotic')],
        # sign(x) is chaotic at every sigma_w2 > 0 (chi1 = inf: the C-map's slope at c = 1 is infinite);
        # its one ordered point is the degenerate sigma_w2 = 0, a constant network. (0.01, 1) puts c*
        # within 1e-4 of 1, where the C-map's square-root cusp is steepest.
        'sign(x)': [(1.5, 0.1, 'chaotic'), (1.0, 0.0, 'chaotic'), (0.5, 0.5, 'chaotic'), (0.01, 1.0, 'chaotic'),
                    (0.0, 0.5, 'ordered')],
        'max(tanh(x),-0.5)': [(1.0, 0.05, 'ordered'), ('crit', 0.05, 'critical', 1.0, 3.0), (3.0, 0.1, 'chaotic')],
        'max(x,0.2*x)-0.3': [(1.5, 0.1, 'ordered'), (1 / 0.52, 0.1, 'critical'), (2.2, 0.0, 'chaotic')],
    }
    print('activation;sigma_w2;sigma_b2;phase;q_star;q_slope;xi_q;c_star;c_slope;xi_c')
    for a in ACTS:
        for p in points[a.formula]:
            if p[0] == 'crit':
                w = critical_w(a, p[1], p[3], p[4])
                b = p[1]
            else:
                w, b = p[0], p[1]
            q, qs, xq, c, cs, xc, chi1 = point(a, w, b)
            print(f'# {a.formula} w={w} b={b}: chi1={chi1}', file=sys.stderr)
            vals = [q, qs, xq, c, cs, xc]
            print(';'.join([a.formula, repr(w), repr(b), p[2]] + [repr(v) if math.isfinite(v) else 'inf' for v in vals]))
            sys.stdout.flush()


if __name__ == '__main__':
    main()

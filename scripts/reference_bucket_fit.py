"""Reference values for test/fit/fitBuckets.test.ts and test/math/gammaTails.test.ts.

Part 1, "fits": exact expected bucket counts of gamma laws.
For a gamma law of mean 0.03 s and shape 0.7, 2 and 8, over prometheus_client's default bucket
bounds, prints (as JSON) the expected cumulative count of each bucket for count = 1e6
observations, the exact sum (count · mean) and the exact 0.5, 0.9 and 0.99 quantiles, all
computed with mpmath at 50 digits.

Part 2, "tails": ln P(a, x) and ln Q(a, x), the regularized incomplete gamma functions, at
shapes from 1e-3 to 1e8 and arguments from 1e-300 to 1e300 (the kernels' extreme inputs); and
"quantiles": the x with P(a, x) = p.

Run: /usr/bin/python3 scripts/reference_bucket_fit.py
"""

import json

import mpmath as mp

mp.mp.dps = 50

BOUNDS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10]
MEAN = mp.mpf("0.03")
COUNT = mp.mpf(10) ** 6


def cdf(shape, t):
    """P(X <= t) for the gamma law of this shape and mean MEAN."""
    return mp.gammainc(shape, 0, shape * t / MEAN, regularized=True)


def quantile(shape, p):
    """The t with P(X <= t) = p, by 200 bisection steps on [0, 1000·mean] (to ~1e-57 s)."""
    lo, hi = mp.mpf(0), MEAN * 1000
    for _ in range(200):
        mid = (lo + hi) / 2
        if cdf(shape, mid) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


cases = []
for shape in [mp.mpf("0.7"), mp.mpf(2), mp.mpf(8)]:
    buckets = [
        {"upperBound": float(b), "cumulativeCount": float(COUNT * cdf(shape, mp.mpf(str(b))))}
        for b in BOUNDS
    ]
    buckets.append({"upperBound": "Infinity", "cumulativeCount": float(COUNT)})
    cases.append(
        {
            "shape": float(shape),
            "sum": float(COUNT * MEAN),
            "count": float(COUNT),
            "buckets": buckets,
            "quantiles": {str(p): float(quantile(shape, mp.mpf(p))) for p in ["0.5", "0.9", "0.99"]},
        }
    )


def log_tails(a, x):
    """[ln P(a, x), ln Q(a, x)], each from the function that does not cancel."""
    a, x = mp.mpf(a), mp.mpf(x)
    q = mp.gammainc(a, x, mp.inf, regularized=True)
    if q < mp.mpf("0.5"):
        return [float(mp.log1p(-q)), float(mp.log(q))]
    # P(a, x) = xᵃ·e⁻ˣ/Γ(a+1) · ₁F₁(1; a+1; x) (DLMF 8.5.1), in log space.
    log_p = a * mp.log(x) - x - mp.loggamma(a + 1) + mp.log(mp.hyp1f1(1, a + 1, x, maxterms=10**7))
    p = mp.exp(log_p)
    return [float(log_p), float(mp.log1p(-p))]


TAIL_POINTS = [
    (1e-3, 1e-300), (1e-3, 0.5), (1e-3, 1e6), (0.7, 0.3), (2, 5), (8, 1.33), (20, 19), (20, 21),
    (499, 500), (500, 400), (600, 600), (1e4, 1e-9), (1e4, 7900), (1e4, 1e4), (1e4, 13000),
    (1e6, 1e6), (1e6, 1.001e6), (1e8, 1e8), (1e8, 0.9999e8), (1e8, 1.3e8), (1e4, 1e300),
]
QUANTILE_POINTS = [(1e-3, 0.99), (0.5, 0.9), (0.7, 0.5), (2, 0.99), (8, 1e-10), (1e4, 0.5), (1e4, 0.99)]


def gamma_quantile(a, p):
    """The x with P(a, x) = p, by 400 bisection steps on ln x in [-745, 710]."""
    a, p = mp.mpf(a), mp.mpf(p)
    lo, hi = mp.mpf(-745), mp.mpf(710)
    for _ in range(400):
        mid = (lo + hi) / 2
        if mp.gammainc(a, 0, mp.exp(mid), regularized=True) < p:
            lo = mid
        else:
            hi = mid
    return float(mp.exp((lo + hi) / 2))


print(
    json.dumps(
        {
            "fits": cases,
            "tails": [[a, x, *log_tails(a, x)] for a, x in TAIL_POINTS],
            "quantiles": [[a, p, gamma_quantile(a, p)] for a, p in QUANTILE_POINTS],
        },
        indent=1,
    )
)

"""Reference values of the central standard normal quantile z (P(|Z| <= z) = level), for
test/math/normalQuantile.test.ts: sqrt(2) * erfinv(level) at 30 digits with mpmath.

    /usr/bin/python3 scripts/reference_normal_quantile.py
"""
import mpmath

mpmath.mp.dps = 30
for level in ["0.5", "0.8", "0.9", "0.95", "0.99", "0.999", "0.999999"]:
    print(level, mpmath.nstr(mpmath.sqrt(2) * mpmath.erfinv(mpmath.mpf(level)), 17))

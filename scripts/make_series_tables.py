#!/usr/bin/env python3
"""Writes src/math/seriesTables.ts: the Taylor coefficients behind src/math/erfcx.ts and
src/math/poissonTemme.ts. Run: python3 scripts/make_series_tables.py && npm run format (needs mpmath).

1. Temme's uniform expansion of the incomplete gamma function (N. M. Temme, "The asymptotic
   expansion of the incomplete gamma functions", SIAM J. Math. Anal. 10 (1979); DLMF 8.12.3-8.12.9):
       Q(s, x) = erfc(eta*sqrt(s/2))/2 + exp(-s*eta^2/2)/sqrt(2*pi*s) * sum_k c_k(eta) s^-k,
       eta^2/2 = mu - 1 - ln mu, mu = x/s, eta of the sign of mu - 1,
       c_0 = 1/(mu - 1) - 1/eta,  c_k = c_{k-1}'(eta)/eta + (-1)^k g_k/(mu - 1),
   with g_k the Stirling coefficients. Everything is done in exact rational arithmetic on power
   series in eta: mu - 1 = t(eta) from t t' = eta (1 + t) (the derivative of t - ln(1 + t) =
   eta^2/2), then c_0, then each c_k. The 1/eta pole of c_{k-1}'/eta must cancel against
   (-1)^k g_k/(mu - 1); this fixes g_k, and the script checks that it reproduces the Stirling
   coefficients 1/12, 1/288, -139/51840, ... (DLMF 5.11.4). Each series is cut where the rest adds
   less than 1e-18 for |eta| <= ETA_MAX and s >= S_MIN. The script then prints the error of the
   whole expansion, as poissonTemme.ts cuts it, against mpmath's incomplete gamma function.
2. erfcx(y) = exp(y^2) erfc(y) on [0, 4): Taylor series about y0 = 0.25, 0.75, ..., 3.75 from the
   differential equation f' = 2 y f - 2/sqrt(pi), at 80 digits, started from mpmath's erfc.
"""
import os
from fractions import Fraction as F

import mpmath as mp

mp.mp.dps = 80
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "math",
                   "seriesTables.ts")
ETA_MAX = F(24, 100)  # >= |eta| at the edges of the band in poisson.ts, mu in [0.8, 1.25]
S_MIN = 501  # smallest shape s = k + 1 that poisson.ts uses the expansion for
TERMS = 6  # c_0 ... c_5: the truncation error is below 2e-17 for s >= 501 (checked in tests)
ERFCX_WIDTH = F(1, 2)
ERFCX_PIECES = 8
ERFCX_DEGREE = 17


def temme_coefficients(degree=80):
    a = [F(0)] * (degree + 2)  # t(eta) = sum a_n eta^n
    a[1] = F(1)
    for m in range(2, degree + 2):
        rest = a[m - 1] - sum(a[i] * (m + 1 - i) * a[m + 1 - i] for i in range(2, m))
        a[m] = rest / (m + 1)
    w = [a[n + 1] for n in range(degree + 1)]  # t/eta
    inv = [F(1)] + [F(0)] * degree  # eta/t
    for n in range(1, degree + 1):
        inv[n] = -sum(w[j] * inv[n - j] for j in range(1, n + 1))
    c0 = [inv[n + 1] for n in range(degree)]  # (eta/t - 1)/eta
    series, stirling = [c0], []
    for k in range(1, TERMS):
        prev = series[-1]
        g = (-1) ** (k + 1) * prev[1]  # the value that cancels the pole
        stirling.append(g)
        series.append([(n + 2) * prev[n + 2] + (-1) ** k * g * c0[n] for n in range(len(prev) - 2)])
    expected = [F(1, 12), F(1, 288), F(-139, 51840), F(-571, 2488320), F(163879, 209018880),
                F(5246819, 75246796800), F(-534703531, 902961561600)]
    assert stirling == expected[: TERMS - 1], stirling
    cut = []
    for k, c in enumerate(series):
        for d in range(len(c)):
            tail = sum(abs(c[n]) * ETA_MAX ** n for n in range(d + 1, len(c))) / F(S_MIN) ** k
            if tail < F(1, 10 ** 18):
                break
        cut.append(c[: d + 1])
    return cut


def truncation_errors(temme):
    """Largest relative error of the tail ratio P(N<=k)/P(N=k) (or P(N>k)/P(N=k) below the mode)
    from the cut series, against mpmath.gammainc, at the smallest s of each cut in poissonTemme.ts
    (s >= 501: 6 terms, 1000: 5, 10^4: 4, 10^5: 3) over the band mu in [0.8, 1.25]."""
    out = []
    for shape, terms in [(501, 6), (1000, 5), (10 ** 4, 4), (10 ** 5, 3)]:
        s = mp.mpf(shape)
        worst = 0
        for mu in ["0.8", "0.85", "0.9", "0.95", "0.99", "1", "1.01", "1.05", "1.1", "1.2", "1.25"]:
            x = mp.mpf(mu) * s
            eta = mp.sign(x / s - 1) * mp.sqrt(2 * (x / s - 1 - mp.log(x / s)))
            y = eta * mp.sqrt(s / 2)
            series = sum(mp.polyval([mp.mpf(v.numerator) / v.denominator for v in reversed(c)], eta)
                         / s ** j for j, c in enumerate(temme[:terms]))
            scaled = mp.erfc(abs(y)) * mp.exp(y * y) / 2 * mp.sqrt(2 * mp.pi * s)
            approx = scaled + series if x >= s else scaled - series
            pmf = mp.exp((s - 1) * mp.log(x) - x - mp.loggamma(s))
            tail = (mp.gammainc(s, x, mp.inf, regularized=True) if x >= s
                    else mp.gammainc(s, 0, x, regularized=True))
            stirlerr = mp.loggamma(s + 1) - (s + mp.mpf(1) / 2) * mp.log(s) + s - mp.log(2 * mp.pi) / 2
            worst = max(worst, abs((x / s) * mp.exp(stirlerr) * approx / (tail / pmf) - 1))
        out.append((shape, terms, worst))
    return out


def erfcx_taylor(y0, degree):
    y0 = mp.mpf(y0.numerator) / y0.denominator
    t = [mp.erfc(y0) * mp.exp(y0 * y0)]
    t.append(2 * y0 * t[0] - 2 / mp.sqrt(mp.pi))
    for n in range(1, degree):
        t.append((2 * y0 * t[n] + 2 * t[n - 1]) / (n + 1))
    return t


def num(x):
    return mp.nstr(mp.mpf(x.numerator) / x.denominator if isinstance(x, F) else x, 17,
                   strip_zeros=False, min_fixed=-5, max_fixed=5)


def array(values):
    return "[\n  " + ", ".join(num(v) for v in values) + ",\n]"


def main():
    temme = temme_coefficients()
    erfcx = [erfcx_taylor(ERFCX_WIDTH * (i + F(1, 2)), ERFCX_DEGREE) for i in range(ERFCX_PIECES)]
    lines = [
        "// Generated by scripts/make_series_tables.py (mpmath, exact rational series); do not edit.",
        "",
        "/**",
        f" * Temme's c_0 … c_{TERMS - 1} (DLMF 8.12.8–8.12.9) as Σ_n ηⁿ·Σ_k c_(k,n)·s^−k: for each power n of η",
        " * from 0 up, the coefficients c_(k,n) of that power for k = 0 … `TEMME_TERMS[n]` − 1.",
        " */",
        "export const TEMME_COEFFICIENTS = new Float64Array("
        + array([temme[k][n] for n in range(len(temme[0])) for k in range(len(temme)) if n < len(temme[k])])
        + ");",
        "",
        "/** How many c_k have a coefficient of ηⁿ in `TEMME_COEFFICIENTS`, for n = 0, 1, … */",
        "export const TEMME_TERMS = ["
        + ", ".join(str(sum(1 for c in temme if n < len(c))) for n in range(len(temme[0])))
        + "];",
        "",
        "/**",
        f" * erfcx(y0 + h) = Σ_n t_n·hⁿ about y0 = {float(ERFCX_WIDTH / 2):g}, "
        f"{float(3 * ERFCX_WIDTH / 2):g}, …: {ERFCX_PIECES} pieces of width {float(ERFCX_WIDTH):g}",
        f" * covering [0, {float(ERFCX_WIDTH * ERFCX_PIECES):g}), {ERFCX_DEGREE + 1} coefficients each, "
        "lowest power first.",
        " */",
        f"export const ERFCX_TAYLOR = new Float64Array({array([v for t in erfcx for v in t])});",
        "",
    ]
    with open(OUT, "w") as f:
        f.write("\n".join(lines))
    print(f"wrote {OUT}: {[len(c) for c in temme]} Temme, {ERFCX_PIECES} x {ERFCX_DEGREE + 1} erfcx")
    for shape, terms, worst in truncation_errors(temme):
        print(f"s >= {shape}: {terms} terms of the series, largest relative error {mp.nstr(worst, 2)}")


if __name__ == "__main__":
    main()

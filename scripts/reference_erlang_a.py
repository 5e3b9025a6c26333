"""Reference values of M/M/c+M (Erlang-A) for test/queueing/mmcAbandonment.test.ts and of M/M/c+D
for test/queueing/mmcTimeout.test.ts, at 50 digits with mpmath. M/M/c+M is computed two ways
that share no code:

1. the birth–death chain (birth λ, death min(n, c)·μ + max(n − c, 0)·θ), summed until the terms
   fall below 1e-60 of the total, with each arrival followed from its place in the queue;
2. the offered-wait density of M/M/c+G (Baccelli & Hebuterne 1981; Zeltyn & Mandelbaum 2005):
   v(x) = λ·π_{c−1}·exp(λ·∫_0^x Ḡ(u)du − cμx), integrated by quadrature with Ḡ(u) = e^(−θu):
   P(wait) = ∫v, P(abandon) = ∫v·G, E[W; served] = ∫x·Ḡ·v, E[W; abandons] = ∫v(x)∫_0^x t·g(t)dt dx,
   and P(wait) also from Garnett, Mandelbaum & Reiman's closed form with A(x, y) = Σ y^j/Π(x+k).

M/M/c+D takes the same density with Ḡ(u) = 1 for u < D (so ∫_0^x Ḡ = min(x, D)), integrated
by quadrature: P(abandon) = P(V > D), E[W] = E[min(V, D)], E[W; served] = E[V; V <= D].

    /usr/bin/python3 scripts/reference_erlang_a.py
"""
import mpmath as mp

mp.mp.dps = 50
CASES = [  # (λ per s, S s, c, patience s)
    ("60", "0.1", 4, "2"),      # 1.5× overload, the doc example
    ("30", "0.1", 4, "0.1"),    # θ = μ: N ~ Poisson(a)
    ("8", "0.2", 2, "1"),       # below capacity (the mmc example's load)
    ("950", "0.02", 16, "5"),   # 59 % overload on 16 workers
    ("90", "0.1", 10, "30"),    # ρ = 0.9, long patience: close to M/M/c
    ("0.5", "1", 3, "0.25"),    # light load, impatient clients
]


def chain(lam, s, c, pat):
    mu, th = 1 / s, 1 / pat
    w, n, ws = mp.mpf(1), 0, []
    while True:
        ws.append(w)
        n += 1
        w = w * lam / (min(n, c) * mu + max(n - c, 0) * th)
        if n > c + 10 and w < mp.mpf(10) ** -60 * sum(ws):
            break
    total = mp.fsum(ws)
    p = [x / total for x in ws]
    out = dict(waiting=0, busy=0, queue=0, inSystem=0, abandon=0, served=0, wait=0, ws=0, wa=0)
    h = g = mp.mpf(0)
    for n, pn in enumerate(p):
        out["inSystem"] += n * pn
        out["busy"] += min(n, c) * pn
        if n < c:
            out["served"] += pn
            continue
        k = n - c + 1
        r = c * mu + k * th
        h += 1 / (c * mu + k * th)
        g += k / (c * mu + k * th)
        out["waiting"] += pn
        out["queue"] += (n - c) * pn
        out["abandon"] += pn * k * th / r
        out["served"] += pn * c * mu / r
        out["wait"] += pn * k / r
        out["ws"] += pn * c * mu / r * h
        out["wa"] += pn * th / r * g
    return out, p


def density(lam, s, c, pat):
    mu, th = 1 / s, 1 / pat
    a = lam * s
    low = mp.fsum(a**j / mp.factorial(j) for j in range(c))  # Σ_{j<c} π_j / π_0
    v = lambda x: lam * a ** (c - 1) / mp.factorial(c - 1) * mp.exp(lam * (1 - mp.exp(-th * x)) / th - c * mu * x)
    quad = lambda f: mp.quad(f, [0, 1 / (c * mu), 10 / (c * mu), mp.inf])
    wait = quad(v)
    pi0 = 1 / (low + wait)
    x_, y_ = c * mu / th, lam / th
    big_a, term, j = mp.mpf(0), mp.mpf(1), 0  # A(x, y) = Σ_j y^j/Π_{k<=j}(x + k)
    while j <= y_ - x_ or term > mp.mpf(10) ** -60 * big_a:
        big_a += term
        j += 1
        term *= y_ / (x_ + j)
    erlang_b = (a**c / mp.factorial(c)) / mp.fsum(a**j / mp.factorial(j) for j in range(c + 1))
    return dict(
        waiting=pi0 * wait,
        garnett=erlang_b * big_a / (1 + (big_a - 1) * erlang_b),
        abandon=pi0 * quad(lambda x: v(x) * (1 - mp.exp(-th * x))),
        ws=pi0 * quad(lambda x: x * mp.exp(-th * x) * v(x)),
        # ∫_0^x t·θe^(−θt) dt = (1 − e^(−θx)(1 + θx))/θ
        wa=pi0 * quad(lambda x: v(x) * (1 - mp.exp(-th * x) * (1 + th * x)) / th),
    )


for lam_s, s_s, c, pat_s in CASES:
    lam, s, pat = mp.mpf(lam_s), mp.mpf(s_s), mp.mpf(pat_s)
    o, p = chain(lam, s, c, pat)
    d = density(lam, s, c, pat)
    for key in ("waiting", "abandon", "ws", "wa"):
        assert abs(o[key] - d[key]) < mp.mpf(10) ** -30 * abs(d[key]), (key, o[key], d[key])
    assert abs(o["waiting"] - d["garnett"]) < mp.mpf(10) ** -30
    print(
        f"λ = {lam_s}, S = {s_s}, c = {c}, patience = {pat_s}:",
        dict(
            utilization=mp.nstr(o["busy"] / c, 17),
            throughputPerSec=mp.nstr(lam * o["served"], 17),
            probabilityOfWaiting=mp.nstr(o["waiting"], 17),
            abandonmentProbability=mp.nstr(o["abandon"], 17),
            meanInSystem=mp.nstr(o["inSystem"], 17),
            meanQueueLength=mp.nstr(o["queue"], 17),
            meanWaitSec=mp.nstr(o["wait"], 17),
            meanWaitServedSec=mp.nstr(o["ws"] / o["served"], 17),
            meanWaitAbandonedSec=mp.nstr(o["wa"] / o["abandon"], 17),
            p0=mp.nstr(p[0], 17),
        ),
    )


TIMEOUT_CASES = [  # (λ per s, S s, c, timeout s)
    ("60", "0.1", 4, "2"),      # 1.5× overload, the doc example
    ("60", "0.1", 4, "0.5"),
    ("8", "0.2", 2, "1"),       # below capacity
    ("950", "0.02", 16, "0.25"),
    ("0.5", "1", 3, "0.25"),    # light load, impatient clients
]
print()
for lam_s, s_s, c, d_s in TIMEOUT_CASES:
    lam, s, d = mp.mpf(lam_s), mp.mpf(s_s), mp.mpf(d_s)
    mu, a = 1 / s, lam * s
    low = mp.fsum(a**j / mp.factorial(j) for j in range(c))
    v = lambda x: lam * a ** (c - 1) / mp.factorial(c - 1) * mp.exp(lam * min(x, d) - c * mu * x)
    below = mp.quad(v, [0, d])
    beyond = mp.quad(v, [d, d + 1 / (c * mu), d + 10 / (c * mu), mp.inf])
    pi0 = 1 / (low + below + beyond)
    wait_served = pi0 * mp.quad(lambda x: x * v(x), [0, d])
    abandon = pi0 * beyond
    wait = wait_served + d * abandon
    print(
        f"λ = {lam_s}, S = {s_s}, c = {c}, timeout = {d_s}:",
        dict(
            throughputPerSec=mp.nstr(lam * (1 - abandon), 17),
            probabilityOfWaiting=mp.nstr(pi0 * (below + beyond), 17),
            abandonmentProbability=mp.nstr(abandon, 17),
            meanQueueLength=mp.nstr(lam * wait, 17),
            meanWaitSec=mp.nstr(wait, 17),
            meanWaitServedSec=mp.nstr(wait_served / (1 - abandon), 17),
        ),
    )

"""Reference values of M/M/c/K+M (a finite backlog and exponential patience) for
test/queueing/mmckAbandonment.test.ts, at 50 digits with mpmath.

The stationary law is found by solving the balance equations πQ = 0, Σπ = 1 of the chain's
generator (birth λ below K, death min(n, c)·μ + max(n − c, 0)·θ) with mpmath's LU solver — not
by the products of ratios the library uses. From it: refused = π_K (Poisson arrivals see time
averages), Lq = Σ (n − c)⁺·π_n, P(abandon) = θ·Lq/λ (the rate of abandonment balanced against
arrivals), W of the admitted = Lq/(λ·(1 − π_K)) (Little), X = λ·(1 − π_K − P(abandon)).
The mean wait of the served follows each admitted arrival through its places (each left at
rate cμ + kθ), as in scripts/reference_erlang_a.py.

    /usr/bin/python3 scripts/reference_backlog.py
"""
import mpmath as mp

mp.mp.dps = 50
CASES = [  # (λ per s, S s, c, K, patience s)
    ("60", "0.1", 4, 24, "2"),  # 1.5× capacity, backlog 20: the doc example
    ("30", "0.1", 4, 9, "0.5"),  # below capacity, backlog 5
    ("190", "0.1", 16, 80, "5"),  # 1.19×, backlog 64
    ("500", "0.1", 10, 110, "30"),  # 5×, backlog 100, patient clients
    ("8", "0.2", 2, 2, "1"),  # no backlog: Erlang B whatever the patience
]


def solve(lam, s, c, k, pat):
    mu, th = 1 / s, 1 / pat
    n_states = k + 1
    q = mp.zeros(n_states, n_states)
    for n in range(n_states):
        if n < k:
            q[n, n + 1] = lam
        if n > 0:
            q[n, n - 1] = min(n, c) * mu + max(n - c, 0) * th
        q[n, n] = -sum(q[n, j] for j in range(n_states) if j != n)
    # πQ = 0 with the last equation replaced by Σπ = 1.
    a = q.T
    for j in range(n_states):
        a[n_states - 1, j] = 1
    b = mp.zeros(n_states, 1)
    b[n_states - 1] = 1
    pi = mp.lu_solve(a, b)
    lq = mp.fsum(max(n - c, 0) * pi[n] for n in range(n_states))
    l_sys = mp.fsum(n * pi[n] for n in range(n_states))
    busy = mp.fsum(min(n, c) * pi[n] for n in range(n_states))
    refused = pi[k]
    abandon = th * lq / lam
    served_joint, ws_joint, h = mp.mpf(0), mp.mpf(0), mp.mpf(0)
    for n in range(k):
        if n < c:
            served_joint += pi[n]
            continue
        j = n - c + 1
        r = c * mu + j * th
        h += 1 / r
        served_joint += pi[n] * c * mu / r
        ws_joint += pi[n] * c * mu / r * h
    wait = lq / (lam * (1 - refused))
    wait_served = ws_joint / served_joint
    wait_abandoned = (wait * (1 - refused) - wait_served * served_joint) / abandon if abandon > 0 else 0
    return dict(
        blockingProbability=refused,
        abandonmentProbability=abandon,
        servedCheck=1 - refused - abandon - served_joint,
        throughputPerSec=lam * (1 - refused - abandon),
        utilization=busy / c,
        meanInSystem=l_sys,
        meanQueueLength=lq,
        meanWaitSec=wait,
        meanWaitServedSec=wait_served,
        meanWaitAbandonedSec=wait_abandoned,
        p0=pi[0],
    )


for lam, s, c, k, pat in CASES:
    out = solve(mp.mpf(lam), mp.mpf(s), c, k, mp.mpf(pat))
    print(f"({lam}, {s}, {c}, {k}, {pat}):")
    for name, v in out.items():
        print(f"  {name}: {mp.nstr(v, 17)},")

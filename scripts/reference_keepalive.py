"""Reference values for test/queueing/keepAliveLimit.test.ts, at 40 digits with mpmath.

1. Engset's loss system (T = 0: no keep-alive, every request on a new connection): the call
   congestion of N sources and n = L − 1 servers, each source idle for Z on average and holding
   for S, from the closed form (Iversen, Teletraffic Engineering and Network Planning, DTU 2015,
   §8.3; Kleinrock, Queueing Systems Vol. 1, 1975, §3.8):
       E = C(N − 1, n)·β^n / Σ_{k=0..n} C(N − 1, k)·β^k,   β = S/Z.
2. The chain of one worker (b requests held, i idle keep-alive connections, b + i ≤ L − 1)
   with the rates keepAliveLimit's doc gives, built here from that description and solved as
   πQ = 0, Σπ = 1 with mpmath's LU solver (not by sweeps, as the library does); from π: the
   503 share (new connections that find L − 1 open, and idle connections' requests refused
   while a 503 is under way), the request rate, the open and idle connections.

    /usr/bin/python3 scripts/reference_keepalive.py
"""
import mpmath as mp

mp.mp.dps = 40

ENGSET = [  # (N, L, S, Z)
    (12, 9, "0.1", "0.5"),
    (30, 5, "0.2", "1"),
    (100, 21, "0.05", "0.2"),
]


def engset(n_sources, limit, s, z):
    servers = limit - 1
    beta = mp.mpf(s) / mp.mpf(z)
    terms = [mp.binomial(n_sources - 1, k) * beta**k for k in range(servers + 1)]
    return terms[-1] / mp.fsum(terms)


CHAINS = [  # (N, L, S, Z, T, c, r)
    (12, 9, "0.1", "0.5", "5", None, "0"),
    (12, 9, "0.1", "0.5", "0.2", None, "0"),
    (16, 9, "0.1", "1", "1", None, "0"),
    (10, 5, "0.1", "0.5", "0.5", 2, "0"),
    (12, 9, "0.1", "0.5", "5", None, "0.002"),
]


def chain(n, limit, s, z, t, c, r):
    s, z, t, r = mp.mpf(s), mp.mpf(z), mp.mpf(t), mp.mpf(r)
    places = min(limit - 1, n)
    full = places < n
    states = [(b, lv - b) for lv in range(places + 1) for b in range(lv + 1)]
    at = {st: k for k, st in enumerate(states)}
    keep = 1 - mp.exp(-t / z)
    theta = (1 - keep) / (z * keep)
    fresh = lambda lv: (n - lv) / z
    p503 = lambda lv: (1 - mp.exp(-fresh(lv) * r)) if full and lv == places else mp.mpf(0)
    q = mp.zeros(len(states), len(states))

    def add(src, dst, rate):
        if rate == 0:
            return
        q[at[src], at[dst]] += rate
        q[at[src], at[src]] -= rate

    for b, i in states:
        lv = b + i
        servers = b if c is None else min(b, c)
        if b > 0:
            add((b, i), (b - 1, i + 1), servers / s)
        if i > 0:
            add((b, i), (b + 1, i - 1), i / z * (1 - p503(lv)))
            add((b, i), (b, i - 1), i * theta + i / z * p503(lv))
        if lv < places:
            add((b, i), (b + 1, i), fresh(lv))
    size = len(states)
    a = q.T
    for j in range(size):
        a[size - 1, j] = 1  # replace the last balance equation by Σπ = 1
    rhs = mp.zeros(size, 1)
    rhs[size - 1] = 1
    pi = mp.lu_solve(a, rhs)
    requests = refused = new = open_ = idle = mp.mpf(0)
    for (b, i), k in at.items():
        lv = b + i
        p = pi[k]
        requests += p * (i / z + fresh(lv))
        new += p * fresh(lv)
        refused += p * ((fresh(lv) if full and lv == places else 0) + i / z * p503(lv))
        open_ += p * lv
        idle += p * i
    return refused / requests, requests, open_, idle, new / requests


print("ENGSET = [  // (clients, limitConcurrency, S, Z) → call congestion")
for case in ENGSET:
    print(f"  [{case[0]}, {case[1]}, {case[2]}, {case[3]}, {mp.nstr(engset(*case), 17)}],")
print("];")
print("CHAIN = [  // (clients, L, S, Z, T, servers, r) → refused, requests/s, open, idle, new share")
for case in CHAINS:
    values = ", ".join(mp.nstr(v, 17) for v in chain(*case))
    print(f"  [{list(case)}, [{values}]],")
print("];")

import { describe, expect, it } from "vitest";
import { fitWorkerMemory, KiB, MiB, ModelInputError } from "../../src/index.js";
import { relErr } from "../helpers.js";

describe("fitWorkerMemory", () => {
  it("recovers base, per-thread and per-request bytes and their standard errors (worked by hand)", () => {
    // 2 × 2 factorial design, threads ∈ {1, 3}, held ∈ {0, 2}, rss = 100 + 10·T + 50·H + e with
    // e = (+1, −1, −1, +1): the interaction pattern, orthogonal to 1, T and H, so the fit is
    // exact and SSE = 4, s² = 4/(4 − 3). Centred columns: Σ(T − T̄)² = Σ(H − H̄)² = 4, so
    // SE(perThread) = SE(perRequest) = √(4/4) = 1 and SE(base)² = 4·(1/4 + 2²/4 + 1²/4) = 6.
    const samples = [
      { threads: 1, heldRequests: 0, rssBytes: 100 + 10 + 1 },
      { threads: 3, heldRequests: 0, rssBytes: 100 + 30 - 1 },
      { threads: 1, heldRequests: 2, rssBytes: 100 + 10 + 100 - 1 },
      { threads: 3, heldRequests: 2, rssBytes: 100 + 30 + 100 + 1 },
    ];
    const fit = fitWorkerMemory({ samples });
    expect(relErr(fit.baseBytes, 100)).toBeLessThan(1e-13);
    expect(relErr(fit.perThreadBytes, 10)).toBeLessThan(1e-13);
    expect(relErr(fit.perRequestBytes, 50)).toBeLessThan(1e-13);
    expect(relErr(fit.standardErrorBytes.perThread, 1)).toBeLessThan(1e-12);
    expect(relErr(fit.standardErrorBytes.perRequest, 1)).toBeLessThan(1e-12);
    expect(relErr(fit.standardErrorBytes.base, Math.sqrt(6))).toBeLessThan(1e-12);
  });

  it("three samples give the exact solution and no standard error", () => {
    const fit = fitWorkerMemory({
      samples: [
        { threads: 1, heldRequests: 0, rssBytes: MiB(25) },
        { threads: 16, heldRequests: 0, rssBytes: MiB(25) + 15 * KiB(32) },
        { threads: 16, heldRequests: 16, rssBytes: MiB(25) + 15 * KiB(32) + 16 * MiB(4) },
      ],
    });
    expect(relErr(fit.perThreadBytes, KiB(32))).toBeLessThan(1e-9);
    expect(relErr(fit.perRequestBytes, MiB(4))).toBeLessThan(1e-12);
    expect(fit.standardErrorBytes.perRequest).toBe(Infinity);
  });

  it("rejects samples that cannot separate threads from requests, and bad fields by index", () => {
    // heldRequests = threads everywhere: the two columns are the same.
    const tied = [1, 4, 16].map((t) => ({ threads: t, heldRequests: t, rssBytes: 1000 + t }));
    expect(() => fitWorkerMemory({ samples: tied })).toThrow(/vary independently/);
    expect(() => fitWorkerMemory({ samples: tied.slice(0, 2) })).toThrow(/3 samples or more/);
    const bad = [...tied];
    bad[1] = { threads: 0, heldRequests: 0, rssBytes: 1 };
    expect(() => fitWorkerMemory({ samples: bad })).toThrow(ModelInputError);
    expect(() => fitWorkerMemory({ samples: bad })).toThrow(/samples\[1\]\.threads/);
  });
});

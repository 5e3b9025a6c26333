import fc from "fast-check";
import { expect } from "vitest";
import {
  GiB,
  type AbandonmentResult,
  type Calibration,
  type FittedValue,
  type QueueResult,
} from "../src/index.js";
import reference from "./fixtures/reference.json" with { type: "json" };

/** Relative error |a − b| / |b| (absolute when b = 0); equal infinities count as exact. */
export function relErr(a: number, b: number): number {
  if (a === b) return 0;
  if (b === 0) return Math.abs(a);
  return Math.abs(a - b) / Math.abs(b);
}

/** Rounds every number to 6 significant digits so float noise cannot break a snapshot. */
export function rounded(value: unknown): unknown {
  if (typeof value === "number")
    return Number.isFinite(value) ? Number(value.toPrecision(6)) : String(value);
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

/** The error of class `type` that `f` throws; fails the test when it throws nothing or another. */
export function thrown<E extends Error>(type: new (...args: never[]) => E, f: () => unknown): E {
  try {
    f();
  } catch (e) {
    if (e instanceof type) return e;
    throw e;
  }
  throw new Error(`no ${type.name}`);
}

// ---- Queueing models: invariants every result must satisfy, and the mpmath station check ----

// Random valid inputs for the queueing models.
export const rate = fc.double({ min: 1e-3, max: 1e4, noNaN: true });
export const time = fc.double({ min: 1e-5, max: 10, noNaN: true });
export const servers = fc.integer({ min: 1, max: 300 });
// SCVs of 0 or normal size: a subnormal SCV (1e-315) makes waits below the resolution of
// S + W, which the quantile round trip cannot see; "no NaN" for those is checked in
// test/queueing/properties.test.ts.
export const scv = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 8, noNaN: true }));
export const probability = fc.double({ min: 1e-6, max: 1 - 1e-9, noNaN: true });

export const NUMBER_FIELDS = [
  "utilization",
  "offeredLoad",
  "throughputPerSec",
  "probabilityOfWaiting",
  "blockingProbability",
  "meanInSystem",
  "meanQueueLength",
  "meanResponseTimeSec",
  "meanWaitSec",
  "varianceInSystem",
  "responseTimeVarianceSec2",
] as const;

/** Invariants every stable result must satisfy. */
export function checkInvariants(q: QueueResult, p: number): void {
  for (const f of NUMBER_FIELDS) {
    expect(Number.isNaN(q[f]), f).toBe(false);
    expect(q[f], f).toBeGreaterThanOrEqual(0);
  }
  if (!q.stable) {
    expect(q.meanResponseTimeSec).toBe(Infinity);
    expect(q.responseTimeQuantileSec(p)).toBe(Infinity);
    return;
  }
  // Little's law, for the system and for the queue.
  expect(relErr(q.meanInSystem, q.throughputPerSec * q.meanResponseTimeSec)).toBeLessThan(1e-9);
  expect(Math.abs(q.meanQueueLength - q.throughputPerSec * q.meanWaitSec)).toBeLessThanOrEqual(
    1e-9 * Math.max(1, q.meanQueueLength),
  );
  expect(q.utilization).toBeLessThanOrEqual(1);
  expect(q.probabilityOfWaiting).toBeLessThanOrEqual(1);
  // Quantiles invert the CDFs; the CDFs are monotone.
  const t = q.responseTimeQuantileSec(p);
  expect(Number.isFinite(t)).toBe(true);
  // The quantile is the generalized inverse: F(t) >= p and F just below t <= p; where the
  // response time has no atom (every exact model, and gamma-shaped approximations), F(t) = p.
  expect(q.responseTimeCdf(t)).toBeGreaterThanOrEqual(p - 1e-9);
  expect(q.responseTimeCdf(t * (1 - 1e-9))).toBeLessThanOrEqual(p + 1e-9);
  if (q.distribution === "exact") expect(Math.abs(q.responseTimeCdf(t) - p)).toBeLessThan(1e-9);
  expect(q.responseTimeCdf(t * 0.9)).toBeLessThanOrEqual(q.responseTimeCdf(t) + 1e-15);
  expect(q.responseTimeCdf(t * 1.1)).toBeGreaterThanOrEqual(q.responseTimeCdf(t) - 1e-15);
  const w = q.waitTimeQuantileSec(p);
  if (w > 0) expect(Math.abs(q.waitTimeCdf(w) - p)).toBeLessThan(1e-9);
  if (w > 0) expect(q.waitTimeCdf(0)).toBeLessThan(p);
  else expect(q.waitTimeCdf(0)).toBeGreaterThanOrEqual(p - 1e-12);
  // State probabilities lie in [0, 1] and sum to 1.
  let sum = 0;
  for (let n = 0; n < 20000 && sum < 1 - 1e-12; n++) {
    const pn = q.stateProbability(n);
    expect(pn).toBeGreaterThanOrEqual(0);
    expect(pn).toBeLessThanOrEqual(1);
    sum += pn;
  }
  if (sum < 1 - 1e-12) return; // heavy tail beyond 20,000 states: only the bound is checked
  expect(sum).toBeLessThan(1 + 1e-9);
}

/** A finite station (mmck, finiteSource) against its row of the mpmath reference. */
export function checkStation(
  q: QueueResult,
  ref: (typeof reference.mmck)[number] | (typeof reference.finiteSource)[number],
): void {
  expect(relErr(q.throughputPerSec, Number(ref.throughputPerSec))).toBeLessThan(1e-13);
  expect(relErr(q.blockingProbability, Number(ref.blockingProbability))).toBeLessThan(1e-13);
  expect(relErr(q.meanInSystem, Number(ref.meanInSystem))).toBeLessThan(1e-13);
  expect(relErr(q.meanQueueLength, Number(ref.meanQueueLength))).toBeLessThan(1e-13);
  expect(relErr(q.varianceInSystem, Number(ref.varianceInSystem))).toBeLessThan(1e-12);
  expect(relErr(q.meanWaitSec, Number(ref.meanWaitSec))).toBeLessThan(1e-13);
  expect(relErr(q.meanResponseTimeSec, Number(ref.meanResponseTimeSec))).toBeLessThan(1e-13);
  ref.stateProbability.forEach((p, n) =>
    expect(relErr(q.stateProbability(n), Number(p)), `n = ${n}`).toBeLessThan(1e-13),
  );
  for (const [t, survival] of ref.responseTimeSurvival as [number, string][]) {
    expect(relErr(1 - q.responseTimeCdf(t), Number(survival)), `t = ${t}`).toBeLessThan(1e-12);
  }
}

/** The numbers of an {@link AbandonmentResult} that the references give. */
export const ABANDONMENT_FIELDS = [
  "utilization",
  "throughputPerSec",
  "probabilityOfWaiting",
  "abandonmentProbability",
  "meanInSystem",
  "meanQueueLength",
  "meanWaitSec",
  "meanWaitServedSec",
  "meanWaitAbandonedSec",
] as const;

/** The fields a queue with abandonment shares with mmc, for the limit of endless patience. */
export const MMC_FIELDS = [
  "probabilityOfWaiting",
  "meanQueueLength",
  "meanWaitSec",
  "meanInSystem",
  "meanResponseTimeSec",
  "utilization",
  "throughputPerSec",
] as const;

/** More arrivals (`hi`) mean more waiting, abandoning, queueing, busy servers and goodput. */
export function checkMoreLoad(lo: AbandonmentResult, hi: AbandonmentResult): void {
  for (const f of [
    "probabilityOfWaiting",
    "abandonmentProbability",
    "meanQueueLength",
    "meanWaitSec",
    "utilization",
    "throughputPerSec",
  ] as const) {
    expect(hi[f], f).toBeGreaterThanOrEqual(lo[f] * (1 - 1e-12));
  }
}

/**
 * Laws every result of a queue with abandonment obeys (mmcAbandonment computes each side
 * separately; mmcTimeout builds the queue and the system from W and X, so for it the first and
 * the last are identities).
 */
export function checkAbandonmentLaws(q: AbandonmentResult, lambda: number, s: number): void {
  for (const f of [...ABANDONMENT_FIELDS, "meanResponseTimeSec"] as const) {
    expect(Number.isFinite(q[f]), f).toBe(true);
    expect(q[f], f).toBeGreaterThanOrEqual(0);
  }
  expect(q.stable).toBe(true);
  // Little's law for the queue.
  expect(Math.abs(q.meanQueueLength - lambda * q.meanWaitSec)).toBeLessThanOrEqual(
    1e-10 * Math.max(q.meanQueueLength, 1e-300),
  );
  // Goodput λ·(1 − P(abandon)), and the utilization law X·S/c.
  const abandoned = q.abandonmentProbability;
  expect(relErr(q.throughputPerSec / lambda + abandoned, 1)).toBeLessThan(1e-12);
  expect(relErr(q.utilization, (q.throughputPerSec * s) / q.servers)).toBeLessThan(1e-10);
  expect(q.utilization).toBeLessThanOrEqual(1);
  // The mean wait splits into the served's and the abandoners'.
  const split = (1 - abandoned) * q.meanWaitServedSec + abandoned * q.meanWaitAbandonedSec;
  expect(Math.abs(split - q.meanWaitSec)).toBeLessThanOrEqual(1e-10 * q.meanWaitSec);
  expect(q.abandonmentProbability).toBeLessThanOrEqual(q.probabilityOfWaiting);
  expect(q.probabilityOfWaiting).toBeLessThanOrEqual(1);
  expect(q.meanQueueLength).toBeLessThanOrEqual(q.meanInSystem);
  // Little's law for the system: every arrival waits, the served ones are also served.
  expect(relErr(q.meanInSystem, lambda * q.meanWaitSec + q.throughputPerSec * s)).toBeLessThan(
    1e-10,
  );
}

// ---- Queueing networks: published figures ----

/** |a − b| within half a unit of the last published digit. */
export function published(actual: number, value: number, decimals: number): void {
  expect(Math.abs(actual - value), `${actual} vs ${value}`).toBeLessThanOrEqual(
    0.5 * 10 ** -decimals + 1e-12,
  );
}

// The central-server model of R. Jain, The Art of Computer Systems Performance Analysis (Wiley,
// 1991), Example 34.2 (Table 34.1), 34.3 (Table 34.2) and 34.4 (Table 34.3): a CPU and two disks,
// S = 0.125, 0.3, 0.2 s, V = 16, 10, 5, think time 4 s.
export const jain = {
  stations: [
    { name: "cpu", serviceTimeSec: 0.125, visits: 16 },
    { name: "diskA", serviceTimeSec: 0.3, visits: 10 },
    { name: "diskB", serviceTimeSec: 0.2, visits: 5 },
  ],
  thinkTimeSec: 4,
};

// ---- Simulations ----

/** |simulated − exact| within twice the 95 % batch-means half-width. */
export function agrees(sim: { mean: number; low: number; high: number }, exact: number): void {
  const half = (sim.high - sim.low) / 2;
  expect(Math.abs(sim.mean - exact), `${sim.mean} vs ${exact} ± ${half}`).toBeLessThan(2 * half);
}

// ---- Calibrated predictions (predictCalibrated, checkStages): one daemon on 2 cores ----

export const fitted = (value: number, se: number): FittedValue => ({
  value,
  standardError: se,
  lower: Math.max(0, value - 1.6448536269514727 * se),
  upper: value + 1.6448536269514727 * se,
  from: "test",
});
const calibratedMachine = { cores: 2, memoryBytes: GiB(4) };
const calibratedDeployment = { kind: "daemon" as const, processes: 1, threads: 4 };
const calibratedApp = {
  cpuTimeSec: 0.008,
  ioTimeSec: 0.016,
  burstsPerRequest: 2,
  cpuTimeScv: 0.8,
  ioTimeScv: 0.8,
};
const calibratedUncertainty: Calibration["uncertainty"] = {
  responseTimeSec: fitted(0.024, 0.0005),
  cpuTimeSec: fitted(0.008, 0.0002),
  cpuTimeScv: { value: 0.8, lower: 0.6, upper: 1.1, from: "test" },
};

/** The deployment, app, machine and uncertainty that predictCalibrated and checkStages test with. */
export const calibratedQuestion = {
  machine: calibratedMachine,
  deployment: calibratedDeployment,
  app: calibratedApp,
  uncertainty: calibratedUncertainty,
};

/** Every way of putting `total` connections on `workers` workers, in worker order. */
export function compositions(workers: number, total: number): number[][] {
  if (workers === 1) return [[total]];
  const out: number[][] = [];
  for (let n = 0; n <= total; n++) {
    for (const rest of compositions(workers - 1, total - n)) out.push([n, ...rest]);
  }
  return out;
}

/** Mean and 95 % half-width (t quantile 2.262 at 9 degrees of freedom) of 10 replications. */
export function replicated(values: number[]): { mean: number; half: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, half: 2.262 * Math.sqrt(variance / values.length) };
}

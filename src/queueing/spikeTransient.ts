import { ModelInputError } from "../errors.js";
import {
  assertInteger,
  assertNonNegative,
  assertNumber,
  assertObject,
  assertPositive,
} from "../validate.js";
import { MAX_CAPACITY } from "./mmck.js";

/** Input of {@link spikeTransient}. */
export interface SpikeTransientInput {
  /** λ, the usual rate of new requests, per second; >= 0. */
  arrivalRatePerSec: number;
  /** h, the spike's height as a multiple of λ; >= 1. */
  spikeFactor: number;
  /** L, how long the spike lasts, seconds; > 0. */
  spikeDurationSec: number;
  /** S, mean time a server works on one request, seconds; > 0. */
  serviceTimeSec: number;
  /** c, the requests served at once; an integer in [1, 1,000,000]. */
  servers: number;
  /** B, waiting places (the listen backlog, see {@link listenBacklog}); an integer >= 0. */
  backlog: number;
  /**
   * The client's timeout on the whole response, seconds: an admitted request whose wait plus S
   * exceeds it fails, though the server still does the work. @defaultValue no limit
   */
  clientTimeoutSec?: number;
}

/** Result of {@link spikeTransient}: the spike starts at time 0. */
export interface SpikeTransient {
  readonly method: "approximation";
  /** cμ = c/S, the rate the servers complete requests when busy. */
  readonly capacityPerSec: number;
  /** Most requests waiting, reached when the spike ends (or when the backlog fills). */
  readonly peakQueue: number;
  /** When the backlog fills and refusals begin; `Infinity` when it never does. */
  readonly backlogFullAtSec: number;
  /**
   * Requests refused: (λh − cμ) per second once the backlog is full; `Infinity` when λ > cμ
   * (the refusals never stop).
   */
  readonly refused: number;
  /**
   * Admitted requests, from the spike's start until recovery, whose response comes after the
   * client's timeout (0 without one; `Infinity` when the queue stays above the timeout's reach).
   */
  readonly timedOut: number;
  /** Requests that arrive from the spike's start until the backlog is empty again. */
  readonly arrivals: number;
  /**
   * How long into the spike arrivals begin to be answered after the client's timeout: when the
   * fluid queue passes (D − S)·cμ, at (D − S)·cμ/(λh − cμ) — whether or not the spike lasts that
   * long; `Infinity` without a timeout, below capacity, or when the backlog cannot hold that
   * many. With retries on a metastable station ({@link retryFixedPoints}) a spike longer than
   * this tips it into the bad state (docs/queueing.md has the simulator's check).
   */
  readonly lateFromSec: number;
  /** Time after the spike's end until the backlog is empty; `Infinity` when λ >= cμ. */
  readonly recoverySec: number;
  /** The fluid number waiting at time t (seconds from the spike's start; 0 before it). */
  queueAt(tSec: number): number;
}

/**
 * A spike's transient as a fluid: requests flow in at λh for L seconds and out at the servers'
 * capacity cμ, so the backlog fills at λh − cμ, stays at B once full (the excess is refused)
 * and drains at cμ − λ after the spike. An arrival waits q/cμ behind the fluid queue q; with a
 * client timeout D it fails when q/cμ + S > D. Below capacity the fluid queue is empty.
 *
 * ```text
 * q(t) = min(B, (λh − cμ)⁺·t)  for 0 <= t <= L,   then min(B, max(0, q(L) − (cμ − λ)·(t − L)))
 * refused = (λh − cμ)·(L − t_full)⁺   recovery = q(L)/(cμ − λ)   late iff q(t) > (D − S)·cμ
 * ```
 * An approximation: the deterministic fluid limit of the queue (Newell; Kleinrock Vol. 2), good
 * when the spike's excess λh − cμ is large against the random spread of the queue; it starts
 * from an empty queue, misses the refusals and timeouts of the random queue near capacity, and
 * has no retries (see {@link retryFixedPoints} for their steady states and
 * {@link simulateOverload} for their transient). The measured error against the simulator is in
 * docs/queueing.md.
 *
 * @param input - λ, h, L, S, c, B and optionally D.
 * @returns The peak queue, when the backlog fills, refusals, timeouts, recovery time and q(t).
 * @throws {@link ModelInputError} for invalid fields, or a spike factor below 1.
 * @see G. F. Newell, Applications of Queueing Theory, 2nd ed. (Chapman & Hall, 1982), ch. 2
 *   (deterministic fluid approximation of queues under time-varying load); L. Kleinrock,
 *   Queueing Systems Vol. 2 (Wiley, 1976), §2.8 (the fluid approximation).
 * @example
 * ```ts
 * // 8 workers of 100 ms (80 req/s) at 60 req/s; a 3× spike for 30 s against gunicorn's backlog.
 * const t = spikeTransient({ arrivalRatePerSec: 60, spikeFactor: 3, spikeDurationSec: 30,
 *   serviceTimeSec: 0.1, servers: 8, backlog: 2049, clientTimeoutSec: 10 });
 * t.backlogFullAtSec; // => 20.49
 * t.refused; // => 951
 * t.recoverySec; // => 102.45
 * t.lateFromSec; // => 7.92
 * ```
 */
export function spikeTransient(input: SpikeTransientInput): SpikeTransient {
  const model = "spikeTransient";
  const o = assertObject(model, input, "input", [
    "arrivalRatePerSec",
    "spikeFactor",
    "spikeDurationSec",
    "serviceTimeSec",
    "servers",
    "backlog",
    "clientTimeoutSec",
  ]);
  const lambda = assertNonNegative(model, "arrivalRatePerSec", o.arrivalRatePerSec);
  const h = assertNumber(model, "spikeFactor", o.spikeFactor);
  if (!(h >= 1 && h < Infinity)) {
    throw new ModelInputError(model, "spikeFactor", h, "a finite number >= 1");
  }
  const spikeSec = assertPositive(model, "spikeDurationSec", o.spikeDurationSec);
  const s = assertPositive(model, "serviceTimeSec", o.serviceTimeSec);
  const c = assertInteger(model, "servers", o.servers, 1, MAX_CAPACITY);
  const b = assertInteger(model, "backlog", o.backlog, 0);
  const timeout =
    o.clientTimeoutSec === undefined
      ? Infinity
      : assertPositive(model, "clientTimeoutSec", o.clientTimeoutSec);
  const mu = c / s;
  const peak = lambda * h;
  const rise = peak - mu; // > 0: the backlog fills
  const fall = mu - lambda; // > 0: it drains after the spike
  const full = rise > 0 ? b / rise : Infinity;
  const queueEnd = rise > 0 ? Math.min(b, rise * spikeSec) : 0;
  const recovery = fall < 0 ? Infinity : queueEnd === 0 ? 0 : fall > 0 ? queueEnd / fall : Infinity;
  const queueAt = (t: number): number => {
    assertNumber(model, "tSec", t);
    if (t <= 0) return 0;
    if (t <= spikeSec) return rise > 0 ? Math.min(b, rise * t) : 0;
    return Math.min(b, Math.max(0, queueEnd - fall * (t - spikeSec)));
  };
  // Late arrivals: those who find more than q* waiting (q*/cμ + S > D), from lateFrom on.
  const threshold = (timeout - s) * mu;
  const lateFrom =
    timeout === Infinity || threshold >= b
      ? Infinity
      : threshold < 0
        ? 0
        : rise > 0
          ? threshold / rise
          : Infinity;
  let late = 0;
  if (timeout < Infinity) {
    // During the spike: admitted at λh until the backlog fills, at cμ after.
    if (lateFrom < spikeSec) {
      late += peak * Math.max(0, Math.min(full, spikeSec) - lateFrom);
      late += mu * Math.max(0, spikeSec - Math.max(full, lateFrom));
    }
    // After it: at λ while the draining queue is above q*; forever when it never drains.
    if (queueEnd > threshold) {
      late += fall > 0 ? (lambda * (queueEnd - Math.max(0, threshold))) / fall : Infinity;
    } else if (fall < 0 && threshold < b) late = Infinity; // the growing queue passes q*
  }
  // Past capacity after the spike too (λ > cμ), the backlog fills and refuses for ever.
  const refused = fall < 0 ? Infinity : rise > 0 ? rise * Math.max(0, spikeSec - full) : 0;
  return {
    method: "approximation",
    capacityPerSec: mu,
    peakQueue: queueEnd,
    backlogFullAtSec: rise > 0 && full <= spikeSec ? full : Infinity,
    lateFromSec: lateFrom,
    refused,
    timedOut: late,
    arrivals: peak * spikeSec + lambda * recovery,
    recoverySec: recovery,
    queueAt,
  };
}

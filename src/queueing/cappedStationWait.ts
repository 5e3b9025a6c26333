import { mmc } from "./mmc.js";
import { mmck } from "./mmck.js";

/** Input of {@link cappedStationWait}. @internal */
export interface CappedStationInput {
  /** λ, calls per second arriving at the station (Poisson). */
  arrivalRatePerSec: number;
  /** S, mean service time of a call, seconds (exponential). */
  serviceTimeSec: number;
  /** c, identical servers (a server's cores). */
  servers: number;
  /**
   * K, the callers: each has at most one call at the station, so it never holds more than K.
   * @defaultValue Infinity — no cap (M/M/c)
   */
  callers?: number;
}

/** The FIFO wait before service at a station: its mean and variance. @internal */
export interface StationWait {
  meanSec: number;
  varianceSec2: number;
}

/**
 * The wait at a station of c servers whose calls come from at most K callers (worker threads
 * making one call at a time): an M/M/c queue capped at K calls (M/M/c/K), a stand-in for the
 * finite-source queue that keeps the Poisson arrivals (an approximation).
 *
 * ```text
 * a = λ·S   ρ = a/c   the rate is carried iff a < min(c, K)
 * K <= c:                        W = 0 (a caller always finds a free server)
 * (K − c)·ln ρ <= ln 10⁻¹⁵:      M/M/c (P(N >= K) = C·ρ^(K − c) is out of reach)
 * otherwise:                     M/M/c/K
 * Var W = Var R − S²  (W and the exponential service are independent)
 * ```
 * @param input - λ = `arrivalRatePerSec`, S = `serviceTimeSec`, c = `servers`, K = `callers`.
 * @returns The mean and variance of the wait; 0 and 0 with no calls, `Infinity` for both when
 *   the rate cannot be carried.
 * @throws {@link ModelInputError} from {@link mmc} or {@link mmck} for inputs they refuse.
 * @internal
 */
export function cappedStationWait(input: CappedStationInput): StationWait {
  const { arrivalRatePerSec: lambda, serviceTimeSec: s, servers } = input;
  const callers = input.callers ?? Infinity;
  if (lambda <= 0) return { meanSec: 0, varianceSec2: 0 };
  const never = { meanSec: Infinity, varianceSec2: Infinity };
  if (lambda * s >= Math.min(servers, callers)) return never;
  if (callers <= servers) return { meanSec: 0, varianceSec2: 0 };
  const station = { arrivalRatePerSec: lambda, serviceTimeSec: s, servers };
  // M/M/c holds n >= c with probability C·ρ^(n − c); past K that is out of reach.
  const rho = (lambda * s) / servers;
  const capped = callers !== Infinity && (callers - servers) * Math.log(rho) > Math.log(1e-15);
  const q = capped ? mmck({ ...station, capacity: callers }) : mmc(station);
  if (!q.stable) return never;
  return {
    meanSec: q.meanWaitSec,
    varianceSec2: Math.max(0, q.responseTimeVarianceSec2 - s * s),
  };
}

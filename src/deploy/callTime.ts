import { ModelInputError } from "../errors.js";
import { assertTimeSec, MAX_TIME_SEC } from "../validate.js";

/** A call's time at a memcache or database server, split by what it loads. @internal */
export interface CallTime {
  /** Seconds of one core per call: the only part that loads the server's cores. */
  cpuTimeSec: number;
  /** Seconds per call spent off the cores (I/O, lock waits, the network round trip): a pure delay. */
  nonCpuTimeSec: number;
}

/**
 * Reads a call's time from a memcache or database tier `t` at path `field`: `cpuTimeSec` with an
 * optional `nonCpuTimeSec`, or the older `serviceTimeSec`, all of it CPU. Giving both
 * `serviceTimeSec` and `cpuTimeSec`, or `nonCpuTimeSec` without `cpuTimeSec`, is refused: the
 * split would be ambiguous. @internal
 */
export function readCallTime(model: string, field: string, t: Record<string, unknown>): CallTime {
  if (t.serviceTimeSec !== undefined) {
    for (const key of ["cpuTimeSec", "nonCpuTimeSec"]) {
      if (t[key] !== undefined) {
        throw new ModelInputError(
          model,
          `${field}.${key}`,
          t[key],
          "absent when `serviceTimeSec` is given (it is all CPU): give `cpuTimeSec` and `nonCpuTimeSec` instead",
        );
      }
    }
    return {
      cpuTimeSec: assertTimeSec(model, `${field}.serviceTimeSec`, t.serviceTimeSec, 0, true),
      nonCpuTimeSec: 0,
    };
  }
  if (t.cpuTimeSec === undefined && t.nonCpuTimeSec === undefined) {
    throw new ModelInputError(
      model,
      `${field}.serviceTimeSec`,
      t.serviceTimeSec,
      `a time in seconds > 0 and <= ${MAX_TIME_SEC} (or \`cpuTimeSec\` with \`nonCpuTimeSec\`)`,
    );
  }
  return {
    cpuTimeSec: assertTimeSec(model, `${field}.cpuTimeSec`, t.cpuTimeSec, 0, true),
    nonCpuTimeSec:
      t.nonCpuTimeSec === undefined
        ? 0
        : assertTimeSec(model, `${field}.nonCpuTimeSec`, t.nonCpuTimeSec, 0),
  };
}

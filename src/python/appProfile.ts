import {
  assertInteger,
  assertNonNegative,
  assertObject,
  assertScv,
  assertTimeSec,
} from "../validate.js";
import { readMemoryProfile, type MemoryProfile, type MemoryProfileInput } from "./profile.js";

/** What one request of a Python web application costs: CPU, I/O, their shape, and memory. */
export interface AppProfileInput {
  /** Bytecode time per request: CPU time spent holding the GIL, seconds (1e-9 to 1e6). */
  cpuTimeSec: number;
  /** Time per request waiting with the GIL released (database, network, sleep), seconds. */
  ioTimeSec: number;
  /**
   * CPU/I-O alternations per request: the CPU time and the I/O time are each split into this
   * many equal bursts (a request that makes three database queries has about three).
   * @defaultValue 1 — one stretch of bytecode, then one wait; an assumption to calibrate.
   */
  burstsPerRequest?: number;
  /**
   * Squared coefficient of variation of each CPU burst: 0 for fixed length, 1 for exponential.
   * @defaultValue 1 — the classical queueing assumption; measured request-time distributions of
   *   web applications are right-skewed with SCV near or above 1. Calibrate it.
   */
  cpuTimeScv?: number;
  /** Squared coefficient of variation of each I/O wait. @defaultValue 1 */
  ioTimeScv?: number;
  /**
   * `sys.getswitchinterval()`: how long a thread waiting for the GIL waits before it forces the
   * holder to drop it, seconds.
   * @defaultValue 0.005 — CPython's default since 3.2 (`DEFAULT_INTERVAL` in `Python/ceval_gil.h`).
   */
  switchIntervalSec?: number;
  /**
   * Extra CPU time of free-threaded CPython on single-threaded code, as a fraction.
   * @defaultValue 0.08 — the Python 3.14 free-threading HOWTO gives an average pyperformance
   *   overhead of about 1 % (macOS aarch64) to 8 % (x86-64 Linux); 3.13 was far slower (~40 %).
   */
  freeThreadedSlowdown?: number;
  /**
   * CPU time of one thread switch (kernel, registers, a little cache), seconds.
   * @defaultValue 5e-6 — Li, Ding and Shen, "Quantifying the cost of context switch" (ExpCS
   *   2007), measured about 3.8 µs of direct cost; indirect cache costs add more.
   */
  contextSwitchSec?: number;
  /** Memory of the worker processes; every field has a default. */
  memory?: MemoryProfileInput;
}

/** A validated application profile with every default filled in. */
export interface AppProfile {
  cpuTimeSec: number;
  ioTimeSec: number;
  burstsPerRequest: number;
  cpuTimeScv: number;
  ioTimeScv: number;
  switchIntervalSec: number;
  freeThreadedSlowdown: number;
  contextSwitchSec: number;
  memory: MemoryProfile;
}

/**
 * The shortest CPU time per request the model takes, seconds: a nanosecond, far below any Python
 * request (an empty WSGI call takes microseconds); below it the rates overflow.
 */
export const MIN_CPU_TIME_SEC = 1e-9;

/** The defaults of the optional {@link AppProfileInput} fields, sourced in its field docs. */
export const DEFAULT_APP_PROFILE = {
  burstsPerRequest: 1,
  cpuTimeScv: 1,
  ioTimeScv: 1,
  switchIntervalSec: 0.005,
  freeThreadedSlowdown: 0.08,
  contextSwitchSec: 5e-6,
} as const;

/** Validates an application profile and fills its defaults; `field` prefixes error names. */
export function readAppProfile(model: string, field: string, value: unknown): AppProfile {
  const o = assertObject(model, value, field, [
    "cpuTimeSec",
    "ioTimeSec",
    "memory",
    ...Object.keys(DEFAULT_APP_PROFILE),
  ]);
  const optional = (key: keyof typeof DEFAULT_APP_PROFILE, check: (v: unknown) => number) =>
    o[key] === undefined ? DEFAULT_APP_PROFILE[key] : check(o[key]);
  const time =
    (key: string, minSec: number, exclusive = false) =>
    (v: unknown) =>
      assertTimeSec(model, `${field}.${key}`, v, minSec, exclusive);
  return {
    cpuTimeSec: time("cpuTimeSec", MIN_CPU_TIME_SEC)(o.cpuTimeSec),
    ioTimeSec: time("ioTimeSec", 0)(o.ioTimeSec),
    burstsPerRequest:
      o.burstsPerRequest === undefined
        ? DEFAULT_APP_PROFILE.burstsPerRequest
        : assertInteger(model, `${field}.burstsPerRequest`, o.burstsPerRequest, 1, 10_000),
    cpuTimeScv:
      o.cpuTimeScv === undefined ? 1 : assertScv(model, `${field}.cpuTimeScv`, o.cpuTimeScv),
    ioTimeScv: o.ioTimeScv === undefined ? 1 : assertScv(model, `${field}.ioTimeScv`, o.ioTimeScv),
    switchIntervalSec: optional("switchIntervalSec", time("switchIntervalSec", 0, true)),
    freeThreadedSlowdown: optional("freeThreadedSlowdown", (v) =>
      assertNonNegative(model, `${field}.freeThreadedSlowdown`, v),
    ),
    contextSwitchSec: optional("contextSwitchSec", time("contextSwitchSec", 0)),
    memory: readMemoryProfile(model, `${field}.memory`, o.memory),
  };
}

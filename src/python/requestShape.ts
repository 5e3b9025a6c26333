import { gilAcquisitions } from "./gilAcquisitions.js";
import type { ServerModelInput } from "./serverModelInput.js";

/** How variable a request's hold is, and the two-moment factors the server model applies. */
export interface RequestShape {
  /** CPU and I/O of a request alone: no wait anywhere. */
  serviceSec: number;
  /** GIL acquisitions per request ({@link gilAcquisitions}). */
  acquisitions: number;
  /** SCV of a thread's hold: the CPU and I/O times over the bursts. */
  holdScv: number;
  /** SCV of one GIL hold. */
  gilScv: number;
  /** SCV a thread returning from I/O sees of the GIL holder's residual hold. */
  collisionScv: number;
  /** Open load (Poisson arrivals) rather than a closed loop. */
  open: boolean;
  /** Factor on the accept-queue wait: (1 + c²)/2 of the hold for open load, else 1. */
  acceptFactor: number;
  /**
   * Factor on the contention inside (for the GIL or the cores): (1 + c²)/2 of a GIL hold for
   * open load with a GIL, else 1.
   */
  innerFactor: number;
  /**
   * When the wait inside is for the GIL, the share of it that behaves as processor sharing (the
   * rest first come, first served): 1 − 1/acquisitions with several threads, 0 with one; 1
   * without a GIL.
   */
  psShare: number;
}

/** The {@link RequestShape} of a server model's input. */
export function requestShape(m: ServerModelInput): RequestShape {
  const cpu = m.cpuSec;
  const io = m.ioSec;
  const service = cpu + io;
  const acquisitions = gilAcquisitions(m);
  const holdScv = (cpu * cpu * m.cpuScv + io * io * m.ioScv) / (m.bursts * service * service);
  const gilScv = 1 + ((m.cpuScv - 1) * 2) / (acquisitions + 1);
  const open = "arrivalRatePerSec" in m.load;
  return {
    serviceSec: service,
    acquisitions,
    holdScv,
    gilScv,
    // A thread returning from I/O finds the GIL holder part-way through its hold: the residual
    // (c_a² + c_s²)/2 of a GI/G/1 queue, with the return stream as smooth as the I/O times.
    collisionScv: io > 0 ? (m.ioScv + gilScv) / 2 : 1,
    open,
    acceptFactor: open ? (1 + holdScv) / 2 : 1,
    innerFactor: open && m.gil ? (1 + gilScv) / 2 : 1,
    psShare: m.gil ? (m.threads > 1 ? 1 - 1 / acquisitions : 0) : 1,
  };
}

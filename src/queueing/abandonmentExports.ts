// The models past capacity (issue 20): requests that give up, a finite backlog; re-exported
// whole by src/index.ts.
export type { AbandonmentResult } from "./types.js";
export {
  mmcAbandonment,
  type MmcAbandonmentInput,
  type MmcAbandonmentResult,
} from "./mmcAbandonment.js";
export { mmcTimeout, type MmcTimeoutInput } from "./mmcTimeout.js";
export {
  mmckAbandonment,
  type MmckAbandonmentInput,
  type MmckAbandonmentResult,
} from "./mmckAbandonment.js";
export {
  finiteBacklog,
  type FiniteBacklogInput,
  type FiniteBacklogResult,
} from "./finiteBacklog.js";
export {
  retryFixedPoints,
  type RetryFixedPoints,
  type RetryFixedPointsInput,
  type RetryOperatingPoint,
} from "./retryFixedPoints.js";
export { spikeTransient, type SpikeTransient, type SpikeTransientInput } from "./spikeTransient.js";
export {
  keepAliveLimit,
  MAX_CHAIN_CONNECTIONS,
  type KeepAliveLimitInput,
  type KeepAliveLimitResult,
} from "./keepAliveLimit.js";

// The models of requests that give up while queued (issue 20), re-exported whole by src/index.ts.
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

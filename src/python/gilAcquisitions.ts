import type { ServerModelInput } from "./serverModelInput.js";

/**
 * GIL acquisitions per request: each burst is one, plus the forced switches a burst longer than
 * the switch interval τ suffers when others wait — ⌈b/τ⌉ for fixed bursts, 1 + 1/(e^(τ/b) − 1)
 * for exponential ones, interpolated by the SCV. An event loop is never preempted.
 */
export function gilAcquisitions(
  m: Pick<ServerModelInput, "cpuSec" | "bursts" | "cpuScv" | "switchIntervalSec" | "preemptive">,
): number {
  if (!m.preemptive) return m.bursts;
  const burst = m.cpuSec / m.bursts;
  const fixed = Math.max(1, Math.ceil(burst / m.switchIntervalSec - 1e-9));
  const random = 1 + 1 / Math.expm1(m.switchIntervalSec / burst);
  const w = Math.min(1, m.cpuScv);
  return m.bursts * ((1 - w) * fixed + w * random);
}

import { human, milliseconds } from "../charts/format.js";
import type { DispatchAdvice } from "../deploy/dispatchAdvice.js";
import type { SplitCheck } from "../deploy/sizeCandidates.js";

// The uneven split of keep-alive connections in words: what it costs and what fixes it, with the
// figures dispatchAdvice (deploy) and the sizing's split check (size) give.

/** Each fix the library computes, as a person would do it. */
const FIX_WORDS: Record<"nginx-keepalive", string> = {
  "nginx-keepalive": "nginx in front with `keepalive 32`",
};

/** What gunicorn's --reuse-port does for the split: nothing (docs/servers.md, the lab); said to gunicorn's users. */
const REUSE_PORT =
  "gunicorn's `--reuse-port` does not help: its workers share the arbiter's one socket, so the kernel has nothing to spread over (the lab measured the same splits with it, docs/dispatch-accuracy.md).";

const rate = (x: number) => `${human(x)} req/s`;

/**
 * `pywebperf deploy`: where the split matters, its cost against an even split and each fix with
 * the worst tenth and the median of its splits before → after; nothing where it does not.
 */
export function adviceLines(advice: DispatchAdvice | undefined, gunicorn: boolean): string[] {
  if (advice === undefined || !advice.matters) return [];
  const { spread: s, even } = advice;
  return [
    `The split matters: a tenth of the splits give ${rate(s.throughputPerSec.p10)} or less and a p99 of ${milliseconds(s.p99ResponseTimeSec.p90)} or more, against ${rate(even.throughputPerSec)} and ${milliseconds(even.p99ResponseTimeSec)} with an even split.`,
    ...advice.fixes.map(
      (f) =>
        `Fix: ${FIX_WORDS[f.fix]}: p10 throughput ${rate(s.throughputPerSec.p10)} → ${rate(f.spread.throughputPerSec.p10)}, median ${rate(s.throughputPerSec.p50)} → ${rate(f.spread.throughputPerSec.p50)}, p90 of the p99 ${milliseconds(s.p99ResponseTimeSec.p90)} → ${milliseconds(f.spread.p99ResponseTimeSec.p90)} (the lab's accept race behind nginx; nginx's own CPU not counted).`,
    ),
    ...(advice.fixes.length === 0
      ? [
          "No fix measured for this way of accepting: behind nginx with `keepalive 32` the lab measured a more even split for gevent and uvicorn workers only.",
        ]
      : []),
    ...(gunicorn ? [REUSE_PORT] : []),
  ];
}

/**
 * `pywebperf size`: each fix of the recommendation's split with the SLO quantile's worst tenth of
 * the splits before → after, and whether it then meets the SLO.
 */
export function fixLines(
  c: SplitCheck | undefined,
  label: string,
  targetSec: number,
  gunicorn: boolean,
): string[] {
  if (c === undefined || (c.fixes === undefined && !c.evenSplitOnly)) return [];
  return [
    ...(c.fixes ?? []).map(
      (f) =>
        `Fix: ${FIX_WORDS[f.fix]}: ${label} over the splits ${milliseconds(c.quantileSec.p50)} → ${milliseconds(f.quantileSec.p50)} in the median, ${milliseconds(c.quantileSec.p90)} → ${milliseconds(f.quantileSec.p90)} in the worst tenth${f.meetsSlo ? `, within the SLO (${milliseconds(targetSec)})` : `, still over the SLO (${milliseconds(targetSec)})`}.`,
    ),
    ...(gunicorn ? [REUSE_PORT] : []),
  ];
}

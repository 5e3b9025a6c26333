import type { OverloadInput, SpikeInput } from "../deploy/overload/overloadInput.js";
import { readNumber, readSeconds, UsageError } from "./args.js";
import { opt, type OptionSpec } from "./command.js";
import type { Input } from "./deploymentOptions.js";

// Past capacity on the command line: `--spike 3x:60s` (or `450/s:60s`), the clients' timeout
// and retries, and the kernel's somaxconn — the `overload` of evaluateDeployment.

/** The options past capacity of `pywebperf deploy`. */
export const OVERLOAD_OPTIONS: OptionSpec[] = [
  opt(
    "spike",
    "spike",
    "text",
    "a spike of new requests: HEIGHTx:LENGTH (3x:60s, three times the arrival rate for 60 s) or RATE/s:LENGTH (450/s:60s)",
    false,
  ),
  opt(
    "client-timeout",
    "clientTimeoutSec",
    "seconds",
    "the clients' timeout on a response (later responses fail; the server still does the work)",
    false,
  ),
  opt(
    "retries",
    "maxRetries",
    "number",
    "retries of a failed request by the clients (default 0)",
    false,
  ),
  opt(
    "somaxconn",
    "somaxconn",
    "number",
    "the kernel's net.core.somaxconn, which caps the listen backlog (default 4096; 128 before Linux 5.4)",
    false,
  ),
];

/** `3x:60s` → { factor: 3, durationSec: 60 }; `450/s:1m`-style rates → { arrivalRatePerSec }. */
export function readSpike(text: string): SpikeInput {
  const m = /^\s*([^:]+?)\s*(x|×|\/s)\s*:\s*(.+)$/.exec(text);
  if (!m) {
    throw new UsageError(
      `--spike must be HEIGHTx:LENGTH such as 3x:60s, or RATE/s:LENGTH such as 450/s:60s (got '${text}')`,
    );
  }
  const height = readNumber("spike", m[1] ?? "");
  const durationSec = readSeconds("spike", m[3] ?? "", Infinity);
  return m[2] === "/s"
    ? { arrivalRatePerSec: height, durationSec }
    : { factor: height, durationSec };
}

/** The `overload` the command line asks about, or undefined when it asks nothing. */
export function overloadFrom(i: Input): OverloadInput | undefined {
  const fields = ["clientTimeoutSec", "maxRetries", "somaxconn"] as const;
  const given = fields.filter((f) => i[f] !== undefined);
  if (i.spike === undefined && given.length === 0) return undefined;
  return {
    ...(i.spike === undefined ? {} : { spike: readSpike(String(i.spike)) }),
    ...Object.fromEntries(given.map((f) => [f, i[f] as number])),
  };
}

import { human, milliseconds } from "../charts/format.js";
import type { DeploymentKind } from "../deploy/deployment.js";
import { sizeDeployment, type SizedDeployment } from "../deploy/sizeDeployment.js";
import type { SizingPreference } from "../deploy/sizeRanking.js";
import { opt, type Command, type Printable } from "./command.js";
import {
  APP,
  app,
  describeDeployment,
  LOAD,
  load,
  MACHINE,
  mib,
  pct,
} from "./deploymentOptions.js";
import { capacityLines, quantileLabel, suggestionLines } from "./sizeWords.js";

// `pywebperf size`: the deployments that meet an SLO, ranked (sizeDeployment).

/** `--machines 3` → 3, `--machines least` → "least"; anything else is passed on to be refused. */
function machinesOption(text: unknown): number | "least" {
  const t = String(text).trim();
  return (t === "least" || !/^\d+$/.test(t) ? t : Number(t)) as number | "least";
}

const HEADER = ["deployment", "quantile", "cores busy", "Σ PSS", "capacity", "headroom", "verdict"];

/** One row of a table of configurations. */
function row(c: SizedDeployment): string[] {
  return [
    describeDeployment(c.deployment),
    Number.isFinite(c.quantileSec) ? milliseconds(c.quantileSec) : "overload",
    pct(c.coreUtilization),
    mib(c.pssBytes),
    `${human(c.capacityPerSec)} /s`,
    Number.isFinite(c.headroom) ? pct(c.headroom) : "—",
    c.reasons.join(", ") || "feasible",
  ];
}

/** Aligned columns under the header. */
const grid = (rows: string[][]): string =>
  [HEADER, ...rows]
    .map((r) =>
      r
        .map((v, k) => v.padEnd(k === 0 ? 26 : 12))
        .join("")
        .trimEnd(),
    )
    .join("\n");

export const size: Command = {
  name: "size",
  summary: "how many processes and threads: the deployments that meet an SLO, ranked",
  options: [
    ...APP,
    ...MACHINE,
    ...LOAD,
    opt("slo", "responseTimeSec", "seconds", "the response time the quantile must stay under"),
    opt("quantile", "quantile", "number", "which quantile (default 0.99)", false),
    opt("kinds", "kinds", "text", "kinds to consider, comma-separated (default all)", false),
    opt(
      "machines",
      "machines",
      "text",
      "machines sharing the load evenly, or 'least' (default 1)",
      false,
    ),
    opt(
      "prefer",
      "prefer",
      "text",
      "ranking: memory, latency, headroom or cost (default memory)",
      false,
    ),
  ],
  run(i): Printable {
    const quantile = (i.quantile as number | undefined) ?? 0.99;
    const s = sizeDeployment({
      app: app(i),
      machine: { cores: i.cores as number, memoryBytes: i.memoryBytes as number },
      load: load(i),
      slo: {
        responseTimeSec: i.responseTimeSec as number,
        ...(i.quantile === undefined ? {} : { quantile: i.quantile as number }),
      },
      ...(i.kinds === undefined
        ? {}
        : {
            kinds: String(i.kinds)
              .split(",")
              .map((k) => k.trim()) as DeploymentKind[],
          }),
      ...(i.machines === undefined ? {} : { machines: machinesOption(i.machines) }),
      ...(i.prefer === undefined ? {} : { prefer: String(i.prefer) as SizingPreference }),
    });
    const counts = new Map<string, number>();
    for (const c of s.rejected) for (const r of c.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const each = s.machines === 1 ? "" : ` on each of ${s.machines} machines`;
    const text = [
      "pywebperf size",
      s.recommended
        ? `Recommended: ${describeDeployment(s.recommended.deployment)}${each}`
        : `Nothing meets the SLO ${s.machines === 1 ? "on this machine" : each.trim()}.`,
      ...(s.feasible.length > 0
        ? ["", grid(s.feasible.slice(0, 8).map(row)), "", `Ranked by ${s.ranking.rule}.`]
        : []),
      "",
      ...capacityLines(s, quantileLabel(quantile)),
      ...suggestionLines(s),
      "",
      `${s.feasible.length} feasible, ${s.rejected.length} rejected among those evaluated (${[...counts].map(([r, n]) => `${r} ${n}`).join(", ")})`,
      "",
      "Rules of thumb:",
      grid(s.rulesOfThumb.flatMap((r) => r.configurations.map(row))),
    ].join("\n");
    return { text, json: s };
  },
};

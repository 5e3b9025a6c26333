import { milliseconds } from "../charts/format.js";
import type { DeploymentKind } from "../deploy/deployment.js";
import { sizeDeployment, type SizedDeployment } from "../deploy/sizeDeployment.js";
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

// `pywebperf size`: the deployments that meet an SLO, ranked (sizeDeployment).

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
  ],
  run(i): Printable {
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
    });
    const line = (c: SizedDeployment): string[] => [
      describeDeployment(c.deployment),
      Number.isFinite(c.quantileSec) ? milliseconds(c.quantileSec) : "overload",
      pct(c.coreUtilization),
      mib(c.pssBytes),
      Number.isFinite(c.headroom) ? pct(c.headroom) : "—",
      c.reasons.join(", ") || "feasible",
    ];
    const header = ["deployment", "quantile", "cores busy", "Σ PSS", "headroom", "verdict"];
    const grid = (rows: string[][]) =>
      [header, ...rows]
        .map((r) =>
          r
            .map((v, k) => v.padEnd(k === 0 ? 26 : 12))
            .join("")
            .trimEnd(),
        )
        .join("\n");
    const counts = new Map<string, number>();
    for (const c of s.rejected) for (const r of c.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const text = [
      "pywebperf size",
      s.recommended
        ? `Recommended: ${describeDeployment(s.recommended.deployment)}`
        : "Nothing meets the SLO on this machine.",
      ...(s.feasible.length > 0 ? ["", grid(s.feasible.slice(0, 8).map(line))] : []),
      "",
      `${s.feasible.length} feasible, ${s.rejected.length} rejected (${[...counts].map(([r, n]) => `${r} ${n}`).join(", ")})`,
      "",
      "Rules of thumb:",
      grid(s.rulesOfThumb.flatMap((r) => r.configurations.map(line))),
    ].join("\n");
    return { text, json: s };
  },
};

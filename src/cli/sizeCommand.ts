import { human, mebibytes, milliseconds, percent, quantileLabel } from "../charts/format.js";
import { serverCommand } from "../deploy/servers/serverCommand.js";
import { sizeDeployment, type SizedDeployment } from "../deploy/sizeDeployment.js";
import type { SizingPreference } from "../deploy/sizeRanking.js";
import type { SplitCheck } from "../deploy/sizeCandidates.js";
import { opt, type Command, type Printable } from "./command.js";
import { APP, app, describeDeployment, LOAD, load, MACHINE } from "./deploymentOptions.js";
import { fixLines } from "./dispatchWords.js";
import { commandLine } from "./serverOptions.js";
import { gilFrom, kindsFrom, SIZE_SERVER_OPTIONS, sizingServerFrom } from "./sizeOptions.js";
import { capacityLines, suggestionLines } from "./sizeWords.js";

// `pywebperf size`: the deployments that meet an SLO, ranked (sizeDeployment).

/** `--machines 3` → 3, `--machines least` → "least"; anything else is passed on to be refused. */
function machinesOption(text: unknown): number | "least" {
  const t = String(text).trim();
  return (t === "least" || !/^\d+$/.test(t) ? t : Number(t)) as number | "least";
}

const HEADER = ["deployment", "quantile", "cores busy", "Σ PSS", "capacity", "headroom", "verdict"];

/** One row of a table of configurations: on a server its command, else the model's words. */
function row(c: SizedDeployment): string[] {
  return [
    c.command ?? describeDeployment(c.deployment),
    Number.isFinite(c.quantileSec) ? milliseconds(c.quantileSec) : "overload",
    percent(c.coreUtilization),
    mebibytes(c.pssBytes),
    `${human(c.capacityPerSec)} /s`,
    Number.isFinite(c.headroom) ? percent(c.headroom) : "—",
    c.reasons.join(", ") || "feasible",
  ];
}

/** Aligned columns under the header, each as wide as its widest cell. */
function grid(rows: string[][]): string {
  const all = [HEADER, ...rows];
  const widths = HEADER.map((_, k) => Math.max(12, ...all.map((r) => r[k]!.length + 2)));
  return all
    .map((r) =>
      r
        .map((v, k) => v.padEnd(widths[k]!))
        .join("")
        .trimEnd(),
    )
    .join("\n");
}

/** The command that runs a configuration: the server's own, or the closest server's. */
function runLine(c: SizedDeployment, app: string | undefined): string {
  if (c.command !== undefined) return c.command;
  return commandLine(serverCommand(c.deployment, app === undefined ? {} : { app }));
}

/** How the recommendation fares over the ways its keep-alive connections land on the workers. */
function splitLines(c: SplitCheck | undefined, label: string): string[] {
  if (c === undefined) return [];
  const q = c.quantileSec;
  const range = `${milliseconds(q.p50)} (p10–p90 of the splits ${milliseconds(q.p10)}–${milliseconds(q.p90)})`;
  return [
    `Over the splits of ${c.connections} keep-alive connections (likeliest ${c.likelySplit.join(" : ")}): ${label} ${range}` +
      (c.evenSplitOnly ? " — meets the SLO only when they split evenly" : ""),
  ];
}

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
    ...SIZE_SERVER_OPTIONS,
  ],
  run(i): Printable {
    const quantile = (i.quantile as number | undefined) ?? 0.99;
    const kinds = kindsFrom(i);
    const server = sizingServerFrom(i);
    const s = sizeDeployment({
      app: app(i),
      machine: { cores: i.cores as number, memoryBytes: i.memoryBytes as number },
      load: load(i),
      slo: {
        responseTimeSec: i.responseTimeSec as number,
        ...(i.quantile === undefined ? {} : { quantile: i.quantile as number }),
      },
      ...(kinds === undefined ? {} : { kinds }),
      ...(server === undefined ? {} : { server }),
      ...(server === undefined && i.preload === true ? { preload: true } : {}),
      ...gilFrom(i),
      ...(i.machines === undefined ? {} : { machines: machinesOption(i.machines) }),
      ...(i.prefer === undefined ? {} : { prefer: String(i.prefer) as SizingPreference }),
    });
    const counts = new Map<string, number>();
    for (const c of s.rejected) for (const r of c.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const each = s.machines === 1 ? "" : ` on each of ${s.machines} machines`;
    const text = [
      "pywebperf size",
      ...(s.recommended
        ? [
            `Recommended: ${describeDeployment(s.recommended.deployment)}${each}`,
            `Run it: ${runLine(s.recommended, i.app === undefined ? undefined : String(i.app))}`,
            ...splitLines(s.recommended.splits, quantileLabel(quantile)),
            ...fixLines(
              s.recommended.splits,
              quantileLabel(quantile),
              i.responseTimeSec as number,
              runLine(s.recommended, undefined).startsWith("gunicorn "),
            ),
          ]
        : [`Nothing meets the SLO ${s.machines === 1 ? "on this machine" : each.trim()}.`]),
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

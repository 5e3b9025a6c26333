import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseScenario, planCapacity, serverCommand, SERVERS } from "../../../src/index.js";

// docs/servers.md states the servers' defaults and commands: these checks keep it true to the
// table in src/deploy/servers/.
const doc = readFileSync(new URL("../../../docs/servers.md", import.meta.url), "utf8");

const defaultOf = (server: keyof typeof SERVERS, field: string) =>
  SERVERS[server].settings.find((s) => s.field === field)!.default;

describe("docs/servers.md", () => {
  it("prints the commands serverCommand gives", () => {
    const deployments = [
      { kind: "prefork", processes: 9 },
      { kind: "daemon", processes: 2, threads: 15 },
      { kind: "threaded", threads: 10 },
      { server: "gunicorn", workerClass: "gthread", workers: 4, threads: 4 },
      { server: "uvicorn", workers: 4 },
    ] as const;
    for (const d of deployments) expect(doc).toContain(`\`${serverCommand(d).command}\``);
  });

  it("states the defaults the table holds", () => {
    expect(doc).toContain(
      `\`--worker-connections\` (default ${defaultOf("gunicorn", "workerConnections")})`,
    );
    expect(doc).toContain(`\`--threads\` (default ${defaultOf("waitress", "threads")})`);
    expect(doc).toContain(`\`--threads\` (default ${defaultOf("gunicorn", "threads")})`);
    expect(doc).toContain(`1024 ÷ workers`);
    expect(defaultOf("granian", "backlog")).toBe(1024);
    expect(doc).toContain("`threads=` (default 15)");
    expect(serverCommand({ server: "mod_wsgi" }).command).toContain("threads=15");
  });

  it("its scenario snippet plans", () => {
    const yaml = doc.split("```yaml\n")[1]!.split("```")[0]!;
    const scenario = parseScenario(
      [
        "stack:",
        "  tiers:",
        ...yaml
          .trimEnd()
          .split("\n")
          .map((l) => `    ${l}`),
        "app: { cpuTimeSec: 10ms, ioTimeSec: 30ms }",
        "machine: { cores: 4, memoryBytes: 8GiB }",
        "load: { arrivalRatePerSec: 200 }",
        "slo: { responseTimeSec: 500ms }",
      ].join("\n"),
      "yaml",
    );
    const plan = planCapacity(scenario);
    expect(plan.tiers.find((t) => t.kind === "app")?.servers).toBeGreaterThanOrEqual(1);
  });
});

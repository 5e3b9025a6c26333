// The bad-input battery of issue 12 over the command line, run as a user runs it: the built CLI
// (npm test builds dist/ first) in a child process, each with a 60 s limit so that a hang fails.
// Every option of every command gets bad values: each run must end with exit status 2 and one
// line on stderr naming the option or the field, no stack trace and nothing on stdout, or with
// exit status 0 and no NaN printed. Scenario files go to a temporary directory.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const MAIN = join(import.meta.dirname, "..", "..", "dist", "cli", "main.js");

interface Run {
  status: number | null | "TIMEOUT";
  stdout: string;
  stderr: string;
}

function run(args: readonly string[], timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [MAIN, ...args]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ status: signal === "SIGKILL" ? "TIMEOUT" : code, stdout, stderr });
    });
  });
}

/** Why a run is not a clean user error (exit 2, one line naming `what`) or a clean answer. */
function wrong(r: Run, what: RegExp): string | undefined {
  if (r.status === 0) return /NaN/.test(r.stdout) ? `NaN printed: ${r.stdout}` : undefined;
  if (r.status !== 2) return `exit ${r.status}: ${r.stderr.split("\n")[0]}`;
  const lines = r.stderr.trimEnd().split("\n");
  if (lines.length !== 1) return `${lines.length} lines on stderr: ${r.stderr.slice(0, 300)}`;
  if (!what.test(lines[0]!)) return `does not name it: ${lines[0]}`;
  if (r.stdout !== "") return `stdout as well: ${r.stdout.slice(0, 100)}`;
  return undefined;
}

/** Runs `jobs` two at a time (the machine's cores are shared). */
async function all<T>(jobs: (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      out[i] = await jobs[i]!();
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}

/** A valid command line of each command; each option in it is then given each bad value. */
const BASE: Record<string, string[]> = {
  mm1: ["--arrival-rate", "5", "--service-time", "100ms"],
  mmc: ["--arrival-rate", "5", "--service-time", "100ms", "--servers", "2"],
  mminf: ["--arrival-rate", "5", "--service-time", "100ms"],
  mmck: ["--arrival-rate", "5", "--service-time", "100ms", "--servers", "2", "--capacity", "6"],
  "finite-source": [
    "--population",
    "10",
    "--think-time",
    "1s",
    "--service-time",
    "100ms",
    "--servers",
    "2",
  ],
  mg1: ["--arrival-rate", "5", "--service-time", "100ms", "--service-scv", "0.5"],
  ggc: [
    "--arrival-rate",
    "5",
    "--service-time",
    "100ms",
    "--servers",
    "2",
    "--arrival-scv",
    "1",
    "--service-scv",
    "0.5",
  ],
  little: ["--arrival-rate", "5", "--response-time", "200ms"],
  "erlang-b": ["--servers", "3", "--offered-load", "2"],
  "erlang-c": ["--servers", "3", "--offered-load", "2"],
  deploy: [
    "--kind",
    "daemon",
    "--processes",
    "2",
    "--threads",
    "4",
    "--cpu-time",
    "10ms",
    "--io-time",
    "20ms",
    "--cores",
    "2",
    "--memory",
    "4GiB",
    "--arrival-rate",
    "50",
  ],
  size: [
    "--cpu-time",
    "15ms",
    "--io-time",
    "60ms",
    "--cores",
    "2",
    "--memory",
    "4GiB",
    "--arrival-rate",
    "50",
    "--slo",
    "250ms",
  ],
};
const BAD = ["abc", "-1", "NaN", "Infinity", "1e308", "", "0"];

describe("CLI battery: every option of every command, given bad values", () => {
  it("each run is a one-line user error (exit 2) or an answer without NaN (exit 0)", async () => {
    const cases: [string, string[]][] = [];
    for (const [command, base] of Object.entries(BASE)) {
      for (let i = 0; i < base.length; i += 2) {
        for (const bad of BAD) {
          const args = [command, ...base];
          args[i + 2] = bad;
          cases.push([`${command} ${base[i]} ${bad}`, args]);
        }
      }
      cases.push([`${command} --bogus 1`, [command, ...base, "--bogus", "1"]]);
      cases.push([`${command} stray`, [command, ...base, "stray"]]);
    }
    const runs = await all(
      cases.map(
        ([, args]) =>
          () =>
            run(args),
      ),
    );
    const failures: string[] = [];
    runs.forEach((r, i) => {
      const [label, args] = cases[i]!;
      const flag = label.split(" ")[1]!;
      const why = wrong(r, new RegExp(`${flag.replace(/^--/, "")}|[A-Za-z]+Sec|pywebperf: `));
      if (why !== undefined) failures.push(`${label}: ${why} (${args.join(" ")})`);
    });
    expect(failures).toEqual([]);
    expect(cases.length).toBeGreaterThan(300);
  }, 600_000);
});

describe("CLI battery: scenario files", () => {
  const dir = mkdtempSync(join(tmpdir(), "pywebperf-battery-"));
  const charts = join(dir, "charts");
  mkdirSync(charts);
  const file = (name: string, text: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const valid = [
    "stack:",
    "  tiers:",
    "    - kind: app",
    "      deployment: { kind: prefork, processes: 4 }",
    "    - kind: database",
    "      queriesPerRequest: 4",
    "      serviceTimeSec: 2ms",
    "app: { cpuTimeSec: 10ms, ioTimeSec: 5ms }",
    "machine: { cores: 4, memoryBytes: 8GiB }",
    "load: { arrivalRatePerSec: 100, peakFactor: 2 }",
    "slo: { responseTimeSec: 250ms }",
    "prices: { app: 100, database: 500 }",
  ].join("\n");
  // Each: a name, the file (or a path), and what the one error line must name.
  const cases: [string, () => string, RegExp][] = [
    ["empty YAML", () => file("empty.yaml", ""), /empty\.yaml/],
    ["empty JSON", () => file("empty.json", ""), /empty\.json/],
    ["malformed JSON", () => file("bad.json", '{"stack": '), /bad\.json.*valid JSON/],
    ["malformed YAML", () => file("bad.yaml", "stack: [\n  - {"), /bad\.yaml.*valid YAML/],
    ["a list, not a map", () => file("list.yaml", "- 1\n- 2"), /list\.yaml/],
    [
      "binary",
      () => file("binary.yaml", Buffer.from([0, 1, 2, 255, 0, 10])),
      /binary\.yaml.*binary/,
    ],
    [
      "not UTF-8",
      () => file("latin1.yaml", Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a])),
      /latin1\.yaml/,
    ],
    [
      "JSON nested 2,000 deep",
      () => file("deep.json", `${'{"a":'.repeat(2000)}1${"}".repeat(2000)}`),
      /deep\.json.*nested at most 64/,
    ],
    [
      "YAML nested 2,000 deep",
      () => file("deep.yaml", `${"[".repeat(2000)}1${"]".repeat(2000)}`),
      /deep\.yaml/,
    ],
    [
      "a YAML alias bomb",
      () =>
        file(
          "bomb.yaml",
          [
            'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
            ...Array.from(
              { length: 8 },
              (_, i) =>
                `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
                  .fill(`*${String.fromCharCode(97 + i)}`)
                  .join(",")}]`,
            ),
          ].join("\n"),
        ),
      /bomb\.yaml/,
    ],
    [
      "a directory",
      () => {
        mkdirSync(join(dir, "dir.yaml"));
        return join(dir, "dir.yaml");
      },
      /dir\.yaml: a directory/,
    ],
    ["a device", () => "/dev/zero.yaml", /zero\.yaml/],
    ["a missing file", () => join(dir, "missing.yaml"), /missing\.yaml/],
    ["not .yaml or .json", () => file("scenario.txt", valid), /scenario\.txt/],
    [
      "an unknown top-level field",
      () => file("top.yaml", `${valid}\nstak: {}`),
      /top\.yaml.*`stak`.*did you mean `stack`/,
    ],
    [
      "a misspelled load field (peakfactor)",
      () => file("peak.yaml", valid.replace("peakFactor", "peakfactor")),
      /`load\.peakfactor`.*did you mean `peakFactor`/,
    ],
    [
      "a misspelled app field",
      () => file("app.yaml", valid.replace("ioTimeSec", "ioTimSec")),
      /`app\.ioTimSec`.*did you mean `ioTimeSec`/,
    ],
    [
      "a misspelled machine field",
      () => file("machine.yaml", valid.replace("cores: 4", "core: 4")),
      /`machine\.core`.*did you mean `cores`/,
    ],
    [
      "a misspelled slo field",
      () =>
        file(
          "slo.yaml",
          valid.replace("responseTimeSec: 250ms", "responseTimeSec: 250ms, quantil: 0.9"),
        ),
      /`slo\.quantil`.*did you mean `quantile`/,
    ],
    [
      "a misspelled deployment field",
      () => file("deployment.yaml", valid.replace("processes: 4", "processes: 4, thread: 8")),
      /`stack\.tiers\[0\]\.deployment\.thread`/,
    ],
    [
      "a misspelled app.memory field",
      () =>
        file(
          "memory.yaml",
          valid.replace("ioTimeSec: 5ms", "ioTimeSec: 5ms, memory: { perThredBytes: 1 }"),
        ),
      /`app\.memory\.perThredBytes`.*did you mean `perThreadBytes`/,
    ],
    [
      "a misspelled appMachines field",
      () =>
        file(
          "machines.yaml",
          `${valid}\nappMachines: [{ name: big, cores: 8, memoryBytes: 16GiB, pricePerMonth: 200, cpuSpeedUp: 1 }]`,
        ),
      /`appMachines\[0\]\.cpuSpeedUp`.*did you mean `cpuSpeedup`/,
    ],
    ["a bad unit", () => file("unit.yaml", valid.replace("2ms", "2 parsecs")), /serviceTimeSec/],
    [
      "a negative time",
      () => file("negative.yaml", valid.replace("cpuTimeSec: 10ms", "cpuTimeSec: -1")),
      /app\.cpuTimeSec/,
    ],
  ];
  for (const [name, path, what] of cases) {
    it(`${name}: exit 2, one line naming it, no chart written`, async () => {
      const r = await run(["plan", path(), "--charts", charts]);
      expect(wrong(r, what)).toBeUndefined();
      expect(r.status).toBe(2);
      expect(readdirSync(charts)).toEqual([]);
    }, 60_000);
  }

  it("a FIFO: refused at once, without waiting for a writer", async () => {
    const fifo = join(dir, "fifo.yaml");
    const made = await new Promise<number | null>((resolve) =>
      spawn("mkfifo", [fifo]).on("close", resolve),
    );
    expect(made).toBe(0);
    const r = await run(["plan", fifo]);
    expect(wrong(r, /fifo\.yaml.*not a regular file/)).toBeUndefined();
    expect(r.status).toBe(2);
  }, 60_000);

  it("`__proto__`, `constructor` and `toString` keys pollute nothing and are refused as fields", async () => {
    const json = JSON.stringify({
      __proto__: { polluted: true },
      stack: { tiers: [{ kind: "app", deployment: { kind: "prefork" } }] },
    }).replace('"stack"', '"__proto__": { "polluted": true }, "stack"');
    const r = await run(["plan", file("proto.json", json)]);
    expect(wrong(r, /`__proto__`/)).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const r2 = await run([
      "plan",
      file("ctor.yaml", valid.replace("ioTimeSec: 5ms", "ioTimeSec: 5ms, constructor: 1")),
    ]);
    expect(wrong(r2, /`app\.constructor`/)).toBeUndefined();
  }, 60_000);
});

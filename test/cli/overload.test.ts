import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  evaluateDeployment,
  GiB,
  overloadAdvice,
  parseScenario,
  planCapacity,
} from "../../src/index.js";
import { cli, expectRefused } from "./harness.js";

// `pywebperf deploy` past capacity: --spike, --client-timeout, --retries, --somaxconn and the
// servers' --backlog, --timeout and --listen. Four gunicorn sync workers of 100 ms (40 req/s).
const GUNICORN = ["--server", "gunicorn", "--workers", "4"];
const APP = ["--cpu-time", "100ms", "--io-time", "0", "--cores", "4", "--memory", "8GiB"];
const question = {
  deployment: { server: "gunicorn", workers: 4 } as const,
  app: { cpuTimeSec: 0.1, ioTimeSec: 0 },
  machine: { cores: 4, memoryBytes: GiB(8) },
  load: { arrivalRatePerSec: 30 },
};

describe("pywebperf deploy --spike", () => {
  it("prints what a 5× 30 s spike does, whether retries tip it over, and the settings to use", async () => {
    const args = [...GUNICORN, ...APP, "--arrival-rate", "30", "--spike", "5x:30s"];
    const client = ["--client-timeout", "5s", "--retries", "3"];
    const r = await cli("deploy", ...args, ...client);
    expect(r.status).toBe(0);
    const overload = { clientTimeoutSec: 5, maxRetries: 3 };
    const e = evaluateDeployment({
      ...question,
      overload: { ...overload, spike: { factor: 5, durationSec: 30 } },
    });
    const json = JSON.parse((await cli("deploy", ...args, ...client, "--json")).stdout);
    expect(json.overload.spike).toEqual(JSON.parse(JSON.stringify(e.overload!.spike)));
    expect(json.overload.retries.metastable).toBe(true);
    const advice = overloadAdvice({ ...question, overload }, { spikes: [5], durationSec: 30 });
    expect(json.overloadAdvice.words).toEqual(advice.words);
    // By hand, the fluid: cμ = c/S; arrivals are in time until the queue passes q* = (D − S)·cμ,
    // at q*/(λh − cμ) into the spike, and again once the full backlog (2049) has drained below
    // q* after it; the goodput is those over the spike and the backlog's drain.
    const s = e.overload!.station.serviceTimeSec;
    const mu = 4 / s;
    const threshold = (5 - s) * mu;
    const inTime = (150 * threshold) / (150 - mu) + (30 * threshold) / (mu - 30);
    const goodput = inTime / (30 + 2049 / (mu - 30));
    expect(r.stdout).toContain(
      `spike (first attempts, before retries): goodput ${goodput.toPrecision(3)} of 40 req/s`,
    );
    expect(r.stdout).toContain("this spike tips it over");
    expect(r.stdout).toContain(`Best — gunicorn ${advice.options[0]!.flags}:`);
  });

  it("says what the clients' timeout does at a steady load below capacity", async () => {
    const r = await cli(
      "deploy",
      ...GUNICORN,
      ...APP,
      "--arrival-rate",
      "36",
      "--client-timeout",
      "1s",
    );
    const e = evaluateDeployment({
      ...question,
      load: { arrivalRatePerSec: 36 },
      overload: { clientTimeoutSec: 1 },
    });
    const late = e.overload!.steady.timedOutShare;
    expect(late).toBeGreaterThan(0.01);
    expect(r.stdout).toContain(
      `steady at 36 req/s: goodput ${(36 * (1 - late)).toPrecision(3)} of 40 req/s`,
    );
  });

  it("answers a load past capacity with the server's backlog, unasked", async () => {
    const r = await cli("deploy", ...GUNICORN, "--backlog", "64", ...APP, "--arrival-rate", "60");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/stable\s+no \(overloaded\)/);
    expect(r.stdout).toContain("listen backlog 64 (65 waiting places)");
    expect(r.stdout).toMatch(/overloaded at 60 req\/s: goodput 40 of 40 req\/s, 33 % refused/);
  });

  it("says uvicorn's refusals past --limit-concurrency are 503s", async () => {
    const r = await cli(
      "deploy",
      ...["--server", "uvicorn", "--workers", "2", "--limit-concurrency", "8", ...APP],
      ...["--arrival-rate", "15", "--spike", "5x:20s"],
    );
    expect(r.stdout).toMatch(
      /spike: goodput [\d.]+ of [\d.]+ req\/s during a 5× 20 s spike \(75 req\/s\), \d+ % refused \(503\)/,
    );
  });

  it("takes uWSGI's --listen under the kernel's somaxconn, and a spike as a rate", async () => {
    const r = await cli(
      "deploy",
      ...["--server", "uwsgi", "--processes", "4", "--listen", "1000", ...APP],
      ...["--arrival-rate", "30", "--spike", "90/s:60s", "--somaxconn", "128", "--json"],
    );
    const json = JSON.parse(r.stdout);
    expect(json.overload.station.listen.waitingPlaces).toBe(129);
    expect(json.overload.spike.factor).toBe(3);
  });

  it.each<[string[], ...string[]]>([
    [["--spike", "3:60s"], "--spike", "3x:60s"],
    [["--spike", "3x:soon"], "--spike"],
    [["--spike", "0.5x:60s"], "overload.spike.factor"],
    [["--retries", "1.5"], "overload.maxRetries"],
    [["--listen", "100"], "--listen", "uwsgi"],
  ])("refuses %j, naming %s", async (extra, ...named) => {
    await expectRefused(
      ["deploy", ...GUNICORN, ...APP, "--arrival-rate", "30", ...extra],
      ...named,
    );
  });

  it("refuses a spike on a closed load", async () => {
    await expectRefused(
      ["deploy", ...GUNICORN, ...APP, "--clients", "10", "--spike", "2x:10s"],
      "overload",
    );
  });
});

describe("pywebperf plan with a spike in the scenario", () => {
  const scenarios = join(import.meta.dirname, "..", "..", "docs", "scenarios");

  it("says what docs/scenarios/spike.yaml's 3× spike does to the app tier", async () => {
    const r = await cli("plan", join(scenarios, "spike.yaml"));
    expect(r.status).toBe(0);
    const plan = planCapacity(
      parseScenario(readFileSync(join(scenarios, "spike.yaml"), "utf8"), "yaml"),
    );
    const s = plan.spike!;
    expect(r.stdout).toContain("A 3× spike for 60 s (1200 req/s at the top)");
    expect(r.stdout).toContain(`each of the ${s.appServers} app servers (listen backlog 2048`);
    expect(r.stdout).toContain(
      `${Math.round(100 * s.app.spike!.refusedShare)} % refused, ${Math.round(100 * s.app.spike!.timedOutShare)} % late`,
    );
    const json = JSON.parse((await cli("plan", join(scenarios, "spike.yaml"), "--json")).stdout);
    expect(json.spike.appServers).toBe(s.appServers);
  });

  it("names the bad field of the scenario's overload", async () => {
    const dir = mkdtempSync(join(tmpdir(), "pywebperf-spike-"));
    try {
      const file = join(dir, "bad.yaml");
      const text = readFileSync(join(scenarios, "spike.yaml"), "utf8").replace(
        "factor: 3",
        "factor: 0.5",
      );
      writeFileSync(file, text);
      await expectRefused(["plan", file], "overload.spike.factor");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

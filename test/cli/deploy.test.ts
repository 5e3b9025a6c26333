import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { dispatchAdvice, evaluateDeployment, GiB, human, milliseconds } from "../../src/index.js";
import { cli, expectRefused } from "./harness.js";
import { LAB_RACE_BEHIND_NGINX_KEEPALIVE } from "../../src/dispatch/labRaces.js";

const APP = ["--cpu-time", "10ms", "--io-time", "30ms", "--cores", "4", "--memory", "8GiB"];
const LOAD = ["--arrival-rate", "200"];

describe("pywebperf deploy in a server's words", () => {
  it("evaluates gunicorn's settings and prints the command back", async () => {
    const r = await cli(
      "deploy",
      "--server",
      "gunicorn",
      "--worker-class",
      "gthread",
      "--workers",
      "4",
      "--threads",
      "4",
      ...APP,
      ...LOAD,
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/deployment\s+daemon, 4 × 4/);
    expect(r.stdout).toMatch(/command\s+gunicorn -w 4 -k gthread --threads 4 app:app\n/);
    // The same figures as the model's words for gthread: daemon threads, no hop, pinned.
    const e = evaluateDeployment({
      deployment: { kind: "daemon", processes: 4, threads: 4, hopTimeSec: 0, dispatch: "pinned" },
      app: { cpuTimeSec: 0.01, ioTimeSec: 0.03 },
      machine: { cores: 4, memoryBytes: GiB(8) },
      load: { arrivalRatePerSec: 200 },
    });
    const json = JSON.parse(
      (
        await cli(
          "deploy",
          "--server=gunicorn",
          "--worker-class=gthread",
          "--workers=4",
          "--threads=4",
          ...APP,
          ...LOAD,
          "--json",
        )
      ).stdout,
    ) as { meanResponseTimeSec: number; command: { command: string; server: string } };
    expect(json.meanResponseTimeSec).toBe(e.meanResponseTimeSec);
    expect(json.command.server).toBe("gunicorn");
  });

  it("prints each server's command: uvicorn, mod_wsgi, uWSGI, Waitress, granian", async () => {
    const commands: [string[], RegExp][] = [
      [["--server", "uvicorn", "--workers", "4"], /command\s+uvicorn --workers 4 main:app/],
      [
        ["--server", "mod_wsgi", "--processes", "2", "--threads", "8"],
        /command\s+WSGIDaemonProcess main processes=2 threads=8/,
      ],
      [
        ["--server", "uwsgi", "--processes", "4", "--lazy-apps"],
        /command\s+uwsgi --master --socket :3031 --module main:app --processes 4 --lazy-apps/,
      ],
      [["--server", "waitress", "--threads", "8"], /command\s+waitress-serve --threads=8 main:app/],
      [
        ["--server", "granian", "--interface", "wsgi", "--workers", "2", "--blocking-threads", "8"],
        /command\s+granian --interface wsgi --workers 2 --blocking-threads 8 main:app/,
      ],
    ];
    for (const [server, command] of commands) {
      const r = await cli("deploy", ...server, "--app", "main:app", ...APP, ...LOAD);
      expect(r.stderr).toBe("");
      expect(r.stdout).toMatch(command);
    }
  });

  it("in the model's words, prints the server that runs it, or the closest with what differs", async () => {
    const prefork = await cli("deploy", "--kind", "prefork", "--processes", "9", ...APP, ...LOAD);
    expect(prefork.stdout).toMatch(/command\s+gunicorn -w 9 app:app\n/);
    const pinned = await cli(
      "deploy",
      "--kind",
      "daemon",
      "--processes",
      "2",
      "--threads",
      "4",
      "--dispatch",
      "pinned",
      "--process-weights",
      "3,1",
      "--hop-time",
      "1ms",
      ...APP,
      ...LOAD,
    );
    expect(pinned.stdout).toMatch(
      /command\s+gunicorn -w 2 -k gthread --threads 4 app:app {2}\(the closest: gunicorn differs in hopTimeSec\)/,
    );
  });

  it("takes every model option: dispatch, weights, hop time, max requests, preload, GIL", async () => {
    const r = await cli(
      "deploy",
      "--kind=daemon",
      "--processes=2",
      "--threads=4",
      "--dispatch=pinned",
      "--process-weights=3,1",
      "--hop-time=1ms",
      "--max-requests=1000",
      "--preload",
      "--gil=free-threaded",
      ...APP,
      "--arrival-rate=50",
      "--json",
    );
    expect(r.stderr).toBe("");
    const model = evaluateDeployment({
      deployment: {
        kind: "daemon",
        processes: 2,
        threads: 4,
        dispatch: "pinned",
        processWeights: [3, 1],
        hopTimeSec: 0.001,
        maxRequestsPerProcess: 1000,
        preload: true,
        gil: "free-threaded",
      },
      app: { cpuTimeSec: 0.01, ioTimeSec: 0.03 },
      machine: { cores: 4, memoryBytes: GiB(8) },
      load: { arrivalRatePerSec: 50 },
    });
    const json = JSON.parse(r.stdout) as { meanResponseTimeSec: number; pssBytes: number };
    expect(json.meanResponseTimeSec).toBe(model.meanResponseTimeSec);
    expect(json.pssBytes).toBe(model.pssBytes);
  });
});

describe("refusals: exit 2, one line naming the flag and the likely intended value", () => {
  const deploy = (...args: string[]) => ["deploy", "--kind", "prefork", ...args];
  it.each([
    [
      ["--server", "uvicorn", "--threads", "4", ...APP, ...LOAD],
      ["--threads", "uvicorn takes --workers"],
    ],
    [["--server", "gunicorn", "--concurrency", "4", ...APP, ...LOAD], ["--concurrency"]],
    [
      ["--kind", "daemon", "--worker-class", "gthread", ...APP, ...LOAD],
      ["--worker-class", "--server"],
    ],
    [
      ["--server", "apache", ...APP, ...LOAD],
      ["--server", "gunicorn, uvicorn"],
    ],
    [
      [...APP, ...LOAD],
      ["--server", "--kind"],
    ],
    [
      ["--server", "gunicorn", "--worker-class", "tornado", ...APP, ...LOAD],
      ["deployment.workerClass", "gthread"],
    ],
  ])("deploy %j", async (args, named) => {
    await expectRefused(["deploy", ...args], ...named);
  });

  it("a bare memory size under 1 MiB: --memory 8 is 8 bytes, likely 8GiB", async () => {
    const line = await expectRefused(
      deploy("--cpu-time", "10ms", "--io-time", "0", "--cores", "4", "--memory", "8", ...LOAD),
      "--memory 8",
      "8GiB",
      "--raw-units",
    );
    expect(line).toBe(
      "pywebperf: --memory 8 reads as 8 bytes: write 8GiB or 8MiB if that was meant, or 8B (or --raw-units) to keep bytes",
    );
  });

  it("a bare time above 10 s (a CPU time above 1 s) is refused as likely milliseconds", async () => {
    await expectRefused(
      ["mm1", "--arrival-rate", "10", "--service-time", "20"],
      "--service-time 20 reads as 20 seconds",
      "20ms",
    );
    await expectRefused(
      deploy("--cpu-time", "30", "--io-time", "0", "--cores", "4", "--memory", "8GiB", ...LOAD),
      "--cpu-time 30",
      "30ms",
    );
  });

  it("an explicit unit or --raw-units takes the value as written", async () => {
    const explicit = await cli("mm1", "--arrival-rate", "0.01", "--service-time", "20s");
    expect(explicit.status).toBe(0);
    const raw = await cli("mm1", "--arrival-rate", "0.01", "--service-time", "20", "--raw-units");
    expect(raw.stdout).toBe(explicit.stdout);
    const bytes = await cli(
      ...deploy("--cpu-time", "10ms", "--io-time", "0", "--cores", "4", "--memory", "8B", ...LOAD),
    );
    expect(bytes.status).toBe(0);
    expect(bytes.stdout).toMatch(/memory\s+would swap/);
    // 0.5 s of CPU is plausible (a report) and within the 1 s bare limit.
    expect(
      (
        await cli(
          ...deploy(
            "--cpu-time",
            "0.5",
            "--io-time",
            "0",
            "--cores",
            "4",
            "--memory",
            "8GiB",
            "--arrival-rate",
            "1",
          ),
        )
      ).status,
    ).toBe(0);
  });

  it("a bare flag takes no value, and a flag of another command is refused", async () => {
    await expectRefused(
      ["mm1", "--arrival-rate", "1", "--service-time", "1ms", "--preload"],
      "mm1 has no option --preload",
    );
  });
});

describe("pywebperf deploy: the uneven split of keep-alive connections, and its fix", () => {
  const uvicorn = ["deploy", "--server", "uvicorn", "--workers", "2", "--cpu-time", "5ms"];
  const rest = ["--io-time", "15ms", "--cores", "2", "--memory", "8GiB"];

  it("prints what the split costs and the fix behind nginx with dispatchAdvice's figures", async () => {
    const r = await cli(...uvicorn, ...rest, "--clients", "16");
    expect(r.status).toBe(0);
    const advice = dispatchAdvice({
      deployment: { server: "uvicorn", workers: 2 },
      app: { cpuTimeSec: 0.005, ioTimeSec: 0.015 },
      machine: { cores: 2, memoryBytes: GiB(8) },
      load: { clients: 16, thinkTimeSec: 0 },
    })!;
    const s = advice.spread;
    const fix = advice.fixes[0]!.spread;
    const rate = (x: number) => `${human(x)} req/s`;
    expect(r.stdout).toContain(
      `The split matters: a tenth of the splits give ${rate(s.throughputPerSec.p10)} or less and a p99 of ${milliseconds(s.p99ResponseTimeSec.p90)} or more, against ${rate(advice.even.throughputPerSec)} and ${milliseconds(advice.even.p99ResponseTimeSec)} with an even split.`,
    );
    expect(r.stdout).toContain(
      `Fix: nginx in front with \`keepalive 32\`: p10 throughput ${rate(s.throughputPerSec.p10)} → ${rate(fix.throughputPerSec.p10)}, median ${rate(s.throughputPerSec.p50)} → ${rate(fix.throughputPerSec.p50)}, p90 of the p99 ${milliseconds(s.p99ResponseTimeSec.p90)} → ${milliseconds(fix.p99ResponseTimeSec.p90)} (the lab's accept race behind nginx; nginx's own CPU not counted).`,
    );
    // One GIL carries 200 req/s: every connection on one worker (most splits) gives that; behind
    // nginx, fewer splits do (dispatchAdvice's example).
    expect(r.stdout).toContain("median 200 req/s → 330.8 req/s");
    // gunicorn's flag is said to gunicorn's users only (the gthread case below has it).
    expect(r.stdout).not.toContain("--reuse-port");
    const json = JSON.parse(
      (await cli(...uvicorn, ...rest, "--clients", "16", "--json")).stdout,
    ) as {
      dispatchAdvice: { matters: boolean; fixes: { fix: string; acceptRace: object }[] };
    };
    expect(json.dispatchAdvice.matters).toBe(true);
    expect(json.dispatchAdvice.fixes.map((f) => [f.fix, f.acceptRace])).toEqual([
      ["nginx-keepalive", LAB_RACE_BEHIND_NGINX_KEEPALIVE.asyncio],
    ]);
  });

  it("prints what docs/servers.md shows for 4 gthread workers and 16 clients", async () => {
    const doc = readFileSync(new URL("../../docs/servers.md", import.meta.url), "utf8");
    const r = await cli(
      ..."deploy --server gunicorn --worker-class gthread --workers 4 --threads 4".split(" "),
      ..."--cpu-time 5ms --io-time 15ms --cores 2 --memory 8GiB --clients 16".split(" "),
    );
    const advice = r.stdout.split("\n\n")[1]!.trimEnd().split("\n");
    expect(advice).toHaveLength(3);
    for (const line of advice) expect(doc).toContain(line);
  });

  it("says nothing of it where the split does not matter or there is none", async () => {
    // 16 clients thinking 1 s: 16 req/s, far below a worker's 200.
    const light = await cli(...uvicorn, ...rest, "--clients", "16", "--think-time", "1s");
    expect(light.stdout).toContain("throughput over splits");
    expect(light.stdout).not.toContain("The split matters");
    expect(light.stdout).not.toContain("--reuse-port");
    const open = await cli(...uvicorn, ...rest, "--arrival-rate", "150");
    expect(open.stdout).not.toContain("over splits");
    expect(open.stdout).not.toContain("The split matters");
  });
});

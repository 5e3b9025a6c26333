// The cgroup lab's load: an open loop. Requests arrive as a Poisson process of the given rate
// (exponential gaps from a seeded generator), each on a fresh connection, whether or not earlier
// ones are answered — what the throttling model's open load assumes, and what no closed loop
// with keep-alive gives a sync worker (wrk's think time would hold the reconnected socket, and so
// a gunicorn sync worker, idle). Runs as its own process:
//
//   node lab/cgroup/openload.mjs <port> <path> <rate per s> <seconds> <seed> <out file>
//
// and writes one line per answered request to <out file>, as lab/latency.lua does:
//   "<latency s> <worker pid> <completion time s> <app wall time s> <app CPU s> <client port>",
// then prints {"sent", "answered", "errors", "cpuSec"} (its own CPU while sending) on stdout.
import { writeFileSync } from "node:fs";
import { request } from "node:http";
import { performance } from "node:perf_hooks";

const [port, path, rate, seconds, seed, out] = process.argv.slice(2);
const ratePerSec = Number(rate);
const durationMs = Number(seconds) * 1000;
if (!(ratePerSec > 0 && durationMs > 0 && out)) {
  throw new Error("usage: openload.mjs <port> <path> <rate per s> <seconds> <seed> <out file>");
}
const outFile = out;

// mulberry32 (Tommy Ettinger's 32-bit generator): small, seeded, good enough for arrival gaps.
let state = Number(seed) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const gapMs = () => (-Math.log(1 - random()) / ratePerSec) * 1000;

/** @type {string[]} */
const lines = [];
let sent = 0;
let errors = 0;
let pending = 0;
const cpu0 = process.cpuUsage();
const start = performance.now();

function send() {
  const t0 = performance.now();
  sent++;
  pending++;
  const req = request(
    { host: "127.0.0.1", port: Number(port), path, agent: false, timeout: 10_000 },
    (res) => {
      res.resume();
      res.on("end", () => {
        const t = performance.now();
        const h = res.headers;
        if (res.statusCode === 200) {
          lines.push(
            `${((t - t0) / 1000).toFixed(9)} ${h["x-worker"] ?? "?"} ${(t / 1000).toFixed(6)} ${h["x-wall"] ?? 0} ${h["x-cpu"] ?? 0} ${h["x-port"] ?? "?"}`,
          );
        } else errors++;
        pending--;
      });
    },
  );
  req.on("error", () => {
    errors++;
    pending--;
  });
  req.on("timeout", () => req.destroy());
  req.end();
}

let next = start + gapMs();
function tick() {
  const now = performance.now();
  while (next <= now && next - start < durationMs) {
    send();
    next += gapMs();
  }
  if (next - start < durationMs) setTimeout(tick, Math.max(0, next - performance.now()));
  else finish();
}

function finish() {
  const cpu = process.cpuUsage(cpu0);
  const waitUntil = performance.now() + 10_000;
  const done = () => {
    if (pending > 0 && performance.now() < waitUntil) return void setTimeout(done, 20);
    writeFileSync(outFile, lines.join("\n") + "\n");
    const answered = lines.length;
    console.log(JSON.stringify({ sent, answered, errors, cpuSec: (cpu.user + cpu.system) / 1e6 }));
    process.exit(0);
  };
  done();
}
setTimeout(tick, Math.max(0, next - performance.now()));

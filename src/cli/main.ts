#!/usr/bin/env node
// The `pywebperf` command: runs the command line (run.ts) on this process's arguments, terminal
// and files.
import { writeFileSync } from "node:fs";
import { readTextFile } from "./files.js";
import { fileLines } from "./lineStream.js";
import { run } from "./run.js";

try {
  process.exitCode = await run(process.argv.slice(2), {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
    readFile: readTextFile,
    lines: fileLines,
    now: () => performance.now(),
    writeFile: (path, text) => writeFileSync(path, text),
    ...(process.stderr.isTTY
      ? { progress: (line: string) => process.stderr.write(`\r\x1b[K${line}`) }
      : {}),
  });
} catch (e) {
  // A bug, not the user's error: one line too, with the way to the stack trace.
  if (process.env.PYWEBPERF_DEBUG) throw e;
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(
    `pywebperf: internal error: ${message.split("\n")[0]} (PYWEBPERF_DEBUG=1 shows the stack)\n`,
  );
  process.exitCode = 1;
}

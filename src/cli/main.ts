#!/usr/bin/env node
// The `pywebperf` command: runs the command line (run.ts) on this process's arguments, terminal
// and files.
import { readFileSync, writeFileSync } from "node:fs";
import { run } from "./run.js";

process.exitCode = await run(process.argv.slice(2), {
  out: (s) => process.stdout.write(`${s}\n`),
  err: (s) => process.stderr.write(`${s}\n`),
  readFile: (path) => readFileSync(path, "utf8"),
  writeFile: (path, text) => writeFileSync(path, text),
  ...(process.stderr.isTTY
    ? { progress: (line: string) => process.stderr.write(`\r\x1b[K${line}`) }
    : {}),
});

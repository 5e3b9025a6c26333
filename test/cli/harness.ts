import { readFileSync, writeFileSync } from "node:fs";
import { run } from "../../src/cli/run.js";

/**
 * Runs the command line in this process, as `pywebperf` would with these arguments (main.ts only
 * passes the process's arguments, output and files to `run`).
 */
export async function cli(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await run(args, {
    out: (s) => (stdout += `${s}\n`),
    err: (s) => (stderr += `${s}\n`),
    readFile: (path) => readFileSync(path, "utf8"),
    writeFile: (path, text) => writeFileSync(path, text),
  });
  return { status, stdout, stderr };
}

/** Expects exit status 2 with one line on stderr containing each of `named`. */
export async function expectRefused(args: string[], ...named: string[]) {
  const r = await cli(...args);
  if (r.status !== 2 || r.stderr.trim().split("\n").length !== 1) {
    throw new Error(
      `expected one line and exit 2 from ${args.join(" ")}, got ${r.status}: ${r.stderr}${r.stdout}`,
    );
  }
  for (const n of named) {
    if (!r.stderr.includes(n)) throw new Error(`'${r.stderr.trim()}' does not name ${n}`);
  }
  return r.stderr.trim();
}

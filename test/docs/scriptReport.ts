import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { format } from "prettier";

/** The repository's root. */
export const ROOT = join(import.meta.dirname, "..", "..");

/**
 * Runs a report script of the repository on its data sets, as its npm script does: `node SCRIPT
 * DATA... --json FILE`. Returns what it printed on stdout, formatted as prettier formats the
 * committed page, what it wrote to stderr, and the predictions file it wrote.
 */
export async function runReport(
  script: string,
  data: string | readonly string[],
): Promise<{ page: string; stderr: string; predictions: string }> {
  const scratch = mkdtempSync(join(tmpdir(), "pywebperf-report-"));
  try {
    const fresh = join(scratch, "predictions.json");
    const files = (typeof data === "string" ? [data] : data).map((d) => join(ROOT, d));
    const r = spawnSync(process.execPath, [join(ROOT, script), ...files, "--json", fresh], {
      encoding: "utf8",
      maxBuffer: 64 * 2 ** 20,
    });
    const page = await format(r.stdout, { parser: "markdown", printWidth: 100 });
    return {
      page,
      stderr: r.stderr,
      predictions: r.status === 0 ? readFileSync(fresh, "utf8") : "",
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A committed file's text. @param path - From the repository's root. */
export const committed = (path: string) => readFileSync(join(ROOT, path), "utf8");

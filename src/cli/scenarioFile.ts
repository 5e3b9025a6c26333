import { extname } from "node:path";
import { scenarioFieldPosition } from "../deploy/scenarioFieldPosition.js";
import { ModelInputError } from "../errors.js";
import { UsageError } from "./args.js";

// Reading a scenario file for `plan` and `pods`: its format from its name, its text, and the
// model's errors reported with the file's name.

/** The text of a scenario file and its format (`.json`, `.yaml`, `.yml`). */
export function readScenarioFile(
  path: string,
  readFile: (path: string) => string,
): { text: string; format: "json" | "yaml" } {
  const ext = extname(path).toLowerCase();
  const format = ext === ".json" ? "json" : ext === ".yaml" || ext === ".yml" ? "yaml" : undefined;
  if (!format) throw new UsageError(`${path}: a scenario is a .yaml, .yml or .json file`);
  try {
    return { text: readFile(path), format };
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot read ${path}: ${(e as Error).message.split("\n")[0]}`);
  }
}

/**
 * Runs `f`; a bad field of the scenario file `path` is reported with the file's name, and, given
 * the file's `text` whose paths the error's field names (a `plan` scenario's), with the line and
 * column of the field (or of its nearest ancestor written in the file), as compilers do:
 * `shop.yaml:3:5: scenario: …`.
 */
export function inFile<T>(path: string | undefined, f: () => T, text?: string): T {
  try {
    return f();
  } catch (e) {
    if (path !== undefined && e instanceof ModelInputError) {
      // A syntax error's message says where it is; the file's other errors (too deep, too
      // large) are about the whole file.
      const at =
        text === undefined || e.field === "(file)"
          ? undefined
          : scenarioFieldPosition(text, e.field);
      throw new UsageError(`${path}${at ? `:${at.line}:${at.column}` : ""}: ${e.message}`);
    }
    throw e;
  }
}

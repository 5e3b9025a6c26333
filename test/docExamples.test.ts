// Runs every `@example` in the doc comments of src/ (as mathjs does in test/node-tests/doc.test.js):
// each line `expression; // => value` must evaluate to `value`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import * as charts from "../src/charts/index.js";
import * as models from "../src/index.js";
import { relErr } from "./helpers.js";

const SRC = join(import.meta.dirname, "..", "src");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

interface Example {
  file: string;
  code: string;
}

function examples(): Example[] {
  const found: Example[] = [];
  for (const file of sourceFiles(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(
      /@example\s*\n((?:\s*\*.*\n)*?)\s*\*\/|@example\s*\n((?:\s*\*.*\n)*?)\s*\*\s*@/g,
    )) {
      const body = (m[1] ?? m[2] ?? "")
        .split("\n")
        .map((l) => l.replace(/^\s*\* ?/, ""))
        .join("\n");
      const code = /```ts\n([\s\S]*?)```/.exec(body)?.[1];
      if (code) found.push({ file: relative(SRC, file), code });
    }
  }
  return found;
}

function check(actual: unknown, expected: string): void {
  const value: unknown = JSON.parse(expected);
  if (typeof value === "number" && typeof actual === "number") {
    expect(relErr(actual, value), `${actual} vs ${expected}`).toBeLessThan(1e-14);
  } else {
    expect(actual).toEqual(value);
  }
}

const all = examples();
// An example may use anything either entry point exports (`pywebperf` and `pywebperf/charts`).
const api: Record<string, unknown> = { ...models, ...charts };

/** The public functions of the entry points that have no `@example` in their doc comment. */
function functionsWithoutExample(): string[] {
  const entries = ["index.ts", "charts/index.ts"].map((f) => join(SRC, f));
  const program = ts.createProgram(entries, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
  });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  for (const entry of entries) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
    for (const exported of checker.getExportsOfModule(module)) {
      const symbol =
        exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const declaration = symbol.declarations?.[0];
      if (declaration === undefined) continue;
      const isFunction =
        ts.isFunctionDeclaration(declaration) ||
        (ts.isVariableDeclaration(declaration) &&
          declaration.initializer !== undefined &&
          (ts.isArrowFunction(declaration.initializer) ||
            ts.isFunctionExpression(declaration.initializer)));
      if (!isFunction) continue;
      const documented = ts.isVariableDeclaration(declaration)
        ? declaration.parent.parent
        : declaration;
      const tags = ts.getJSDocTags(documented).map((t) => t.tagName.text);
      if (!tags.includes("example"))
        missing.push(`${exported.name} (${relative(SRC, declaration.getSourceFile().fileName)})`);
    }
  }
  return missing;
}

describe("doc examples", () => {
  it("finds the examples of every public model", () => {
    const files = new Set(all.map((e) => e.file));
    for (const f of ["queueing/mmc.ts", "queueing/erlangB.ts", "laws/littlesLaw.ts", "units.ts"]) {
      expect(files.has(f), f).toBe(true);
    }
  });

  it("every public function of both entry points has an example", () => {
    expect(functionsWithoutExample()).toEqual([]);
  });

  it.each(all.map((e, i) => [`${e.file} #${i}`, e] as const))("%s", async (_name, example) => {
    let assertions = 0;
    const lines = example.code.split("\n").map((line) => {
      const m = /^(.*?);?\s*\/\/ => (.*)$/.exec(line);
      if (!m) return line;
      assertions++;
      return `__check((${m[1]}), ${JSON.stringify(m[2])});`;
    });
    expect(assertions, "an example must show at least one `// => value`").toBeGreaterThan(0);
    const names = Object.keys(api);
    // Run as an async function, so that an example may `await` (renderSvg, showChart).
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (
      ...args: string[]
    ) => (...args: unknown[]) => Promise<void>;
    const run = new AsyncFunction("__check", ...names, lines.join("\n"));
    await run(check, ...names.map((n) => api[n]));
  });
});

import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { ModelInputError } from "../errors.js";

/** Where a field of a scenario's text is (see {@link scenarioFieldPosition}). */
export interface ScenarioFieldPosition {
  /** The line, counted from 1. */
  line: number;
  /** The column, counted from 1. */
  column: number;
  /**
   * The part of the field's path found in the text: the field itself, or its nearest ancestor
   * when the field is absent (a missing required field is reported at the object that lacks it).
   */
  found: string;
}

/** A field path's keys and indexes: `stack.tiers[3].servers` → `["stack", "tiers", 3, "servers"]`. */
function pathOf(field: string): (string | number)[] {
  return [...field.matchAll(/\[(\d+)\]|[^.[\]]+/g)].map((m) =>
    m[1] === undefined ? m[0] : Number(m[1]),
  );
}

/**
 * Where in a scenario's text (YAML, or JSON, which YAML reads too) the field that an error names
 * is written: the line and column of its key (of the item, for an index), so that an editor can
 * show {@link parseScenario}'s and {@link planCapacity}'s errors at the line they are about. The
 * field is a {@link ModelInputError}'s `field`, a path such as `stack.tiers[3].deployment.threads`;
 * for `(file)`, the field of a syntax error, it is where the first syntax error is.
 *
 * @param text - The scenario's text.
 * @param field - The path of the field.
 * @returns Its position, or its nearest ancestor's when the field is absent (`found` says which);
 *   undefined when not even the first key of the path is in the text, or for `(file)` when the
 *   text has no syntax error.
 * @throws {@link ModelInputError} when `text` or `field` is not a string.
 * @example
 * ```ts
 * scenarioFieldPosition("load:\n  arrivalRatePerSec: -1\n", "load.arrivalRatePerSec").line; // => 2
 * ```
 */
export function scenarioFieldPosition(
  text: string,
  field: string,
): ScenarioFieldPosition | undefined {
  for (const [name, value] of [
    ["text", text],
    ["field", field],
  ] as const) {
    if (typeof value !== "string") {
      throw new ModelInputError("scenarioFieldPosition", name, value, "a string");
    }
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines });
  const at = (offset: number, found: string): ScenarioFieldPosition => {
    const { line, col } = lines.linePos(offset);
    return { line, column: col, found };
  };
  if (field === "(file)") {
    const error = document.errors[0];
    return error === undefined ? undefined : at(error.pos[0], field);
  }
  let node: unknown = document.contents;
  let position: ScenarioFieldPosition | undefined;
  let found = "";
  for (const key of pathOf(field)) {
    let start: number | undefined;
    let child: unknown;
    if (typeof key === "number" && isSeq(node)) {
      child = node.items[key];
      start = (child as Node | undefined)?.range?.[0];
    } else if (typeof key === "string" && isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
      child = pair?.value;
      start = (pair?.key as Node | undefined)?.range?.[0];
    }
    if (start === undefined) break;
    found = typeof key === "number" ? `${found}[${key}]` : found === "" ? key : `${found}.${key}`;
    position = at(start, found);
    node = child;
  }
  return position;
}

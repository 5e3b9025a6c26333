// A TypeDoc plugin: groups the API reference by topic, from the folder each declaration lives in
// (src/laws → Laws, src/queueing → Queueing, …), as if each had a `@group` tag. A declaration
// with its own `@group` keeps it. Loaded by typedoc.json ("plugin"); the topics' order is its
// "groupOrder".
import { Comment, CommentTag, Converter, ReflectionKind } from "typedoc";

/** Folder (or file) under src/ → the topic's group. */
const TOPICS = {
  laws: "Laws",
  queueing: "Queueing",
  networks: "Networks",
  scaling: "Scaling",
  python: "Python",
  deploy: "Deployments",
  fit: "Calibration",
  sim: "Simulation",
  charts: "Charts",
  "units.ts": "Units",
  "errors.ts": "Errors",
  math: "Math",
};

/** Kinds that appear in a module's index (members of interfaces and classes keep their place). */
const TOP_LEVEL =
  ReflectionKind.Function |
  ReflectionKind.Interface |
  ReflectionKind.TypeAlias |
  ReflectionKind.Variable |
  ReflectionKind.Class |
  ReflectionKind.Enum;

/**
 * The topic of a source file: the first folder under src/ that names one.
 * @param {string} fileName
 * @returns {string | undefined}
 */
export function topicOf(fileName) {
  const parts = fileName.split(/[\\/]/);
  const src = parts.lastIndexOf("src");
  if (src < 0) return undefined;
  const first = parts[src + 1];
  return first === undefined ? undefined : TOPICS[/** @type {keyof typeof TOPICS} */ (first)];
}

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (context, reflection) => {
    if (!reflection.kindOf(TOP_LEVEL)) return;
    const file = context.getSymbolFromReflection(reflection)?.declarations?.[0]?.getSourceFile();
    const topic = file === undefined ? undefined : topicOf(file.fileName);
    if (topic === undefined) return;
    reflection.comment ??= new Comment();
    if (reflection.comment.hasModifier("@hidden") || reflection.comment.getTag("@group")) return;
    reflection.comment.blockTags.push(new CommentTag("@group", [{ kind: "text", text: topic }]));
  });
}

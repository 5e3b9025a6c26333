// npm run docs: the documentation site in site/ — the API reference from the doc comments, the
// guides in docs/, and the executed notebooks converted to pages ("Tutorials") with their charts
// as SVG files. Warnings are errors (typedoc.json), so a broken link fails the build.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brokenPlaygroundLinks, buildPlayground } from "./playground-build.mjs";

const TUTORIALS = "build/tutorials";

/**
 * @param {string} command
 * @param {string[]} args
 */
function run(command, args) {
  const r = spawnSync(command, args, { stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`docs: ${command} ${args.join(" ")} failed (status ${r.status})`);
    process.exit(1);
  }
}

rmSync(TUTORIALS, { recursive: true, force: true });
mkdirSync(TUTORIALS, { recursive: true });
const notebooks = readdirSync("notebooks")
  .filter((f) => f.endsWith(".ipynb"))
  .sort();
for (const nb of notebooks) {
  run("jupyter", [
    "nbconvert",
    "--log-level=WARN",
    "--to",
    "markdown",
    "--output-dir",
    TUTORIALS,
    join("notebooks", nb),
  ]);
  const page = join(TUTORIALS, nb.replace(/\.ipynb$/, ".md"));
  const text = readFileSync(page, "utf8");
  const title = /^# (.*)$/m.exec(text)?.[1] ?? nb;
  // Front matter puts the page under "Tutorials"; the page's own H1 becomes the title.
  writeFileSync(
    page,
    `---\ntitle: "${title.replace(/"/g, '\\"')}"\ngroup: Tutorials\n---\n\n${text}`,
  );
}
run(process.execPath, ["node_modules/typedoc/bin/typedoc"]);
// The playground: its pages beside the browser build, every relative link checked.
const playground = await buildPlayground("site");
const broken = brokenPlaygroundLinks("site");
if (broken.length > 0) {
  console.error(
    `docs: the playground links to what the site does not have:\n  ${broken.join("\n  ")}`,
  );
  process.exit(1);
}
console.log(
  `docs: site/index.html (${notebooks.length} tutorials), site/playground/ (${playground.pages.length} pages, the browser build ${(playground.gzipBytes / 1024).toFixed(0)} kB gzipped)`,
);

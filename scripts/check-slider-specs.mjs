// Renders every chart with sliders saved in notebooks 02, 03 and 05 with a given vega-lite and
// vega (by default the repository's), moves each control to its other end, and prints what the
// chart then shows: the subtitle naming the controls and the number of points drawn. It checks
// that the specs work with the vega-lite a JupyterLab ships (version 5), not only with ours:
//
//   mkdir /tmp/vl5 && npm install --prefix /tmp/vl5 vega-lite@5.6.1 vega@5.22
//   node scripts/check-slider-specs.mjs /tmp/vl5/node_modules
//
// Exit status 1 when a chart does not compile, or its subtitle does not follow a control.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const modules = resolve(process.argv[2] ?? "node_modules");
const require = createRequire(join(modules, "noop.js"));
/** @param {string} name @returns {Promise<any>} */
const load = (name) => import(pathToFileURL(require.resolve(name)).href);
const vl = await load("vega-lite");
const vega = await load("vega");
console.log(
  `vega-lite ${vl.version}, vega ${vega.version} from ${process.argv[2] ?? "node_modules"}`,
);

const notebooks = [
  "notebooks/02-costs-and-spikes.ipynb",
  "notebooks/03-pythons-challenges.ipynb",
  "notebooks/05-how-many-daemons-and-threads.ipynb",
];
/** @param {string} svg */
const subtitleOf = (svg) => svg.match(/aria-label="Subtitle text '([^']*)'/)?.[1];
/** @param {string} svg */
const pointsOf = (svg) => (svg.match(/role="graphics-symbol"/g) ?? []).length;

let failed = 0;
for (const file of notebooks) {
  const cells = JSON.parse(readFileSync(file, "utf8")).cells;
  for (const [index, cell] of cells.entries()) {
    for (const output of cell.outputs ?? []) {
      const spec = output.data?.["application/vnd.vegalite.v5+json"];
      if (!spec?.params) continue;
      const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: "none" });
      await view.runAsync();
      const before = await view.toSVG();
      console.log(`${file} cell ${index}: "${subtitleOf(before)}", ${pointsOf(before)} marks`);
      for (const param of spec.params.filter((/** @type {any} */ p) => p.bind)) {
        const choices = param.bind.options ?? [param.bind.min, param.bind.max];
        const other = choices.find((/** @type {unknown} */ v) => v !== param.value) ?? choices[0];
        view.signal(param.name, other);
        await view.runAsync();
        const after = await view.toSVG();
        const shown = subtitleOf(after) ?? "";
        const follows = shown !== subtitleOf(before) && shown.includes(String(other));
        if (!follows) failed += 1;
        console.log(
          `  ${param.name} = ${other}: "${shown}", ${pointsOf(after)} marks${follows ? "" : "  FAILED"}`,
        );
        view.signal(param.name, param.value);
        await view.runAsync();
      }
    }
  }
}
process.exitCode = failed > 0 ? 1 : 0;

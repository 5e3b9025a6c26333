#!/usr/bin/python3
"""Execute every notebook in notebooks/ with the tslab kernel through real Jupyter (nbclient).

Run by `npm run notebooks` (which builds dist/ first); the project's tslab, in node_modules/.bin,
is put on PATH. The kernelspec is the committed notebooks/kernels/tslab/kernel.json, found via
JUPYTER_PATH, so nothing is installed globally. Each notebook is written back with its outputs,
even when a cell fails; a failure names the notebook, the cell and the error. The last line is
`notebooks: N passed, M failed`; the exit status is 1 if any failed.
"""
import glob
import os
import sys

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NOTEBOOKS = os.path.join(ROOT, "notebooks")
os.environ["JUPYTER_PATH"] = NOTEBOOKS + os.pathsep + os.environ.get("JUPYTER_PATH", "")
# The kernelspec starts `tslab`, the project's own copy.
os.environ["PATH"] = os.path.join(ROOT, "node_modules", ".bin") + os.pathsep + os.environ.get("PATH", "")


def link_package():
    """Make `import … from "pywebperf"` resolve in the notebooks as in a user's project.

    tslab type-checks a cell with TypeScript's classic node_modules lookup, which does not resolve a
    package's own name from inside it. node_modules/pywebperf is made a folder holding links to the
    package's package.json and dist/ (a link to the whole repository would contain itself).
    """
    folder = os.path.join(ROOT, "node_modules", "pywebperf")
    os.makedirs(folder, exist_ok=True)
    for name in ("package.json", "dist"):
        link = os.path.join(folder, name)
        if not os.path.islink(link):
            os.symlink(os.path.join("..", "..", name), link)


def strip_volatile(nb):
    """Drop per-run timing metadata so that re-running leaves unchanged notebooks unchanged."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)


def run(path):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="tslab", timeout=300, resources={"metadata": {"path": NOTEBOOKS}})
    error = None
    try:
        client.execute()
    except CellExecutionError as e:
        error = e
    except Exception as e:  # kernel failed to start, timeout, ...
        error = e
    strip_volatile(nb)
    nbformat.write(nb, path)
    if error is None:
        # nbformat.write only logs a notebook that breaks its schema (e.g. cell ids in a 4.4
        # notebook); Jupyter and nbconvert then complain. Fail here instead, naming the cell.
        try:
            nbformat.validate(nb)
        except nbformat.ValidationError as e:
            error = "invalid notebook (nbformat %d.%d): %s" % (
                nb.nbformat, nb.nbformat_minor, str(e).splitlines()[0])
    if error is None:
        # A cell may also print to stderr without failing; unawaited rejections do not fail a cell,
        # so report any error output left in the notebook.
        for i, cell in enumerate(nb.cells):
            for out in cell.get("outputs", []):
                if out.get("output_type") == "error":
                    error = "cell %d: %s: %s" % (i, out.get("ename"), out.get("evalue"))
    if error is None:
        return None
    # tslab reports a failing cell as stderr text (and an execute_reply error); find that cell.
    failing = None
    for i, cell in enumerate(nb.cells):
        outs = cell.get("outputs", [])
        if any(o.get("output_type") == "error" or o.get("name") == "stderr" for o in outs):
            failing = (i, cell)
            break
    lines = ["FAILED %s" % os.path.relpath(path, ROOT)]
    if failing:
        i, cell = failing
        lines.append("  cell %d:" % i)
        lines.extend("    | " + l for l in cell.source.splitlines()[:12])
        for out in cell.outputs:
            if out.get("output_type") == "error":
                lines.append("  %s: %s" % (out.get("ename"), out.get("evalue")))
            elif out.get("output_type") == "stream" and out.get("name") == "stderr":
                lines.extend("  stderr: " + l for l in out.get("text", "").splitlines()[:20])
    if isinstance(error, CellExecutionError) and error.ename and (error.evalue or "").strip():
        lines.append("  %s: %s" % (error.ename, error.evalue))
    else:
        lines.append("  " + str(error).strip().splitlines()[-1] if str(error).strip() else "  " + repr(error))
    return "\n".join(lines)


def main():
    paths = sorted(glob.glob(os.path.join(NOTEBOOKS, "*.ipynb")))
    if len(sys.argv) > 1:
        paths = [os.path.abspath(p) for p in sys.argv[1:]]
    link_package()
    passed = failed = 0
    for path in paths:
        problem = run(path)
        if problem:
            failed += 1
            print(problem, flush=True)
        else:
            passed += 1
            print("ok     %s" % os.path.relpath(path, ROOT), flush=True)
    print("notebooks: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed or not paths else 0)


if __name__ == "__main__":
    main()

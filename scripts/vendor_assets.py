"""Copy the pinned front-end files from node_modules into the package, with their licences.

    npm install && python scripts/vendor_assets.py

The site must work offline and behind a government firewall, and `pip install` must not need
Node, so the built files are committed under src/techniekpact/web/static/vendor/ (and axe-core,
used only by the browser tests, under tests/assets/).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "node_modules"
VENDOR = ROOT / "src" / "techniekpact" / "web" / "static" / "vendor"
TEST_ASSETS = ROOT / "tests" / "assets"

FILES = {
    "vega": ["build/vega.min.js", "LICENSE"],
    "vega-lite": ["build/vega-lite.min.js", "LICENSE"],
    "vega-embed": ["build/vega-embed.min.js", "LICENSE"],
    "vega-interpreter": ["build/vega-interpreter.js", "LICENSE"],
    "swagger-ui-dist": ["swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE"],
    "@fontsource/fira-sans": [
        "files/fira-sans-latin-400-normal.woff2",
        "files/fira-sans-latin-600-normal.woff2",
        "files/fira-sans-latin-700-normal.woff2",
        "LICENSE",
    ],
}
TEST_FILES = {"axe-core": ["axe.min.js", "LICENSE"]}


def copy(files: dict[str, list[str]], target: Path) -> list[str]:
    lines = []
    for package, paths in files.items():
        meta = json.loads((MODULES / package / "package.json").read_text(encoding="utf-8"))
        folder = target / package.replace("@", "").replace("/", "-")
        folder.mkdir(parents=True, exist_ok=True)
        for rel in paths:
            shutil.copyfile(MODULES / package / rel, folder / Path(rel).name)
        lines.append(f"| {package} | {meta['version']} | {meta.get('license', '')} |")
    return lines


def classic_script(module: str) -> str:
    """vega-interpreter as a plain script on top of vega.min.js.

    The package ships only an ES module that imports from `vega-util`, and the browser cannot
    resolve that bare name without an import map (an inline script, which the site's
    Content-Security-Policy refuses). Its one import line becomes a read of the same functions
    from the global `vega`, its one export an assignment to `vega.expressionInterpreter`.
    """
    lines = module.splitlines()
    imports = [i for i, line in enumerate(lines) if line.startswith("import ")]
    exports = [i for i, line in enumerate(lines) if line.startswith("export ")]
    assert len(imports) == 1 and len(exports) == 1, "vega-interpreter's layout changed"
    names = lines[imports[0]].split("{", 1)[1].split("}", 1)[0]
    assert lines[imports[0]].rstrip().endswith("from 'vega-util';"), lines[imports[0]]
    lines[imports[0]] = f"const {{{names}}} = vega;"
    exported = lines[exports[0]].split("{", 1)[1].split(" as ", 1)[0].strip()
    lines[exports[0]] = f"vega.expressionInterpreter = {exported};"
    body = "\n".join(line for line in lines if not line.startswith("//# sourceMappingURL"))
    return "(function () {\n" + body + "\n})();\n"


def main() -> None:
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    rows = copy(FILES, VENDOR)
    interpreter = VENDOR / "vega-interpreter" / "vega-interpreter.js"
    interpreter.write_text(classic_script(interpreter.read_text(encoding="utf-8")), "utf-8")
    header = "| package | version | licence |\n|---|---|---|\n"
    (VENDOR / "README.md").write_text(
        "# Vendored front-end files\n\nCopied from npm by scripts/vendor_assets.py; each folder "
        "holds the package's licence.\n\n" + header + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    copy(TEST_FILES, TEST_ASSETS)


if __name__ == "__main__":
    main()

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


def main() -> None:
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    rows = copy(FILES, VENDOR)
    header = "| package | version | licence |\n|---|---|---|\n"
    (VENDOR / "README.md").write_text(
        "# Vendored front-end files\n\nCopied from npm by scripts/vendor_assets.py; each folder "
        "holds the package's licence.\n\n" + header + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    copy(TEST_FILES, TEST_ASSETS)


if __name__ == "__main__":
    main()

"""Copy the design systems' built files from node_modules into static/vendor/.

Run after `npm ci`. Takes the precompiled CSS, the ES-module JavaScript and the
images the CSS refers to from GOV.UK Frontend and MOJ Frontend; no Sass, no
bundler. On the way it

- rewrites `url(/assets/...)` to paths relative to the CSS file, so the files
  work under any STATIC_URL;
- drops the GDS Transport `@font-face` rules (the font is licensed for gov.uk
  domains only; text falls back to Arial) and does not copy the font files;
- drops the `sourceMappingURL` comments (the maps are not copied, and hashed
  static storage would otherwise fail on the missing files).

Plain Python with no dependencies. Exits non-zero with a clear message when
node_modules is missing or a package has changed shape.
"""

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VENDOR = ROOT / "static" / "vendor"

# (source folder inside node_modules, destination folder name, CSS file, JS file)
PACKAGES = [
    (
        "govuk-frontend/dist/govuk",
        "govuk-frontend",
        "govuk-frontend.min.css",
        "govuk-frontend.min.js",
    ),
    (
        "@ministryofjustice/frontend/moj",
        "moj-frontend",
        "moj-frontend.min.css",
        "moj-frontend.min.js",
    ),
]
# Only the images: the fonts are GDS Transport, which we may not use.
ASSET_FOLDERS = ["images"]

FONT_FACE = re.compile(r"@font-face\s*\{[^}]*\}")
ASSET_URL = re.compile(r"url\(\s*(['\"]?)/assets/")
SOURCE_MAP = re.compile(r"\s*/[*/]# sourceMappingURL=[^\s*]+(\s*\*/)?\s*$")
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class VendorError(Exception):
    pass


def rewrite_css(css: str) -> str:
    """Return the stylesheet without GDS Transport and with relative asset URLs."""
    css = FONT_FACE.sub("", css)
    css = ASSET_URL.sub(r"url(\1assets/", css)
    return SOURCE_MAP.sub("", css)


def strip_source_map(js: str) -> str:
    return SOURCE_MAP.sub("", js) + "\n"


def check_css_urls(css: str, folder: Path) -> None:
    """Fail if the stylesheet refers to a file that was not copied."""
    for url in CSS_URL.findall(css):
        if url.startswith("data:"):
            continue
        if url.startswith("/") or "://" in url:
            raise VendorError(f"{folder.name}: unexpected absolute URL in CSS: {url}")
        if not (folder / url).is_file():
            raise VendorError(f"{folder.name}: CSS refers to {url}, which was not copied")


def vendor_package(source_rel: str, dest_name: str, css_name: str, js_name: str) -> None:
    source = NODE_MODULES / source_rel
    if not source.is_dir():
        raise VendorError(f"{source} is missing: has the package layout changed?")
    dest = VENDOR / dest_name
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)

    for folder in ASSET_FOLDERS:
        assets = source / "assets" / folder
        if not assets.is_dir():
            raise VendorError(f"{assets} is missing")
        shutil.copytree(assets, dest / "assets" / folder)

    css = rewrite_css((source / css_name).read_text(encoding="utf-8"))
    if "GDS Transport" in css and "@font-face" in css:
        raise VendorError(f"{css_name}: a GDS Transport @font-face rule survived")
    check_css_urls(css, dest)
    (dest / css_name).write_text(css, encoding="utf-8")

    js = strip_source_map((source / js_name).read_text(encoding="utf-8"))
    if "initAll" not in js:
        raise VendorError(f"{js_name} does not export initAll")
    (dest / js_name).write_text(js, encoding="utf-8")
    print(f"vendored {source_rel} -> {dest.relative_to(ROOT)}")


def main() -> int:
    if not NODE_MODULES.is_dir():
        print(
            f"error: {NODE_MODULES} is missing. Run `npm ci` first "
            "(it installs the versions pinned in package-lock.json).",
            file=sys.stderr,
        )
        return 1
    try:
        for package in PACKAGES:
            vendor_package(*package)
    except (VendorError, OSError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

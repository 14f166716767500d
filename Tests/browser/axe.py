"""axe-core in the page tests: injects the pinned `axe.min.js` into the page the driver
has open and runs every rule axe enables by default (WCAG 2.0–2.2 A and AA, and axe's
best practices).

axe-core comes from PyPI, not npm (which this project cannot reach): `make test` downloads
`axe-playwright-python` 0.1.8, checks the wheel's SHA-256 and takes the axe-core 4.12.1
script out of it into `.build-tools/axe/axe.min.js` (see the Makefile). A page test that
runs without it fails, saying how to get it, rather than passing unaudited."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, ".build-tools", "axe", "axe.min.js")
VERSION = "4.12.1"


def audit(driver):
    """The page's violations, every impact, with the nodes each one names, and how many
    rules passed (so that a test can tell an audit that ran from one that found nothing
    to look at). The page's own scripts are not touched: axe is added to `window` once."""
    if not os.path.exists(SCRIPT):
        print(f"axe-core is missing ({SCRIPT}): `make test` downloads it", file=sys.stderr)
        sys.exit(3)
    if not driver.execute_script("return !!window.axe"):
        with open(SCRIPT, encoding="utf-8") as f:
            driver.execute_script(f.read())
    # A generous script timeout: axe walks the whole page, and the reviewer's is long.
    driver.set_script_timeout(60)
    result = driver.execute_async_script("""
        var done = arguments[arguments.length - 1];
        axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
          done({
            version: axe.version,
            passes: r.passes.length,
            violations: r.violations.map(function (v) {
              return { id: v.id, impact: v.impact, help: v.help,
                       nodes: v.nodes.map(function (n) { return n.target.join(" "); }) };
            })
          });
        }, function (e) { done({ error: String(e) }); });
    """)
    if "error" in result:
        raise RuntimeError("axe-core failed: " + result["error"])
    if result["version"] != VERSION:
        raise RuntimeError(f"axe-core {result['version']} where {VERSION} is pinned")
    return result


def serious(result):
    """The violations a test refuses: axe's `serious` and `critical` impacts."""
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]

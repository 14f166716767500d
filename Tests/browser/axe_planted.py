#!/usr/bin/env python3
"""The accessibility audit's own check: a page with four planted faults (no language,
an image without text, a button without a name, an input without a label) audited as the
page tests audit ours. The test requires axe to name each of them as serious or critical,
so that "no serious violations" on our pages means the audit ran and looked.

Usage: axe_planted.py OUT_DIR
Exit 0 with the audit as JSON; 77 when Chromium cannot start (the test is then skipped).
"""
import json
import os
import sys

from axe import audit, serious
from chromium import start

out = os.path.abspath(sys.argv[1])
page = os.path.join(out, "planted.html")
with open(page, "w", encoding="utf-8") as f:
    f.write("<!DOCTYPE html><html><head><meta charset='utf-8'><title>planted</title></head><body><main>"
            "<h1>Planted</h1><img src='x.png'><button type='button'></button><input type='text'></main></body></html>")
driver = start(800, 600)
try:
    driver.get("file://" + page)
    result = audit(driver)
    print(json.dumps({"audit": result, "serious": sorted({v["id"] for v in serious(result)})}))
finally:
    driver.quit()

#!/usr/bin/env python3
"""Opens the reports address `safetyreg serve` printed (with its token) in headless
Chromium, as a reviewer would: the reviewer's page, its previews, the address bar without
the token. Then a second browser without the cookie opens the same page. Prints a JSON
summary; keeps screenshots of both.

Usage: reports_page.py TOKEN_URL OUT_DIR
Exit 0 with the summary; 77 when Chromium cannot start (the test is then skipped).
"""
import json
import os
import sys
import time

from axe import audit
from chromium import start
from selenium.webdriver.common.by import By

address, out = sys.argv[1], sys.argv[2]
result = {}
driver = start(1200, 1400)
try:
    driver.get(address)
    deadline = time.time() + 30
    while time.time() < deadline and not driver.find_elements(By.CSS_SELECTOR, "section.sub"):
        time.sleep(0.1)
    # Previews below the fold load as they come into view.
    driver.execute_script("window.scrollTo(0, document.body.scrollHeight)")
    time.sleep(1.0)
    driver.execute_script("window.scrollTo(0, 0)")
    result["url"] = driver.current_url
    result["title"] = driver.title
    result["sections"] = len(driver.find_elements(By.CSS_SELECTOR, "section.sub"))
    result["previewsLoaded"] = driver.execute_script(
        "return [...document.images].filter(i => i.complete && i.naturalWidth > 0).length")
    result["scriptSeesCookie"] = "safetyreg_reports" in driver.execute_script("return document.cookie")
    driver.save_screenshot(os.path.join(out, "reports-page.png"))
    page = driver.current_url
    result["axe"] = {"reviewer": audit(driver)}
finally:
    driver.quit()

stranger = start(1000, 700)
try:
    stranger.get(page)
    result["strangerTitle"] = stranger.title
    result["strangerText"] = stranger.find_element(By.TAG_NAME, "body").text[:200]
    stranger.save_screenshot(os.path.join(out, "reports-401.png"))
    result["axe"]["refused"] = audit(stranger)
finally:
    stranger.quit()
print(json.dumps(result, ensure_ascii=False))

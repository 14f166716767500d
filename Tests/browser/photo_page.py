#!/usr/bin/env python3
"""Drives `safetyreg serve`'s photo page in headless Chromium (Debian's chromium and
chromium-driver, python3-selenium), as an applicant would: choose a photo, wait for the
verdict, download the fixed copy. Prints a JSON summary; keeps a screenshot.

Usage: photo_page.py BASE_URL PHOTO OUT_DIR [lang]
Exit 0 with the summary; 77 when Chromium cannot start (the test is then skipped).
"""
import base64
import json
import os
import sys
import time

from axe import audit
from chromium import start
from selenium.webdriver.common.by import By

base, photo, out = sys.argv[1], sys.argv[2], sys.argv[3]
lang = sys.argv[4] if len(sys.argv) > 4 else "zh"
driver = start()
try:
    driver.get(base + "photo" + ("?lang=en" if lang == "en" else ""))
    title = driver.find_element(By.TAG_NAME, "h1").text
    audits = {"empty": audit(driver)}
    driver.find_element(By.ID, "file").send_keys(os.path.abspath(photo))
    deadline = time.time() + 30
    while time.time() < deadline and not driver.find_elements(By.CSS_SELECTOR, "#out .pair"):
        time.sleep(0.1)
    time.sleep(0.3)
    verdict = driver.find_element(By.CSS_SELECTOR, "#out .verdict").text
    codes = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#out > ul code")]
    links = driver.find_elements(By.ID, "download")
    fixed = None
    if links:
        href = links[0].get_attribute("href")
        data = base64.b64decode(href.split(",", 1)[1])
        fixed = os.path.join(out, links[0].get_attribute("download"))
        with open(fixed, "wb") as f:
            f.write(data)
    captions = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#out figcaption")]
    # The framing guide drawn over each picture: the face and the bands.
    guides = [[e.get_attribute("class") for e in f.find_elements(By.CSS_SELECTOR, ".pic i")]
              for f in driver.find_elements(By.CSS_SELECTOR, "#out .pair figure")]
    driver.save_screenshot(os.path.join(out, "photo-page.png"))
    audits["verdict"] = audit(driver)
    print(json.dumps({"title": title, "verdict": verdict, "codes": codes, "fixed": fixed, "captions": captions,
                      "guides": guides, "axe": audits}, ensure_ascii=False))
finally:
    driver.quit()

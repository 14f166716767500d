"""Starts Debian's headless Chromium through its chromedriver, for the page tests.
Exits with 77 (the Swift test then skips, saying why) when Chromium cannot start."""
import os
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service


def start(width=1100, height=1000, downloads=None):
    options = Options()
    for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(flag)
    if downloads:
        options.add_experimental_option("prefs", {
            "download.default_directory": downloads, "download.prompt_for_download": False,
            "profile.default_content_setting_values.automatic_downloads": 1})
    options.binary_location = "/usr/bin/chromium"
    try:
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    except WebDriverException as error:
        print(f"Chromium could not start: {error.msg}", file=sys.stderr)
        sys.exit(77)
    if downloads:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
    return driver


def wait(predicate, seconds=30):
    """The first true value `predicate` returns, asked every 0.1 s (a page that is still
    changing may throw meanwhile); a timeout after `seconds`."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except WebDriverException:
            pass
        time.sleep(0.1)
    raise TimeoutError("the page did not get there in time")


def downloaded(downloads, out, before, suffix, keep_as):
    """The download that appeared in `downloads` since `before`, once complete, moved to
    `out`/`keep_as` (Chromium would otherwise overwrite it with the next download of the
    same name). Returns the name Chromium gave it and the path it was moved to."""
    def ready():
        names = [n for n in os.listdir(downloads) if n.endswith(suffix) and n not in before]
        return names[0] if names else None
    name = wait(ready)
    path = os.path.join(downloads, name)
    size = -1
    while size != os.path.getsize(path):
        size = os.path.getsize(path)
        time.sleep(0.3)
    kept = os.path.join(out, keep_as)
    os.replace(path, kept)
    return name, kept

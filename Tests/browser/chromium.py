"""Starts Debian's headless Chromium through its chromedriver, for the page tests.
Exits with 77 (the Swift test then skips, saying why) when Chromium cannot start."""
import sys

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

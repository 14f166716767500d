"""The applicant both application-page tests type in (the mouse one and the keyboard
one): the shipped sample's valid initial registration with two work periods, and the
page's own signal that it has checked the last edit."""
import os
import time

import yaml
from chromium import wait
from selenium.webdriver.common.by import By

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

def _example():
    """The example applicant, from the shipped sample (which `ExampleApplicationTests`
    holds equal to `ExampleApplication`, its one definition): field paths to the text a
    person types or the code a choice list holds, `kind` first (it decides which fields
    show), and the work periods."""
    with open(os.path.join(ROOT, "samples", "applications", "initial.yaml"), encoding="utf-8") as f:
        data = yaml.safe_load(f)
    flat = {}
    for key, value in data.items():
        if isinstance(value, dict):
            flat.update({f"{key}.{k}": str(v) for k, v in value.items()})
        elif not isinstance(value, list):
            flat[key] = str(value)
    ordered = {"kind": flat.pop("kind")}
    ordered.update(flat)
    work = [{k: str(v) for k, v in period.items()} for period in data["workExperience"]]
    return ordered, work


APPLICATION, WORK = _example()


def settled(driver):
    """The verdict once the page has checked the last edit (`data-pending` back to 0)."""
    time.sleep(0.1)
    wait(lambda: driver.find_element(By.TAG_NAME, "body").get_attribute("data-pending") == "0")
    return driver.find_element(By.CSS_SELECTOR, "#result .verdict").text

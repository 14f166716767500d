#!/usr/bin/env python3
"""Drives `safetyreg serve`'s application page in headless Chromium (Debian's chromium
and chromium-driver, python3-selenium), as an applicant would:

1. types in a valid initial registration, field by field, with two work periods, and
   waits for the verdict, the materials list and the suggested authority;
2. downloads the data (YAML) and the form (PDF), as real downloads;
3. spoils the ID number's check character and reads the message under that field, and
   downloads the data again (the test compares the message with `validate`'s);
4. downloads the form again with a photo (PHOTO) for its photo box;
5. opens a saved YAML (OPEN_YAML) and reads the messages it brings.

Prints a JSON summary; keeps screenshots in OUT_DIR.

Usage: apply_page.py BASE_URL OUT_DIR OPEN_YAML PHOTO [lang]
Exit 0 with the summary; 77 when Chromium cannot start (the test is then skipped).
"""
import json
import os
import sys

from axe import audit
from applicant import APPLICATION, WORK, settled as settled_on
from chromium import downloaded, start, wait
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

base, out, opened = sys.argv[1], os.path.abspath(sys.argv[2]), os.path.abspath(sys.argv[3])
photo = os.path.abspath(sys.argv[4])
lang = sys.argv[5] if len(sys.argv) > 5 else "zh"
downloads = os.path.join(out, "downloads")
os.makedirs(downloads, exist_ok=True)
driver = start(1280, 1000, downloads)


def settled():
    return settled_on(driver)


def field(path):
    return driver.find_element(By.CSS_SELECTOR, f'[data-path="{path}"]')


def put(path, value):
    e = field(path)
    if e.tag_name == "select":
        Select(e).select_by_value(value)
    else:
        e.clear()
        e.send_keys(value, Keys.TAB)  # and leave it, as people do


def new_file(before, suffix, keep_as):
    return downloaded(downloads, out, before, suffix, keep_as)


try:
    driver.get(base + "apply" + ("?lang=en" if lang == "en" else ""))
    wait(lambda: driver.find_elements(By.CSS_SELECTOR, '[data-path="workExperience[0].from"]'))
    title = driver.find_element(By.TAG_NAME, "h1").text
    empty_verdict = settled()
    audits = {"empty": audit(driver)}
    # A CE record row, to see its inputs, then removed again.
    driver.find_element(By.ID, "add-continuingEducation").click()
    inputs = sorted({e.get_attribute("data-path") for e in driver.find_elements(By.CSS_SELECTOR, "[data-path]")})
    driver.find_element(By.CSS_SELECTOR, '[data-rows="continuingEducation"] .row button').click()
    rows_left = len(driver.find_elements(By.CSS_SELECTOR, '[data-rows="continuingEducation"] .row'))
    settled()
    required_marks = len([e for e in driver.find_elements(By.CSS_SELECTOR, ".req") if e.is_displayed()])
    # kind first: it decides which fields show.
    for path, value in APPLICATION.items():
        put(path, value)
    settled()  # a message that appears moves the buttons below it
    driver.find_element(By.ID, "add-workExperience").click()
    for i, period in enumerate(WORK):
        for key, value in period.items():
            put(f"workExperience[{i}].{key}", value)
    valid_verdict = settled()
    materials = [e.get_attribute("data-material") for e in driver.find_elements(By.CSS_SELECTOR, "#materials li")]
    authority = driver.find_element(By.ID, "authority").text
    problems = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#problems li")]
    driver.save_screenshot(os.path.join(out, "apply-valid.png"))
    audits["valid"] = audit(driver)

    before = set()
    driver.find_element(By.ID, "save-yaml").click()
    yaml_name, yaml_file = new_file(before, ".yaml", "valid.yaml")
    before = set()
    driver.find_element(By.ID, "save-pdf").click()
    pdf_name, pdf_file = new_file(before, ".pdf", "form.pdf")
    driver.find_element(By.ID, "photo-file").send_keys(photo)
    driver.find_element(By.ID, "save-pdf").click()
    _, pdf_with_photo = new_file(before, ".pdf", "form-photo.pdf")

    put("applicant.idNumber", "110101198804120011")
    invalid_verdict = settled()
    message = wait(lambda: driver.find_element(By.CSS_SELECTOR, '.msg[data-for="applicant.idNumber"]').text)
    marked = "bad" in driver.find_element(By.CSS_SELECTOR, '[data-box="applicant.idNumber"]').get_attribute("class")
    driver.save_screenshot(os.path.join(out, "apply-invalid.png"))
    before = set()
    driver.find_element(By.ID, "save-yaml").click()
    _, invalid_yaml = new_file(before, ".yaml", "invalid.yaml")

    driver.find_element(By.ID, "yaml-file").send_keys(opened)
    wait(lambda: os.path.basename(opened) in driver.find_element(By.ID, "status").text)
    opened_verdict = settled()
    opened_messages = {e.get_attribute("data-for"): e.text
                       for e in driver.find_elements(By.CSS_SELECTOR, ".msg[data-for]") if e.text}
    opened_name = field("applicant.name").get_attribute("value")
    opened_problems = [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#problems li")]
    injected = len(driver.find_elements(By.CSS_SELECTOR, "#problems b, #problems img"))
    driver.save_screenshot(os.path.join(out, "apply-opened.png"))
    audits["opened"] = audit(driver)
    # Two rows added, the first left empty: the message about the second must stand under
    # the second (an empty row is not sent, so the items sent are numbered differently).
    rows_before = len(driver.find_elements(By.CSS_SELECTOR, '[data-rows="workExperience"] .row'))
    driver.find_element(By.ID, "add-workExperience").click()
    driver.find_element(By.ID, "add-workExperience").click()
    last_row = rows_before + 1
    for key, value in {"from": "2099-01", "employer": "未来公司", "position": "安全员"}.items():
        put(f"workExperience[{last_row}].{key}", value)
    settled()
    gap = {e.get_attribute("data-for"): e.text
           for e in driver.find_elements(By.CSS_SELECTOR, '.msg[data-for^="workExperience"]') if e.text}
    print(json.dumps({
        "title": title, "inputs": inputs, "ceRowsLeft": rows_left, "emptyVerdict": empty_verdict, "requiredMarks": required_marks,
        "validVerdict": valid_verdict, "problems": problems, "materials": materials, "authority": authority,
        "yaml": yaml_file, "yamlName": yaml_name, "pdf": pdf_file, "pdfName": pdf_name, "pdfWithPhoto": pdf_with_photo, "invalidVerdict": invalid_verdict, "message": message,
        "marked": marked, "invalidYaml": invalid_yaml, "openedVerdict": opened_verdict,
        "openedMessages": opened_messages, "openedName": opened_name, "openedProblems": opened_problems,
        "injected": injected, "gapMessages": gap, "gapRow": last_row, "axe": audits,
    }, ensure_ascii=False))
finally:
    driver.quit()

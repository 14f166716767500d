#!/usr/bin/env python3
"""Fills in `safetyreg serve`'s application page with the keyboard alone, in headless
Chromium: no click and no script that sets a value. Every move is a key pressed into
whatever has the focus: Tab and Shift+Tab to go from field to field, typing into text
fields, the arrow keys in choice lists, Enter on buttons.

1. types in the same valid initial registration as the mouse test (applicant.py), with a
   second work period added by Enter on its button, and waits for the verdict;
2. downloads the data with Enter on its button;
3. spoils the ID number, follows the problem's link in the list with Enter, and sees
   the focus land back in the ID number's field.

At every stop the Tab key makes, it notes whether the focus can be seen (`:focus-visible`
with an outline). Prints a JSON summary; keeps a screenshot.

Usage: apply_keyboard.py BASE_URL OUT_DIR
Exit 0 with the summary; 77 when Chromium cannot start (the test is then skipped).
"""
import json
import os
import sys

from applicant import APPLICATION, WORK, settled
from chromium import downloaded, start, wait
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

base, out = sys.argv[1], os.path.abspath(sys.argv[2])
downloads = os.path.join(out, "downloads")
os.makedirs(downloads, exist_ok=True)
driver = start(1280, 1000, downloads)
stops = []  # every element the Tab key reached: its name and whether its focus showed


def press(*keys):
    ActionChains(driver).send_keys(*keys).perform()


def name_of_focus():
    """The focused element's data-path, else its id, else its text (what a stop is)."""
    return driver.execute_script("""
        var e = document.activeElement;
        if (!e || e === document.body) return "";
        var style = getComputedStyle(e);
        var problem = e.closest("#problems li");
        var name = e.getAttribute("data-path") || e.id
          || (problem ? "problem:" + problem.getAttribute("data-field") : e.textContent.trim().slice(0, 40));
        return [name,
                e.matches(":focus-visible") && style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0];
    """) or ["", False]


def before_focus(target):
    """Whether the element named `target` comes before the focus in the page's order."""
    return driver.execute_script("""
        var t = document.querySelector('[data-path="' + CSS.escape(arguments[0]) + '"]') || document.getElementById(arguments[0]);
        var f = document.activeElement;
        return !!(t && f && f !== document.body && (t.compareDocumentPosition(f) & Node.DOCUMENT_POSITION_FOLLOWING));
    """, target)


def tab_to(target, back=None, limit=120):
    """Tabs (or Shift+Tabs, when the target is behind) until `target` has the focus."""
    if back is None:
        back = before_focus(target)
    for _ in range(limit):
        if back:
            ActionChains(driver).key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            press(Keys.TAB)
        name, shown = name_of_focus()
        if name:  # not the browser's own stop between the page's end and its start
            stops.append({"stop": name, "focusVisible": shown})
        if name == target:
            return
    raise RuntimeError(f"the Tab key never reached {target}")


def choose(path, wanted):
    """A choice list's option by the arrow keys: down from where it is, then up."""
    value = lambda: driver.execute_script("return document.activeElement.value")
    for key in (Keys.ARROW_DOWN, Keys.ARROW_UP):
        for _ in range(60):
            if value() == wanted:
                return
            before = value()
            press(key)
            if value() == before:
                break
    if value() != wanted:
        raise RuntimeError(f"the arrow keys never chose {wanted} in {path}")


def enter(path, value):
    tab_to(path)
    if driver.execute_script("return document.activeElement.tagName") == "SELECT":
        choose(path, value)
    else:
        # Ctrl+A first: whatever the field held is replaced, as a person would do it.
        ActionChains(driver).key_down(Keys.CONTROL).send_keys("a").key_up(Keys.CONTROL).send_keys(value).perform()


try:
    driver.get(base + "apply")
    wait(lambda: driver.find_elements(By.CSS_SELECTOR, '[data-path="workExperience[0].from"]'))
    settled(driver)
    # The fields in the page's own order (kind first: it decides which fields show).
    order = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('[data-path]'), function (e) { return e.getAttribute('data-path'); })")
    for path in sorted(APPLICATION, key=order.index):
        enter(path, APPLICATION[path])
    for key, value in WORK[0].items():
        enter(f"workExperience[0].{key}", value)
    tab_to("add-workExperience")
    press(Keys.ENTER)
    wait(lambda: driver.find_elements(By.CSS_SELECTOR, '[data-path="workExperience[1].from"]'))
    # The new row stands above its button: Shift+Tab back into it, last field first.
    for key, value in reversed(list(WORK[1].items())):
        enter(f"workExperience[1].{key}", value)
    valid_verdict = settled(driver)
    tab_to("save-yaml")
    press(Keys.ENTER)
    _, yaml_file = downloaded(downloads, out, set(), ".yaml", "keyboard.yaml")
    driver.save_screenshot(os.path.join(out, "apply-keyboard.png"))

    enter("applicant.idNumber", "110101198804120011")
    press(Keys.TAB)
    invalid_verdict = settled(driver)
    # The problem's link in the list (in the panel, after the form) takes the focus back
    # to its field.
    tab_to("problem:applicant.idNumber", back=False)
    press(Keys.ENTER)
    back_in_field = name_of_focus()[0]
    print(json.dumps({
        "validVerdict": valid_verdict, "yaml": yaml_file, "invalidVerdict": invalid_verdict,
        "focusAfterLink": back_in_field, "stops": stops,
    }, ensure_ascii=False))
finally:
    driver.quit()

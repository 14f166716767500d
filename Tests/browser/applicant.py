"""The applicant both application-page tests type in (the mouse one and the keyboard
one): a valid initial registration with two work periods, and the page's own signal
that it has checked the last edit."""
import time

from chromium import wait
from selenium.webdriver.common.by import By

APPLICATION = {
    "kind": "initial", "category": "chemical", "id": "2026-000101", "applicationDate": "2026-11-20",
    "authority": "北京市应急管理局",
    "applicant.name": "张伟", "applicant.gender": "male", "applicant.birthDate": "1988-04-12",
    "applicant.idType": "resident_id", "applicant.idNumber": "110101198804120010", "applicant.education": "本科",
    "applicant.major": "安全工程", "applicant.phone": "13800138000", "applicant.email": "zhangwei@example.com",
    "applicant.address": "北京市东城区东直门南大街 10 号", "applicant.qualificationCertificateNo": "0012345",
    "applicant.qualificationDate": "2022-03-15",
    "employer.name": "北京华安化工有限公司", "employer.creditCode": "91110105MA01ABCDEB", "employer.nature": "企业",
    "employer.address": "北京市朝阳区化工路 88 号", "employer.contact": "李四", "employer.phone": "010-65432100",
}
WORK = [
    {"from": "2010-07", "to": "2016-06", "employer": "北京某化工厂", "position": "安全员"},
    {"from": "2016-07", "to": "至今", "employer": "北京华安化工有限公司", "position": "安全管理部主管"},
]


def settled(driver):
    """The verdict once the page has checked the last edit (`data-pending` back to 0)."""
    time.sleep(0.1)
    wait(lambda: driver.find_element(By.TAG_NAME, "body").get_attribute("data-pending") == "0")
    return driver.find_element(By.CSS_SELECTOR, "#result .verdict").text

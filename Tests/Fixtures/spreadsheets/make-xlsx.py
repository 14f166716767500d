#!/usr/bin/python3
"""Writes the .xlsx workbooks the spreadsheet tests read, with openpyxl (Debian's
python3-openpyxl), an implementation independent of ours; and hostile ones by hand.

usage: make-xlsx.py KIND OUT.xlsx
  linked     applicants in a sheet 申请人 under a title row, real date cells, one ID
             number stored as a number, work periods in a linked sheet 工作经历
  epoch1904  one applicant, dates in the 1904 date system (old Mac Excel)
  bomb       a valid workbook whose sheet inflates to 300 MB
  dtd        a workbook whose sheet declares a DTD with an entity
  hugerow    the applicants' header in a row that says it is row 9223372036854775807,
             then one applicant in a row that gives no number (the next would overflow)
  hugedates  five applicants whose birth date cells hold, as date-formatted numbers,
             1e300, -1e300, 1e19, NaN and INF (the last two written into the XML by hand)
"""
import datetime
import sys
import zipfile

import openpyxl

HEADER = ["注册种类", "申请日期", "姓名", "性别", "出生日期", "证件类型", "身份证号", "学历", "所学专业", "手机",
          "电子邮箱", "通讯地址", "资格证书编号", "取得资格日期", "注册类别", "单位名称", "统一社会信用代码",
          "单位性质", "单位地址", "单位联系人", "单位联系电话"]


def applicant(name, id_number, birth=datetime.date(1988, 4, 12)):
    return ["初始注册", datetime.date(2026, 11, 20), name, "男", birth, "居民身份证", id_number, "本科", "安全工程",
            "13800138000", "zhangwei@example.com", "北京市东城区东直门南大街 10 号", "0012345",
            datetime.date(2022, 3, 15), "化工安全", "北京华安化工有限公司", "91110105MA01ABCDEB", "企业",
            "北京市朝阳区化工路 88 号", "李四", "010-65432100"]


def linked(out):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "申请人"
    ws.append(["2026 年注册安全工程师申请汇总（人事处）"])
    ws.append(HEADER)
    ws.append(applicant("张伟", "110101198804120010"))
    ws.append(applicant("王芳", 110101198804120037))
    ws.append(applicant("李强", "110101198804120053"))
    work = wb.create_sheet("工作经历")
    work.append(["证件号码", "起始年月", "截止年月", "工作单位", "职务/从事工作"])
    work.append(["110101198804120010", "2010-07", "2016-06", "北京某化工厂", "安全员"])
    work.append(["110101198804120010", "2016-07", "至今", "北京华安化工有限公司", "安全管理部主管"])
    work.append(["110101198804120053", datetime.date(2012, 9, 1), "至今", "北京华安化工有限公司", "安全员"])
    work.append(["110101199901010000", "2016-07", "至今", "某公司", "安全员"])
    for row in work.iter_rows(min_row=4, max_row=4, min_col=2, max_col=2):
        row[0].number_format = "yyyy-mm"
    wb.save(out)


def epoch1904(out):
    wb = openpyxl.Workbook()
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    ws = wb.active
    ws.append(HEADER + ["工作经历1起始年月", "工作经历1截止年月", "工作经历1工作单位", "工作经历1职务/从事工作"])
    ws.append(applicant("张伟", "110101198804120010") + ["2016-07", "至今", "北京华安化工有限公司", "安全员"])
    wb.save(out)


def huge_dates(out):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i, birth in enumerate([1e300, -1e300, 1e19, 7.77e77, 6.66e66]):
        ws.append(applicant(f"张{i}", "110101198804120010", birth=birth))
        ws.cell(row=i + 2, column=5).number_format = "yyyy-mm-dd"
    wb.save(out)
    # openpyxl writes no NaN or infinity: put them in place of two of the numbers.
    with zipfile.ZipFile(out) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode()
    for number, text in (("7.77e+77", "NaN"), ("6.66e+66", "INF")):
        if f"<v>{number}</v>" not in xml:
            raise SystemExit(f"{number} not found in the sheet")
        xml = xml.replace(f"<v>{number}</v>", f"<v>{text}</v>")
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def huge_row(out):
    def cells(values):
        return "".join(f'<c t="inlineStr"><is><t>{v}</t></is></c>' for v in values)
    row = [str(v) for v in applicant("张伟", "110101198804120010")]
    one_sheet(out, '<worksheet><sheetData><row r="9223372036854775807">' + cells(HEADER) + '</row>'
                   '<row>' + cells(row) + '</row></sheetData></worksheet>')


def one_sheet(out, sheet_xml):
    """A minimal workbook by hand: one sheet, whatever its XML."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml",
                   '<workbook xmlns:r="r"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels",
                   '<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/></Relationships>')
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)


def bomb(out):
    one_sheet(out, "<worksheet><sheetData>" + " " * 300_000_000 + "</sheetData></worksheet>")


def dtd(out):
    one_sheet(out, '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                   '<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row>'
                   '</sheetData></worksheet>')


{"linked": linked, "epoch1904": epoch1904, "bomb": bomb, "dtd": dtd, "hugedates": huge_dates, "hugerow": huge_row}[sys.argv[1]](sys.argv[2])

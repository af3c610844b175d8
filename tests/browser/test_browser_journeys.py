"""Whole journeys in Chromium: a 专科 and a 本科 candidate from answers to materials; the help desk; a tutor."""
from __future__ import annotations

import io
import json
import random
import re
import subprocess

import pytest
from playwright.sync_api import expect

from tests.browser import flows, harness

pytestmark = pytest.mark.browser


def todo_count(headline: str) -> int:
    m = re.search(r"还差\s*(\d+)\s*件", headline)
    return int(m.group(1)) if m else 0


@pytest.mark.parametrize("level", ["associate", "bachelor"])
def test_candidate_journey(page, level, tmp_path, fixable_photo):
    rng = random.Random(level)
    c = flows.Candidate(name="测试" + flows.random_name(rng, 2), id_number=flows.random_id_number(rng), level=level,
                        practice_required=(level == "associate"))
    shot = f"journey-{level}"

    flows.answer_wizard(page, c)
    summary = flows.verdict_summary(page)
    harness.screenshot(page, f"{shot}-1-result")
    # We said the pledge is not signed and the photo not checked: both must be on the to-do list, not "可以申请".
    assert re.search(r"还差|退回", summary[0]), summary
    assert any("承诺书" in s for s in summary), summary
    assert any("照片" in s for s in summary), summary
    # Check-your-answers shows what was typed, so a typo can be caught before applying.
    expect(page.get_by_text(c.name).first).to_be_visible()
    expect(page.get_by_text(c.id_number).first).to_be_visible()
    expect(page.get_by_text({"associate": "专科", "bachelor": "本科"}[level]).first).to_be_visible()

    # The redacted case file is what a candidate sends to the help desk: no name, no ID number.
    redacted = flows.download(page, "下载脱敏案例文件（给帮助台）", tmp_path)
    body = redacted.read_text(encoding="utf-8")
    assert c.name not in body and c.id_number not in body
    assert json.loads(body)["candidate"]["level"] == level

    photo_step(page, fixable_photo, tmp_path, shot)
    # The fixed photo counts as checked: the result page has one thing less to do.
    flows.nav(page, "自查结果")
    assert todo_count(flows.verdict_summary(page)[0]) == todo_count(summary[0]) - 1

    materials_step(page, c, tmp_path, shot)


def photo_step(page, fixable_photo, tmp_path, shot):
    flows.nav(page, "照片检查")
    flows.upload(page, fixable_photo)
    harness.screenshot(page, f"{shot}-2-photo")
    assert harness.app_errors(page) == []
    fixed = flows.download(page, re.compile("下载.*照片"), tmp_path)
    from PIL import Image
    with Image.open(fixed) as im:
        assert (im.format, im.size, im.mode) == ("JPEG", (480, 640), "RGB")
        assert round(im.info["dpi"][0]) == 300
    assert 20 * 1024 <= fixed.stat().st_size <= 40 * 1024
    assert fixed.suffix == ".jpg"


def materials_step(page, c, tmp_path, shot):
    flows.nav(page, "承诺书与材料清单")
    harness.screenshot(page, f"{shot}-3-materials")
    # The checklist names what to prepare, and knows the photo is done now.
    expect(page.get_by_text(re.compile("承诺书")).first).to_be_visible()
    flows.button(page, "生成材料清单PDF（可打印）")  # PDFs are built only when asked for
    checklist_pdf = flows.download(page, "下载材料清单PDF（可打印）", tmp_path)
    assert checklist_pdf.read_bytes().startswith(b"%PDF")
    flows.tab(page, "承诺书")
    flows.button(page, "生成承诺书（先预览，再下载）")
    pdf = flows.download(page, "下载承诺书PDF", tmp_path)
    harness.screenshot(page, f"{shot}-4-pledge")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert c.name in flat, "the pledge must carry the candidate's name"
    assert c.id_number in flat


@pytest.fixture
def candidate_and_desk(browser, base_url):
    cand_ctx = harness.new_context(browser, base_url=base_url, viewport=harness.DESKTOP, accept_downloads=True)
    desk_ctx = harness.new_context(browser, base_url=base_url, viewport=harness.DESKTOP)
    yield cand_ctx.new_page(), desk_ctx.new_page()
    cand_ctx.close()
    desk_ctx.close()


def desk_verdict(desk) -> list[str]:
    return [s for s in flows.verdict_summary(desk) if not s.startswith(("批次", "考生保存案例时"))]


@pytest.mark.parametrize("how", ["code", "qr", "file"])
def test_helpdesk_reproduces_candidate_result(candidate_and_desk, tmp_path, how):
    """A candidate sends the case code (text or QR screenshot) or the redacted case file; the help desk, in
    another browser, sees the same verdict and never the candidate's name."""
    cand, desk = candidate_and_desk
    rng = random.Random("helpdesk" + how)
    c = flows.Candidate(name="帮助" + flows.random_name(rng, 2), id_number=flows.random_id_number(rng),
                        level="bachelor")
    flows.answer_wizard(cand, c)
    seen_by_candidate = flows.verdict_summary(cand)

    desk.goto("/helpdesk")
    harness.wait_idle(desk)
    if how == "code":
        code = flows.case_code(cand)
        desk.get_by_label("粘贴考生发来的案例码").fill(code)
        flows.button(desk, "查看结果")
    elif how == "qr":
        qr = flows.download(cand, "下载二维码图片", tmp_path)
        flows.upload(desk, qr, label="或者上传案例码二维码截图")
    else:
        redacted = flows.download(cand, "下载脱敏案例文件（给帮助台）", tmp_path)
        flows.tab(desk, "案例文件（.json）")
        flows.upload(desk, redacted, label="上传考生的案例文件（.json）")
    # Reading a QR screenshot can take seconds on a busy machine: wait for the verdict itself.
    expect(desk.get_by_test_id("stAlertContainer").first).to_be_visible(timeout=60_000)
    harness.wait_idle(desk)
    harness.screenshot(desk, f"helpdesk-reproduced-{how}")
    assert desk_verdict(desk) == seen_by_candidate
    assert c.name not in desk.content() and c.id_number not in desk.content()
    # Issue 23: beside the verdict, the candidate's answers in the wizard's words (名字 redacted, not "未填写").
    shown = desk.get_by_test_id("stMain").inner_text()
    assert "考生的回答" in shown and "申请层次：本科" in shown and "姓名：（脱敏后不含）" in shown


def test_helpdesk_rejects_broken_inputs_in_chinese(page):
    page.goto("/helpdesk")
    harness.wait_idle(page)
    page.get_by_label("粘贴考生发来的案例码").fill("YZ1AB-CDEFG-HIJKL")
    flows.button(page, "查看结果")
    expect(page.get_by_test_id("stAlertContainer").filter(has_text="读不出来").first).to_be_visible()
    flows.tab(page, "案例文件（.json）")
    flows.upload(page, {"name": "坏文件.json", "mimeType": "application/json", "buffer": b'{"round": 1,'},
                 label="上传考生的案例文件（.json）")
    expect(page.get_by_test_id("stAlertContainer").filter(has_text="不能使用").first).to_be_visible()
    assert harness.app_errors(page) == []


def roster_csv(rows: list[dict]) -> bytes:
    from checks import roster

    out = io.StringIO()
    import csv
    writer = csv.writer(out)
    writer.writerow([c.title for c in roster.COLUMNS])
    for row in rows:
        writer.writerow([row.get(c.header, "") for c in roster.COLUMNS])
    return out.getvalue().encode("utf-8-sig")


def test_tutor_batch_check(page, tmp_path):
    """A tutor uploads a class roster and a photo ZIP, sees who can apply, and downloads the fixed photos."""
    import zipfile

    from tests import photo_fixtures

    rng = random.Random("batch")
    base = {"身份证有效期至": "长期", "考生类型": "社会考生", "层次": "专科", "全部课程已合格": "是",
            "专业要求实践或论文": "否", "承诺书已签字": "否"}
    good = [dict(base, 姓名="班级" + flows.random_name(rng, 2), 身份证号=flows.random_id_number(rng),
                 准考证号=f"0101201{i:05d}") for i in range(2)]
    bad = dict(base, 姓名="错号" + flows.random_name(rng, 2), 身份证号="530102199001011234", 准考证号="010120100099")
    photos = io.BytesIO()
    with zipfile.ZipFile(photos, "w") as zf:
        for i, student in enumerate(good):
            zf.writestr(f"{student['准考证号']}.jpg", photo_fixtures.jpeg(photo_fixtures.phone_photo(2.0 + i / 4), 90))

    page.goto("/batch")
    harness.wait_idle(page)
    template = flows.download(page, "下载名单模板（CSV）", tmp_path)
    assert "姓名" in template.read_text(encoding="utf-8-sig")
    flows.upload(page, {"name": "名单.csv", "mimeType": "text/csv", "buffer": roster_csv(good + [bad])},
                 label="名单（.xlsx 或 .csv）")
    flows.upload(page, {"name": "照片.zip", "mimeType": "application/zip", "buffer": photos.getvalue()},
                 label="照片压缩包")
    # A date inside 2024-H1: with today's date every student has the out-of-round blocker and gets no pledge.
    flows.date(page, "全班打算提交申请的日期", "2024-06-05")
    expect(page.get_by_text("按这个日期检查时用的是：2024年上半年")).to_be_visible()
    flows.button(page, "开始检查")
    harness.wait_idle(page, timeout=120_000)
    harness.screenshot(page, "batch-result")
    assert harness.app_errors(page) == []

    metrics = dict(zip(page.get_by_test_id("stMetricLabel").all_inner_texts(),
                       page.get_by_test_id("stMetricValue").all_inner_texts()))
    assert metrics.get("考生") == "3" and metrics.get("名单有误") == "1", metrics
    # The bad ID number is reported in Chinese, with its row, so the tutor can correct the roster.
    expect(page.get_by_text(re.compile("名单里有 \\d+ 处要改正"))).to_be_visible()

    fixed = flows.download(page, re.compile("合格照片"), tmp_path)
    with zipfile.ZipFile(fixed) as zf:
        names = sorted(zf.namelist())
        assert names == sorted(f"{s['准考证号']}.jpg" for s in good), names
        from PIL import Image
        for name in names:
            with Image.open(io.BytesIO(zf.read(name))) as im:
                assert im.size == (480, 640)
    # Nobody has signed yet: each valid student gets a pledge to print and sign.
    pledges = flows.download(page, re.compile("承诺书（"), tmp_path)
    with zipfile.ZipFile(pledges) as zf:
        assert len(zf.namelist()) == len(good)


def test_candidate_journey_on_a_phone(phone_page, tmp_path, fixable_photo):
    """The same path on a 390×844 phone, where the sidebar is folded away behind the 菜单 button."""
    page = phone_page
    rng = random.Random("phone")
    c = flows.Candidate(name="手机" + flows.random_name(rng, 2), id_number=flows.random_id_number(rng))
    flows.answer_wizard(page, c)
    harness.screenshot(page, "phone-journey-1-result")
    assert re.search(r"还差|退回", flows.verdict_summary(page)[0])
    flows.nav(page, "照片检查")
    flows.upload(page, fixable_photo)
    harness.screenshot(page, "phone-journey-2-photo")
    button = page.get_by_role("button", name="下载修正后的照片（.jpg）")
    box = button.bounding_box()
    # Inside the screen and big enough for a thumb.
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= harness.PHONE["width"] and box["height"] >= 36, box
    fixed = flows.download(page, "下载修正后的照片（.jpg）", tmp_path)
    assert 20 * 1024 <= fixed.stat().st_size <= 40 * 1024
    flows.nav(page, "承诺书与材料清单")
    flows.tab(page, "承诺书")
    flows.button(page, "生成承诺书（先预览，再下载）")
    pdf = flows.download(page, "下载承诺书PDF", tmp_path)
    harness.screenshot(page, "phone-journey-3-pledge")
    assert pdf.read_bytes().startswith(b"%PDF")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the pledge tab is {overflow}px wider than the phone"


def test_phone_sidebar_closes_after_navigation(phone_page):
    page = phone_page
    page.goto("/")
    harness.wait_idle(page)
    page.get_by_test_id("stExpandSidebarButton").click()
    page.locator('[data-testid="stSidebar"][data-collapsed="false"]').wait_for()
    page.get_by_test_id("stSidebar").get_by_role("link", name="照片检查", exact=True).click()
    harness.wait_idle(page)
    # Folding is animated: give it the usual expect() time to finish, then it must be folded.
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    assert not flows.sidebar_open(page), "the sidebar still covers the photo page after choosing it"

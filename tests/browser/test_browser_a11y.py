"""Usable by everyone (issue 21): what a screen reader hears is Chinese, axe-core (WCAG 2.2 A/AA) finds no serious
or critical violation, before and after answering, on every page, on a phone and a desktop."""
from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import expect

from tests.browser import flows, harness
from tests.browser.a11y import check_page
from tests.browser.test_browser_pages import existing_pages

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", ["phone", "desktop"])
def test_every_page_before_answering(browser, base_url, kind):
    size = harness.PHONE if kind == "phone" else harness.DESKTOP
    context = harness.new_context(browser, viewport=size, locale="zh-CN", base_url=base_url,
                                  is_mobile=kind == "phone", has_touch=kind == "phone")
    page = context.new_page()
    try:
        for url in existing_pages():
            harness.open_page(page, url)
            check_page(page, f"{url} ({kind}, nothing answered)")
    finally:
        context.close()


@pytest.mark.parametrize("kind", ["phone", "desktop"])
def test_every_page_while_and_after_answering(browser, base_url, kind, fixable_photo):
    """Each step of the questionnaire with its add forms open and a failed 下一步, then every page with a finished
    case: the result, the home summary, the pledge preview, a checked photo, the help desk with the case code."""
    size = harness.PHONE if kind == "phone" else harness.DESKTOP
    context = harness.new_context(browser, viewport=size, locale="zh-CN", base_url=base_url, accept_downloads=True,
                                  is_mobile=kind == "phone", has_touch=kind == "phone")
    page = context.new_page()
    rng = random.Random(21)
    c = flows.Candidate(name=flows.random_name(rng), id_number=flows.random_id_number(rng), level="bachelor",
                        practice_required=True)
    try:
        page.goto("/eligibility")
        harness.wait_idle(page)
        flows.button(page, "下一步")  # nothing answered: the error summary and a message at each question
        expect(page.locator("#error-summary")).to_be_visible()
        check_page(page, f"step 1 with errors ({kind})")
        flows.open_section(page, re.compile("申请日期：.*点这里修改"))
        flows.date(page, "打算在哪天提交毕业申请？", "2024-06-05")
        flows.radio(page, "你是哪类考生？", c.candidate_type)
        flows.radio(page, "申请哪个层次的毕业证书？", "本科")
        page.get_by_text("身份证有效期为“长期”").click()
        harness.wait_idle(page)
        flows.open_section(page, "个人信息（生成承诺书用，可以稍后再填）")
        flows.text(page, "姓名（与身份证一致）", c.name)
        flows.text(page, "身份证号", c.id_number)
        flows.text(page, "准考证号", "010120100001")
        check_page(page, f"step 1 answered ({kind})")
        flows.button(page, "下一步")

        flows.at_step(page, "考籍信息")
        check_page(page, f"record step ({kind})")
        flows.answer_record_step(page)

        flows.answer_grades_opening(page, on_platform="有查不到的")
        check_page(page, f"grades with the add form ({kind})")  # a number box with its +/- buttons
        flows.radio(page, "已经合格的成绩，在管理平台“我的成绩”里都能查到吗？", "都能查到")
        flows.button(page, "下一步")

        flows.at_step(page, re.compile("前置学历"))
        flows.radio(page, "你有专科（或以上）学历证书吗？", "是")
        flows.date(page, "前置学历毕业时间（毕业证书上的日期）", "2015-07-01")
        flows.answer_prior_origin(page)
        flows.radio(page, "拿到这个学历以后，你改过姓名、变更过身份证号，或身份证由15位升为18位吗？", "否")
        flows.radio(page, "用学信网APP扫码授权前置学历了吗？", "已授权并审核通过")
        check_page(page, f"prior education ({kind})")
        flows.button(page, "下一步")

        flows.at_step(page, "免考课程")
        flows.radio(page, "这次申请毕业，有没有用到免考课程？", "有")
        check_page(page, f"exemptions with the add form ({kind})")
        flows.radio(page, "这次申请毕业，有没有用到免考课程？", "没有")
        flows.button(page, "下一步")

        flows.at_step(page, re.compile("实践"))
        flows.radio(page, "你的专业考试计划有毕业论文要求吗？", "是")
        flows.radio(page, "你的《实习（实验）考核合格成绩通知单》：", "有，盖的是主考学校有关学院的公章")
        check_page(page, f"practice ({kind})")
        flows.button(page, "下一步")

        flows.at_step(page, re.compile("承诺书"))
        flows.radio(page, "《毕业办证申请暨思想品德合格承诺书》已经亲笔签字并扫描了吗？", "否")
        flows.radio(page, "电子照片已经检查合格了吗？", "否")
        check_page(page, f"materials step ({kind})")
        flows.button(page, "查看结果")
        expect(page.get_by_role("heading", name="核对你的回答")).to_be_visible()
        check_page(page, f"result with the case code ({kind})")
        code = flows.case_code(page)
        # The QR code is a picture with words: what it is.
        expect(page.get_by_role("img", name=re.compile("二维码"))).to_have_count(1)

        flows.nav(page, "我的申请")
        check_page(page, f"home with a verdict ({kind})")

        flows.nav(page, "承诺书与材料清单")
        check_page(page, f"materials: the checklist ({kind})")
        flows.tab(page, "承诺书")
        flows.button(page, "生成承诺书（先预览，再下载）")
        expect(page.get_by_role("img", name=re.compile("承诺书预览"))).to_be_visible()
        check_page(page, f"materials with the pledge preview ({kind})")

        flows.nav(page, "照片检查")
        flows.upload(page, fixable_photo)
        expect(page.get_by_role("img", name=re.compile("修正后"))).to_be_visible()
        check_page(page, f"photo checked and fixed ({kind})")

        flows.nav(page, "帮助台：查看考生结果")
        page.get_by_label("粘贴考生发来的案例码").fill(code)
        flows.button(page, "查看结果")
        expect(page.get_by_text(re.compile("这个结论依据的数据")).first).to_be_visible()
        check_page(page, f"help desk with a case code ({kind})")
    finally:
        harness.screenshot(page, f"a11y-last-{kind}")
        context.close()


def test_batch_results_at_1366_px(browser, base_url):
    """A tutor's laptop: the class summary is read whole (no column cut off or scrolled inside the table), in
    Chinese, without serious or critical axe-core violations."""

    context = harness.new_context(browser, viewport={"width": 1366, "height": 768}, locale="zh-CN", base_url=base_url)
    page = context.new_page()
    try:
        harness.open_page(page, "/batch")
        rows = flows.class_rows(random.Random("batch-a11y"), 3)
        rows.append(dict(flows.CLASS_ROW, 姓名="错行", 身份证号="530102199001011230", 准考证号="123"))  # row errors
        flows.check_class_without_photos(page, rows)
        harness.screenshot(page, "batch-results-1366")
        tables = page.get_by_test_id("stTable")
        expect(tables.first).to_be_visible()
        for table in tables.all():
            cut = table.evaluate("""t => [t, ...t.querySelectorAll('*')].filter(e => e.scrollWidth > e.clientWidth + 1
                && getComputedStyle(e).overflowX !== 'visible').length""")
            assert cut == 0, "a column of the class summary scrolls inside its table at 1366 px"
            box = table.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 1366, "the table runs off the window"
        expect(page.get_by_role("columnheader", name="名单错误")).to_be_visible()
        check_page(page, "batch results at 1366 px")
    finally:
        context.close()


def test_wechat_page_is_chinese_to_a_screen_reader(browser):
    """The static page WeChat's browser gets (deploy/static/): lang zh-CN, Chinese names, axe-core clean."""
    context = browser.new_context(viewport=harness.PHONE, locale="zh-CN")  # no Streamlit: no idle hook
    page = context.new_page()
    try:
        page.goto((harness.REPO / "deploy" / "static" / "open-in-browser.html").as_uri())
        check_page(page, "WeChat page")
    finally:
        context.close()

"""Issues 11 and 20 in Chromium. With the default application date (today, after 2024-H1) every page names the
projected round of today's half-year ("预估") and what to compare once the notice is out, and the verdict is not a
false "会被退回"; a date inside 2024-H1 leaves only the draft note."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from checks.rounds import load_round, round_for_date
from tests.browser import flows, harness

pytestmark = pytest.mark.browser

COMPARE = "新通知发布后请逐项对照"
PROJECTED = "预估"


def banner(page):
    return page.locator(".round-banner")


def answer_with_todays_date(page, c: flows.Candidate) -> None:
    """The guided check with the default date (today), everything else fine apart from the pledge and photo."""
    flows.answer_first_step(page, c.candidate_type, {"associate": "专科", "bachelor": "本科"}[c.level])
    flows.at_step(page, "课程成绩")
    flows.radio(page, "专业考试计划规定的全部课程都已经合格了吗？", "是")
    flows.radio(page, "已经合格的成绩，在管理平台“我的成绩”里都能查到吗？", "都能查到")
    flows.button(page, "下一步")
    flows.at_step(page, "免考课程")
    flows.radio(page, "这次申请毕业，有没有用到免考课程？", "没有")
    flows.button(page, "下一步")
    flows.at_step(page, re.compile("实践"))
    from checks.questions import practice_requirement

    flows.radio(page, f"你的专业考试计划有{practice_requirement(c.level)}要求吗？", "否")
    flows.button(page, "下一步")
    flows.at_step(page, re.compile("承诺书"))
    flows.radio(page, "《毕业办证申请暨思想品德合格承诺书》已经亲笔签字并扫描了吗？", "否")
    flows.radio(page, "电子照片已经检查合格了吗？", "否")
    flows.button(page, "查看结果")
    expect(page.get_by_role("heading", name="自查结果", exact=True)).to_be_visible()
    harness.wait_idle(page)


def test_todays_date_gives_a_projected_verdict_named_on_every_page(phone_page):
    page = phone_page
    today = round_for_date(dt.date.today())
    assert today.projected  # the situation of issue 20: today is after every shipped round
    harness.open_page(page, "/")
    expect(banner(page)).to_contain_text(PROJECTED)
    expect(banner(page)).to_contain_text(COMPARE)
    expect(banner(page)).not_to_contain_text("不在本工具已有的批次内")
    harness.screenshot(page, "rounds-home-projected-phone")
    answer_with_todays_date(page, flows.Candidate(name="", id_number=""))
    main = page.locator('[data-testid="stMain"]')
    expect(main).to_contain_text(f"还差")
    expect(main).to_contain_text("（预估）")
    expect(main).not_to_contain_text("照现在的情况申请会被退回")
    expect(main).to_contain_text(today.title)
    harness.screenshot(page, "rounds-result-projected-phone")
    for label, name in (("照片检查", "photo"), ("承诺书与材料清单", "materials"), ("帮助台：查看考生结果", "helpdesk")):
        flows.nav(page, label)
        expect(banner(page)).to_contain_text(PROJECTED)
        harness.screenshot(page, f"rounds-{name}-projected-phone")
    assert harness.app_errors(page) == []


def test_a_date_inside_the_round_leaves_only_the_draft_note(page):
    harness.open_page(page, "/eligibility")
    expect(banner(page)).to_contain_text(PROJECTED)
    flows.open_section(page, re.compile("申请日期：.*点这里修改"))  # the date sits in a folded section (today until changed)
    flows.date(page, "打算在哪天提交毕业申请？", "2024-06-05")
    expect(banner(page)).not_to_contain_text(PROJECTED)
    expect(banner(page)).to_contain_text("草稿：未与官方通知核对")
    expect(page.get_by_text(re.compile(f"按这个日期检查时用的是：{load_round('2024-H1').title}"))).to_be_visible()
    flows.nav(page, "我的申请")
    expect(banner(page)).to_contain_text("草稿：未与官方通知核对")

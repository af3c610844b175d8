"""Issue 11 in Chromium: with the default application date (today, outside 2024-H1) every page says plainly that
the tool only knows the 2024上半年 notice and what to do; a date inside the round leaves only the draft note."""
from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from checks.rounds import load_round
from tests.browser import flows, harness

pytestmark = pytest.mark.browser

WHAT_TO_DO = "以最新通知为准；帮助台可以按新通知添加批次"
PERIOD = "2023年12月30日之后至2024年6月30日"


def banner(page):
    return page.locator(".round-banner")


def test_default_date_shows_the_round_banner_on_every_page(page):
    assert not load_round("2024-H1").covers(dt.date.today())  # the situation of the issue: today is after 2024-H1
    harness.open_page(page, "/")
    expect(banner(page)).to_contain_text(WHAT_TO_DO)
    expect(banner(page)).to_contain_text(PERIOD)
    expect(banner(page)).to_contain_text("2024年上半年")
    # The home page says in one line which notice the tool follows.
    expect(page.get_by_text(re.compile("本工具依据的通知：2024年上半年"))).to_be_visible()
    harness.screenshot(page, "rounds-home-2026")
    for label in ("照片检查", "帮助台：查看考生结果"):
        flows.nav(page, label)
        expect(banner(page)).to_contain_text(WHAT_TO_DO)
    harness.screenshot(page, "rounds-helpdesk-2026")
    assert harness.app_errors(page) == []


def test_a_date_inside_the_round_leaves_only_the_draft_note(page):
    harness.open_page(page, "/eligibility")
    expect(banner(page)).to_contain_text(WHAT_TO_DO)
    flows.open_section(page, re.compile("申请日期：.*点这里修改"))  # the date sits in a folded section (today until changed)
    flows.date(page, "打算在哪天提交毕业申请？", "2024-06-05")
    expect(banner(page)).not_to_contain_text(WHAT_TO_DO)
    expect(banner(page)).to_contain_text("草稿：未与官方通知核对")
    flows.nav(page, "我的申请")
    expect(banner(page)).to_contain_text("草稿：未与官方通知核对")

"""What a candidate does in the browser, step by step, with locators in the UI's own Chinese words.

When a page's wording changes, fix it here once: journeys, the privacy test and the load test share these.
"""
from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from checks.identity import check_char
from tests.browser.harness import wait_idle


@dataclass
class Candidate:
    name: str
    id_number: str
    level: str = "associate"  # "associate" (专科) | "bachelor" (本科)
    candidate_type: str = "社会考生"
    practice_required: bool = False
    extra: dict = field(default_factory=dict)


def random_id_number(rng: random.Random) -> str:
    """A valid 18-digit Yunnan (53xxxx) ID number with a correct check character."""
    first17 = f"530102{rng.randint(1970, 2003)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    return first17 + check_char(first17)


def random_name(rng: random.Random, length: int = 3) -> str:
    # Common CJK block: a name nobody else in the repo, the logs or /tmp will have.
    return "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(length))


def radio(page: Page, question: str, answer: str) -> None:
    page.get_by_role("radiogroup", name=question).get_by_text(answer, exact=True).click()
    wait_idle(page)


def text(page: Page, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")  # Streamlit commits a text input on Enter or blur
    wait_idle(page)


def date(page: Page, label: str, iso: str) -> None:
    """Dates are typed as text ("2015-07-01"): Streamlit's date picker speaks English."""
    text(page, label, iso)


def sidebar_open(page: Page) -> bool:
    return page.get_by_test_id("stSidebar").get_attribute("data-collapsed") == "false"


def nav(page: Page, label: str) -> None:
    """Change page inside the app (sidebar link). page.goto() would reload and start a new, empty session."""
    if not sidebar_open(page):  # phones start with it folded away behind the 菜单 button
        page.get_by_test_id("stExpandSidebarButton").click()
        page.locator('[data-testid="stSidebar"][data-collapsed="false"]').wait_for()
        # The link is clicked once it stops sliding in: Playwright's click waits for a stable element.
    page.get_by_test_id("stSidebar").get_by_role("link", name=label, exact=True).click()
    wait_idle(page)
    if page.viewport_size and page.viewport_size["width"] < 640:
        # On a phone the open sidebar covers the page: the app folds it after a page change (see
        # test_phone_sidebar_closes); should it stay open, a person closes it.
        folded = page.locator('[data-testid="stSidebar"][data-collapsed="true"]')
        try:  # a folded sidebar is off screen: wait for the attribute, not for visibility
            folded.wait_for(state="attached", timeout=5_000)
        except PlaywrightTimeoutError:
            page.get_by_test_id("stSidebar").get_by_role("button", name=re.compile("Collapse|收起")).first.click()
            folded.wait_for(state="attached")
        sidebar_gone(page)


def sidebar_gone(page: Page) -> None:
    """Wait until the folded sidebar has slid out of the window (it would cover the page while it moves)."""
    page.wait_for_function("""() => {
        const s = document.querySelector('[data-testid="stSidebar"]');
        return !s || s.getBoundingClientRect().right <= 1 || s.getBoundingClientRect().width <= 1;
    }""")


def button(page: Page, name: str) -> None:
    """A button by its words; an icon's ligature name ("search", "add") may precede them in the accessible name."""
    page.get_by_role("button", name=re.compile(rf"^([a-z_]+\s*)?{re.escape(name)}$")).first.click()
    wait_idle(page)


def at_step(page: Page, title: str | re.Pattern) -> None:
    """The wizard shows the step's title as a heading (its level has changed before: match any)."""
    expect(page.get_by_role("heading", name=title).first).to_be_visible()


def open_section(page: Page, title: str | re.Pattern) -> None:
    """Unfold a folded section (st.expander) and wait until it is open. A script run that was still on its way
    when the title was clicked may redraw the section folded: then it is clicked again (bounded)."""
    section = page.get_by_test_id("stExpander").filter(has_text=title).first.locator("details")
    for _ in range(5):
        if section.evaluate("d => d.open"):
            return
        section.locator("summary").click()
        wait_idle(page)
        try:
            page.wait_for_function("d => d.open", arg=section.element_handle(), timeout=5_000)
        except PlaywrightTimeoutError:
            continue
    raise AssertionError(f"section {title!r} did not open")


def answer_first_step(page, candidate_type: str, level: str) -> None:
    """Step 1 of the guided check, answered with an ID card valid 长期, then 下一步; then the 考籍信息 step and the
    plan-substitution question of 课程成绩 (issue 19) answered as a candidate with none of those causes, so that
    the page is on 课程成绩 with its other questions still open."""
    page.goto("/eligibility")
    wait_idle(page)
    radio(page, "你是哪类考生？", candidate_type)
    radio(page, "申请哪个层次的毕业证书？", level)
    page.get_by_text("身份证有效期为“长期”").click()
    wait_idle(page)
    button(page, "下一步")
    answer_record_step(page)
    at_step(page, "课程成绩")
    radio(page, PLAN_SUBSTITUTION, "没有")


PLAN_SUBSTITUTION = "用来申请毕业的课程里，有没有旧考试计划的课程、其他专业的课程，或用一门课顶替（替代）另一门？"


def answer_grades_opening(page: Page, on_platform: str = "都能查到") -> None:
    """The 课程成绩 step's questions up to the platform one, as a candidate who has passed every course of the
    plan without substitutions; `on_platform` answers whether every grade shows on the platform."""
    at_step(page, "课程成绩")
    radio(page, PLAN_SUBSTITUTION, "没有")
    radio(page, "专业考试计划规定的全部课程都已经合格了吗？", "是")
    radio(page, "已经合格的成绩，在管理平台“我的成绩”里都能查到吗？", on_platform)


def answer_prior_origin(page: Page) -> None:
    """The two v3 questions about a held prior diploma: issued in the mainland, found in the 学信档案."""
    radio(page, "这个专科（或以上）学历是在哪里取得的？", "中国境内（内地）的学校或自考机构")
    radio(page, "在学信网的“学信档案”里，能查到这个学历吗？", "能查到")


def answer_record_step(page: Page) -> None:
    """The 考籍信息 step (issue 19), answered as a candidate with none of those causes of refusal, then 下一步."""
    at_step(page, "考籍信息")
    radio(page, "管理平台（和准考证）上的姓名、身份证号、性别，与你的身份证一字不差吗？", "一致，登录时的身份核验也通过了")
    radio(page, "参加自学考试以来，你一共用过几个准考证号？", "只有一个")
    radio(page, "你的考籍（成绩）是从其他省份转入云南的吗？", "否")
    radio(page, "你有没有还没结束的考试违规处理（取消成绩、推迟毕业、停考）？", "没有")
    button(page, "下一步")


def answer_wizard(page: Page, c: Candidate, photo_passed: bool = False) -> None:
    """From the start page of the guided check to the result page."""
    page.goto("/eligibility")
    wait_idle(page)
    # A date inside 2024-H1: with today's date the round blocker (issue 11) would stand before everything else.
    open_section(page, re.compile("申请日期：.*点这里修改"))  # the date sits in a folded section (today until changed)
    date(page, "打算在哪天提交毕业申请？", "2024-06-05")
    radio(page, "你是哪类考生？", c.candidate_type)
    radio(page, "申请哪个层次的毕业证书？", {"associate": "专科", "bachelor": "本科"}[c.level])
    page.get_by_text("身份证有效期为“长期”").click()
    wait_idle(page)
    open_section(page, "个人信息（生成承诺书用，可以稍后再填）")
    text(page, "姓名（与身份证一致）", c.name)
    text(page, "身份证号", c.id_number)
    button(page, "下一步")

    answer_record_step(page)

    answer_grades_opening(page)
    button(page, "下一步")

    if c.level == "bachelor":
        at_step(page, re.compile("前置学历"))
        radio(page, "你有专科（或以上）学历证书吗？", "是")
        date(page, "前置学历毕业时间（毕业证书上的日期）", "2015-07-01")
        answer_prior_origin(page)
        radio(page, "拿到这个学历以后，你改过姓名、变更过身份证号，或身份证由15位升为18位吗？", "否")
        radio(page, "用学信网APP扫码授权前置学历了吗？", "已授权并审核通过")
        button(page, "下一步")

    at_step(page, "免考课程")
    radio(page, "这次申请毕业，有没有用到免考课程？", "没有")
    button(page, "下一步")

    at_step(page, re.compile("实践"))
    from checks.questions import practice_requirement  # the wizard's own words for this level

    what = practice_requirement(c.level)
    radio(page, f"你的专业考试计划有{what}要求吗？", "是" if c.practice_required else "否")
    if c.practice_required:
        radio(page, "你的《实习（实验）考核合格成绩通知单》：", "有，盖的是主考学校有关学院的公章")
    button(page, "下一步")

    at_step(page, re.compile("承诺书"))
    radio(page, "《毕业办证申请暨思想品德合格承诺书》已经亲笔签字并扫描了吗？", "否")
    if not photo_passed:
        radio(page, "电子照片已经检查合格了吗？", "否")
    button(page, "查看结果")
    expect(page.get_by_role("heading", name="自查结果", exact=True)).to_be_visible()
    wait_idle(page)  # on a loaded machine the heading can show while the page is still being drawn
    expect(page.get_by_role("heading", name="核对你的回答")).to_be_visible()


def verdict_summary(page: Page) -> list[str]:
    """The verdict headline and the titles of the findings, as the candidate sees them (order kept)."""
    # The markdown inside each alert: the alert itself also holds the icon's ligature name ("push_pin").
    alerts = page.locator('[data-testid="stAlertContainer"] [data-testid="stMarkdownContainer"]')
    texts = [t.split("\n")[0].strip() for t in alerts.all_inner_texts()]
    return [t for t in texts if t]


def download(page: Page, name: str | re.Pattern, to: Path) -> Path:
    with page.expect_download() as info:
        page.get_by_role("button", name=name).click()
    d = info.value
    path = to / d.suggested_filename
    d.save_as(path)
    wait_idle(page)  # a download button click also reruns the page: the next action must not race that run
    return path


def upload(page: Page, path_or_payload, label: str | None = None) -> None:
    """Give a file to the uploader with this label (or the only/first one on the page)."""
    scope = page.get_by_test_id("stFileUploader")
    if label is not None:
        scope = scope.filter(has_text=label)
    scope.first.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(path_or_payload)
    wait_idle(page)


def tab(page: Page, name: str) -> None:
    page.get_by_role("tab", name=name).click()
    wait_idle(page)


def case_code(page: Page) -> str:
    """The case code shown on the result page (the copyable box starting with YZ)."""
    code = page.locator('.st-key-copyable-casecode [data-testid="stText"]').filter(has_text="YZ").first.inner_text()
    return code.strip()


# ---------------------------------------------------------------- the tutors' class check, names only

CLASS_ROW = {"身份证有效期至": "长期", "考生类型": "社会考生", "层次": "专科", "全部课程已合格": "是",
             "专业要求实践或论文": "是", "承诺书已签字": "否"}


def class_rows(rng: random.Random, n: int) -> list[dict]:
    """n valid roster rows with random names and ID numbers (admission numbers 010120100000 …)."""
    return [dict(CLASS_ROW, 姓名="班级" + random_name(rng, 2), 身份证号=random_id_number(rng),
                 准考证号=f"0101201{i:05d}") for i in range(n)]


def check_class_without_photos(page: Page, rows: list[dict], day: str = "2024-06-05") -> None:
    """On /batch: upload the roster as CSV, check names only on `day`, and wait for the results."""
    from tests.browser.test_browser_journeys import roster_csv

    upload(page, {"name": "名单.csv", "mimeType": "text/csv", "buffer": roster_csv(rows)}, label="名单（.xlsx 或 .csv）")
    page.get_by_text("这次只检查名单，不检查照片（没有照片压缩包）").click()
    wait_idle(page)
    date(page, "全班打算提交申请的日期", day)
    button(page, "开始检查")
    expect(page.get_by_text("3. 检查结果")).to_be_visible(timeout=120_000)
    wait_idle(page)

"""Issue 21: the questionnaire with the keyboard alone, a reload half-way that loses no answer but name and ID
number, and refused uploads explained in Chinese on a phone."""
from __future__ import annotations

import json
import random
import re

import pytest
from playwright.sync_api import expect

from tests.photo_fixtures import spec as photo_spec
from tests.browser import flows, harness
from tests.browser.a11y import settled

pytestmark = pytest.mark.browser

# ---------------------------------------------------------------- keyboard alone

ACTIVE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {name: '', tag: 'body', id: ''};
  const label = el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].innerText)
    || el.innerText || '';
  const group = el.closest('[role="radiogroup"]');
  return {name: label.trim(), tag: el.tagName.toLowerCase(), id: el.id, type: el.type || '',
          group: group ? group.getAttribute('aria-label') || '' : ''};
}"""


def active(page) -> dict:
    return page.evaluate(ACTIVE)


def tab_to(page, name: str | re.Pattern, group: str | None = None, limit: int = 40) -> dict:
    """Press Tab until the focused element has this name (and sits in this radio group): fail after `limit`."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = active(page)
        seen.append(now["name"][:30])
        matches = re.search(name, now["name"]) if isinstance(name, re.Pattern) else now["name"] == name
        if matches and (group is None or now["group"] == group):
            return now
    raise AssertionError(f"{name!r} not reached with {limit} Tabs; focus went through {seen}")


def key(page, which: str) -> None:
    """A key that changes an answer (Space on a radio, Enter on a button): wait for Streamlit's run."""
    page.keyboard.press(which)
    harness.wait_idle(page)


def choose(page, group: str, answer: str) -> None:
    """A radio by keyboard: Tab into the group (the first option), arrows to the answer, Space to pick it."""
    first = tab_to(page, re.compile(".+"), group=group)
    options = page.get_by_role("radiogroup", name=group).get_by_role("radio")
    names = [r.evaluate("r => r.labels[0] ? r.labels[0].innerText.trim() : ''") for r in options.all()]
    steps = names.index(answer) - names.index(first["name"])
    for _ in range(steps):
        page.keyboard.press("ArrowRight")  # moves and picks in a native radio group
    if steps:
        harness.wait_idle(page)
    else:
        key(page, "Space")
    expect(page.get_by_role("radiogroup", name=group).get_by_role("radio", name=answer)).to_be_checked()


def focused_step(page, title: str) -> None:
    """After 下一步 the new step's heading has the focus (a screen reader announces it)."""
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'step-title'")
    assert title in active(page)["name"]


# The 考籍信息 step (issue 19), answered as flows.answer_record_step does with the mouse.
RECORD_STEP = (("管理平台（和准考证）上的姓名、身份证号、性别，与你的身份证一字不差吗？", "一致，登录时的身份核验也通过了"),
               ("参加自学考试以来，你一共用过几个准考证号？", "只有一个"),
               ("你的考籍（成绩）是从其他省份转入云南的吗？", "否"),
               ("你有没有还没结束的考试违规处理（取消成绩、推迟毕业、停考）？", "没有"))


def test_questionnaire_with_the_keyboard_alone(page):
    harness.open_page(page, "/eligibility")
    settled(page)  # the page's labels are Chinese (ui/a11y.py) before the first key
    # The first Tab reaches the skip link, which takes the focus past the navigation.
    page.keyboard.press("Tab")
    assert active(page)["name"] == "跳到正文"
    page.keyboard.press("Enter")
    choose(page, "你是哪类考生？", "社会考生")
    choose(page, "申请哪个层次的毕业证书？", "专科")
    tab_to(page, "身份证有效期为“长期”")
    key(page, "Space")
    expect(page.get_by_role("checkbox", name="身份证有效期为“长期”")).to_be_checked()
    tab_to(page, re.compile("申请日期："))
    key(page, "Enter")  # unfolds the section
    tab_to(page, "打算在哪天提交毕业申请？")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.type("2024-06-05")
    key(page, "Enter")
    tab_to(page, re.compile("下一步"))
    key(page, "Enter")
    focused_step(page, "考籍信息")
    for group, answer in RECORD_STEP:
        choose(page, group, answer)
    tab_to(page, re.compile("下一步"))
    key(page, "Enter")
    focused_step(page, "课程成绩")

    # 下一步 with nothing answered: the focus goes to the error summary, whose links lead to each question.
    tab_to(page, re.compile("下一步"))
    key(page, "Enter")
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'error-summary'")
    expect(page.locator("#error-summary")).to_contain_text("请回答")
    choose(page, "专业考试计划规定的全部课程都已经合格了吗？", "是")
    choose(page, "已经合格的成绩，在管理平台“我的成绩”里都能查到吗？", "都能查到")
    choose(page, flows.PLAN_SUBSTITUTION, "没有")
    tab_to(page, re.compile("下一步"))
    key(page, "Enter")
    focused_step(page, "免考课程")
    choose(page, "这次申请毕业，有没有用到免考课程？", "没有")
    tab_to(page, re.compile("下一步"))
    key(page, "Enter")
    focused_step(page, "实践")
    choose(page, "你的专业考试计划有实践性环节要求吗？", "否")
    tab_to(page, re.compile("下一步"))
    key(page, "Enter")
    focused_step(page, "承诺书")
    choose(page, "《毕业办证申请暨思想品德合格承诺书》已经亲笔签字并扫描了吗？", "否")
    choose(page, "电子照片已经检查合格了吗？", "否")
    tab_to(page, re.compile("查看结果"))
    key(page, "Enter")
    expect(page.get_by_role("heading", name="核对你的回答")).to_be_visible()
    harness.screenshot(page, "keyboard-result")


# ---------------------------------------------------------------- reload half-way


def test_reload_half_way_keeps_every_answer_but_name_and_id(page):
    rng = random.Random(2121)
    name, id_number = flows.random_name(rng), flows.random_id_number(rng)
    page.goto("/eligibility")
    harness.wait_idle(page)
    flows.open_section(page, re.compile("申请日期：.*点这里修改"))
    flows.date(page, "打算在哪天提交毕业申请？", "2024-06-05")
    flows.radio(page, "你是哪类考生？", "社会考生")
    flows.radio(page, "申请哪个层次的毕业证书？", "本科")
    page.get_by_text("身份证有效期为“长期”").click()
    harness.wait_idle(page)
    flows.open_section(page, "个人信息（生成承诺书用，可以稍后再填）")
    flows.text(page, "姓名（与身份证一致）", name)
    flows.text(page, "身份证号", id_number)
    flows.text(page, "专业名称", "汉语言文学")
    flows.button(page, "下一步")
    flows.answer_record_step(page)
    flows.answer_grades_opening(page, on_platform="有查不到的")
    flows.radio(page, "成绩凭证", "云南省自学考试课程合格证书")
    page.get_by_label("取得年份（课程合格证书、转入证明信要填）").fill("1993")
    page.get_by_label("课程名称（可以不填）").fill("高等数学（一）")
    flows.button(page, "添加这一门")
    expect(page.get_by_text(re.compile("1993年.*高等数学"))).to_be_visible()
    flows.button(page, "下一步")
    flows.at_step(page, re.compile("前置学历"))
    flows.radio(page, "你有专科（或以上）学历证书吗？", "是")
    flows.date(page, "前置学历毕业时间（毕业证书上的日期）", "2015-07-01")
    flows.answer_prior_origin(page)
    # The last answer before the reload, given in the very run before it: kept too.
    flows.radio(page, "用学信网APP扫码授权前置学历了吗？", "已授权并审核通过")

    kept = page.evaluate("() => sessionStorage.getItem('yzzk.answers')")
    assert kept and name not in kept and id_number not in kept, "the tab must not keep the name or ID number"
    assert "汉语言文学" in kept

    page.reload()
    expect(page.get_by_text(re.compile("已恢复这个浏览器标签页里保存的回答"))).to_be_visible(timeout=30_000)
    harness.wait_idle(page)
    harness.screenshot(page, "reload-restored")
    flows.at_step(page, re.compile("前置学历"))
    group = page.get_by_role("radiogroup", name="你有专科（或以上）学历证书吗？")
    expect(group.get_by_role("radio", name="是")).to_be_checked()
    expect(page.get_by_label("前置学历毕业时间（毕业证书上的日期）")).to_have_value("2015-07-01")
    expect(page.get_by_role("radiogroup", name="用学信网APP扫码授权前置学历了吗？")
           .get_by_role("radio", name="已授权并审核通过")).to_be_checked()

    flows.button(page, "上一步")
    flows.at_step(page, "课程成绩")
    expect(page.get_by_role("radiogroup", name="专业考试计划规定的全部课程都已经合格了吗？")
           .get_by_role("radio", name="是")).to_be_checked()
    expect(page.get_by_text(re.compile("1993年.*高等数学"))).to_be_visible()

    flows.button(page, "上一步")
    flows.at_step(page, "考籍信息")
    expect(page.get_by_role("radiogroup", name=RECORD_STEP[1][0]).get_by_role("radio", name=RECORD_STEP[1][1])) \
        .to_be_checked()
    flows.button(page, "上一步")
    flows.at_step(page, "基本情况")
    for question, answer in (("你是哪类考生？", "社会考生"), ("申请哪个层次的毕业证书？", "本科")):
        expect(page.get_by_role("radiogroup", name=question).get_by_role("radio", name=answer)).to_be_checked()
    expect(page.get_by_role("checkbox", name="身份证有效期为“长期”")).to_be_checked()
    expect(page.get_by_text("申请日期：2024-06-05 提交（点这里修改）")).to_be_visible()
    flows.open_section(page, "个人信息（生成承诺书用，可以稍后再填）")
    expect(page.get_by_label("专业名称", exact=True)).to_have_value("汉语言文学")
    expect(page.get_by_label("姓名（与身份证一致）", exact=True)).to_have_value("")  # asked again
    expect(page.get_by_label("身份证号", exact=True)).to_have_value("")

    # Another tab has its own storage: nothing of this one (and a closed tab's copy is gone with it).
    other = page.context.new_page()
    other.goto("/eligibility?step=grades")
    harness.wait_idle(other)
    expect(other.get_by_text(re.compile("之前填写的回答已经清空"))).to_be_visible()
    assert other.evaluate("() => sessionStorage.getItem('yzzk.answers')") is None
    other.close()


# ---------------------------------------------------------------- refused uploads on a phone

PHOTO_LIMIT_MB = photo_spec().max_upload_bytes // 2**20  # what the photo page states and its uploader holds to


def sparse(path, mb: float, head: bytes = b"\xff\xd8\xff\xe0"):
    with open(path, "wb") as f:
        f.write(head)
        f.truncate(int(mb * 1024 * 1024))  # sparse: nothing that big written to disk
    return path


def refusal_shown(page, pattern: str) -> str:
    """The uploader's refusal, visible on the screen, in Chinese and without English."""
    message = page.get_by_test_id("stFileUploader").first.get_by_role("alert")
    expect(message).to_be_visible()
    expect(message).to_have_text(re.compile(pattern))
    text = message.inner_text()
    assert not re.search(r"not allowed|or smaller|Error", text), text
    box = message.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= harness.PHONE["width"] + 1, \
        "the message must fit a 390 px screen"
    return text


def test_refused_uploads_are_explained_in_chinese_on_a_phone(phone_page, tmp_path, fixable_photo):
    page = phone_page
    harness.open_page(page, "/photo")
    flows.upload(page, {"name": "说明.txt", "mimeType": "text/plain", "buffer": "不是照片".encode()})
    text = refusal_shown(page, r"这种文件这里不能用.*改选 \.jpg")
    harness.screenshot(page, "upload-refused-type-phone")
    assert "说明.txt" in text
    page.get_by_test_id("stFileUploader").first.get_by_role("button", name=re.compile("删除文件")).first.click()
    harness.wait_idle(page)

    # The same limit as the uploader's label says before anything is chosen (a phone shows no hover help).
    expect(page.get_by_test_id("stFileUploader").first.get_by_test_id("stWidgetLabel")).to_contain_text(
        f"不超过 {PHOTO_LIMIT_MB} MB")
    flows.upload(page, sparse(tmp_path / "大照片.jpg", PHOTO_LIMIT_MB + 1))
    refusal_shown(page, rf"太大（超过 {PHOTO_LIMIT_MB} MB），没有上传")
    harness.screenshot(page, "upload-refused-size-phone")
    page.get_by_test_id("stFileUploader").first.get_by_role("button", name=re.compile("删除文件")).first.click()
    harness.wait_idle(page)
    flows.upload(page, fixable_photo)  # the page still works
    expect(page.get_by_text(re.compile(r"这张照片有 \d+ 项不符合要求"))).to_be_visible()


def test_kept_answers_hold_no_personal_field():
    """What ui.keep gives the tab: the answers without the fields the case code leaves out."""
    from ui import keep

    answers = {"candidate": {"name": "张三", "id_number": "530102199001011234", "phone": "13800000000",
                             "admission_number": "010120100001", "level": "bachelor"}}
    kept = json.dumps(keep._without_personal(answers), ensure_ascii=False)
    assert "bachelor" in kept
    for secret in ("张三", "530102199001011234", "13800000000", "010120100001"):
        assert secret not in kept

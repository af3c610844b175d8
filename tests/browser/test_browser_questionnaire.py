"""The questionnaire on a 390×844 phone, one test per problem of issue 12: each fails if the problem comes back."""
from __future__ import annotations

import random
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from checks.catalogue import phrase
from tests.browser import flows, harness

pytestmark = pytest.mark.browser

# Latin a candidate may see that is ours, not Streamlit's: units, formats, names of things.
OUR_LATIN = {"JPG", "JPEG", "PNG", "WebP", "BMP", "HEIC", "KB", "MB", "QR", "APP", "YZ", "QQ", "PDF", "EXIF",
             "X", "RGB", "dpi", "json", "jpg", "jpeg", "png", "webp", "bmp", "txt", "pdf", "zip", "xlsx", "csv",
             "B050101", "YZ1", "YZ2", "Excel", "CSV", "ZIP", "H1", "KB。", "N", "Y", "heic",
             "www.ynzs.cn",  # the 招生考试院's web address, named where the notice is cited
             "www", "ynzs", "cn", "ynzs.cn",  # the same address in a finding, with full-width dots (ui.safe.md: never a link)
             # 学信网's address, where to look up a prior diploma (issue 19); without "www." it is not made a link
             "chsi.com.cn"}


# A round's id or its data version ("2024-H1", "2024-H1.1"): names of our data, shown to tutors and the help desk.
ROUND_ID = re.compile(r"H[12](\.\d+)?")


def english_on_screen(page) -> list[str]:
    """Latin words visible to a person (text, placeholders, button labels), minus our own whitelist.
    Material icon ligatures ("search", "add") are drawn as icons, so their spans are skipped."""
    words = page.evaluate("""() => {
        const out = [];
        const visible = el => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el);
            return r.width > 1 && r.height > 1 && s.visibility !== 'hidden' && s.display !== 'none'
                   && parseFloat(s.fontSize) > 0; };
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const n = walker.currentNode, el = n.parentElement;
            if (!el || !n.textContent.trim() || !visible(el)) continue;
            if (el.closest('style, script, code, pre, [class*="st-key-copyable-"]')) continue;  // codes, not words
            if (getComputedStyle(el).fontFamily.includes('Material')) continue;  // an icon, drawn as a picture
            out.push(n.textContent);
        }
        document.querySelectorAll('input, textarea').forEach(i => { if (visible(i) && i.placeholder) out.push(i.placeholder); });
        return out;
    }""")
    found = set()
    for text in words:
        for word in re.findall(r"[A-Za-z][A-Za-z0-9.]*", text):
            if word.strip(".") not in OUR_LATIN and not ROUND_ID.fullmatch(word.strip(".")):
                found.add(f"{word} in «{text.strip()[:60]}»")
    return sorted(found)


def candidate(seed: str, level: str = "associate") -> flows.Candidate:
    rng = random.Random(seed)
    return flows.Candidate(name="问卷" + flows.random_name(rng, 2), id_number=flows.random_id_number(rng), level=level)


def test_unfinished_answers_give_no_result_and_link_each_question(phone_page):
    page = phone_page
    page.goto("/eligibility")
    harness.wait_idle(page)
    # Nothing preselected on a fresh questionnaire.
    assert page.locator('input[type="radio"]:checked:visible').count() == 0
    flows.radio(page, "你是哪类考生？", "社会考生")
    flows.radio(page, "申请哪个层次的毕业证书？", "专科")
    page.get_by_text("身份证有效期为“长期”").click()
    harness.wait_idle(page)
    flows.button(page, "下一步")
    flows.at_step(page, "考籍信息")  # issue 19: the exam-record step comes second
    assert page.locator('input[type="radio"]:checked:visible').count() == 0
    for where in ("自查结果", "我的申请", "承诺书与材料清单"):
        flows.nav(page, where)
        body = page.locator("body").inner_text()
        assert not re.search(r"还差 \d+ 件|可以申请|当前阶段|YZ[12]", body), f"{where} shows a result from half the answers"
        link = page.get_by_role("link", name=re.compile("管理平台上的身份信息与身份证是否一致"))
        expect(link).to_be_visible()
    harness.screenshot(page, "q-unfinished-home")
    link.click()
    harness.wait_idle(page)
    expect(page).to_have_url(re.compile(r"step=record\b"))
    flows.at_step(page, "考籍信息")


def test_back_and_reload_keep_the_place(phone_page):
    page = phone_page
    c = candidate("back")
    flows.answer_first_step(page, c.candidate_type, "专科")
    flows.radio(page, "专业考试计划规定的全部课程都已经合格了吗？", "是")
    flows.radio(page, "已经合格的成绩，在管理平台“我的成绩”里都能查到吗？", "都能查到")
    flows.button(page, "下一步")
    expect(page).to_have_url(re.compile(r"step=exemptions\b"))
    assert c.name not in page.url and c.id_number not in page.url
    page.go_back()
    harness.wait_idle(page)
    flows.at_step(page, "课程成绩")
    expect(page).to_have_url(re.compile(r"step=grades\b"))
    # The answer given on this step is still there after Back.
    expect(page.get_by_role("radiogroup", name="专业考试计划规定的全部课程都已经合格了吗？")
           .get_by_role("radio", name="是")).to_be_checked()
    page.reload()
    harness.wait_idle(page)
    expect(page).to_have_url(re.compile(r"step=grades\b"))
    # Since issue 21 a reload keeps the answers (the tab's own copy, without name and ID number): the notice says
    # so, and the answer is still there (tests/browser/test_browser_keyboard_reload.py checks every answer).
    expect(page.get_by_text(re.compile("已恢复这个浏览器标签页里保存的回答"))).to_be_visible()
    expect(page.get_by_role("radiogroup", name="专业考试计划规定的全部课程都已经合格了吗？")
           .get_by_role("radio", name="是")).to_be_checked()
    harness.screenshot(page, "q-reload-notice")


def test_error_summary_is_in_view_links_to_fields_and_marks_them(phone_page):
    page = phone_page
    page.goto("/eligibility")
    harness.wait_idle(page)
    page.get_by_role("button", name="下一步", exact=True).click()
    harness.wait_idle(page)
    summary = page.locator("#error-summary")
    expect(summary).to_be_in_viewport()
    harness.screenshot(page, "q-error-summary")
    links = summary.get_by_role("link")
    assert links.count() == 3, summary.inner_text()  # 考生类型, 层次, 身份证有效期: one entry each
    texts = links.all_inner_texts()
    assert len(set(texts)) == len(texts)
    for text in texts:  # the same message at the field
        expect(page.get_by_test_id("stAlertContainer").filter(has_text=text)).to_be_visible()
    href = links.nth(2).get_attribute("href")
    links.nth(2).click()
    expect(page.locator(href)).to_be_in_viewport()
    # Pressed again from the bottom of the page, still unanswered: the summary comes into view again.
    page.get_by_role("button", name="下一步", exact=True).scroll_into_view_if_needed()
    expect(summary).not_to_be_in_viewport()
    page.get_by_role("button", name="下一步", exact=True).click()
    expect(summary).to_be_in_viewport()


def test_prior_step_says_nothing_before_an_answer(phone_page):
    page = phone_page
    flows.answer_first_step(page, "社会考生", "本科")
    flows.radio(page, "专业考试计划规定的全部课程都已经合格了吗？", "是")
    flows.radio(page, "已经合格的成绩，在管理平台“我的成绩”里都能查到吗？", "都能查到")
    flows.button(page, "下一步")
    flows.at_step(page, re.compile("前置学历"))
    # The step count follows the level chosen: 本科 has seven steps (six for 专科).
    expect(page.get_by_text("第 4 步，共 7 步")).to_be_visible()
    body = page.locator("body").inner_text()
    assert "被退回" not in body and "去哪里：—" not in body
    flows.radio(page, "你有专科（或以上）学历证书吗？", "否")
    expect(page.locator("body")).to_contain_text("被退回")  # the early warning, once there is an answer
    assert "去哪里：—" not in page.locator("body").inner_text()


def test_missing_grades_are_added_one_at_a_time_without_english(phone_page):
    page = phone_page
    flows.answer_first_step(page, "社会考生", "专科")
    flows.radio(page, "已经合格的成绩，在管理平台“我的成绩”里都能查到吗？", "有查不到的")
    assert page.get_by_test_id("stDataFrame").count() == 0 and page.get_by_test_id("stDataEditor").count() == 0
    page.get_by_text("云南省自学考试课程合格证书", exact=True).click()
    page.get_by_label("取得年份（课程合格证书、转入证明信要填）").fill("1993")
    page.get_by_label("课程名称（可以不填）").fill("高等数学（一）")
    flows.button(page, "添加这一门")
    expect(page.get_by_text(re.compile(r"1\. 云南省自学考试课程合格证书（1993年） 高等数学（一）"))).to_be_visible()
    harness.screenshot(page, "q-grades-added")
    assert english_on_screen(page) == []
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1
    flows.button(page, "删除")
    expect(page.get_by_text(re.compile(r"1\. 云南省自学考试课程合格证书"))).to_have_count(0)


def fill_every_text_box(page) -> None:
    """Type into every visible text box and leave the cursor there: Streamlit's hints appear while typing."""
    boxes = page.locator('[data-testid="stTextInput"] input, [data-testid="stTextArea"] textarea,'
                         ' [data-testid="stNumberInput"] input')
    for i in range(boxes.count()):
        box = boxes.nth(i)
        if box.is_visible():
            try:
                box.click(timeout=5_000)
            except PlaywrightTimeoutError:
                # A run drawn after the previous box can fold the section holding this one (Streamlit redraws a
                # section when a message appears above it). The page was checked for English before typing.
                if box.is_visible():
                    raise
                continue
            page.keyboard.type("12")
            assert english_on_screen(page) == [], f"English while typing into box {i}"
            page.keyboard.press("Tab")
            harness.wait_idle(page)


@pytest.mark.parametrize("url", ["/", "/eligibility", "/result", "/materials", "/helpdesk"])
def test_no_english_before_or_after_typing(phone_page, url):
    page = phone_page
    if url in ("/", "/eligibility"):
        harness.open_page(page, url)
    else:
        flows.answer_wizard(page, candidate("english" + url, level="bachelor"))
        if url != "/result":
            flows.nav(page, {"/materials": "承诺书与材料清单", "/helpdesk": "帮助台：查看考生结果"}[url])
    if url == "/eligibility":
        flows.open_section(page, "个人信息（生成承诺书用，可以稍后再填）")
        flows.open_section(page, re.compile("申请日期：.*点这里修改"))
        harness.wait_idle(page)
    assert english_on_screen(page) == []
    fill_every_text_box(page)
    assert english_on_screen(page) == []
    # The ⋮ menu is gone and the menu button says what it is.
    expect(page.get_by_test_id("stMainMenu")).to_have_count(0)
    if url == "/helpdesk":
        expect(page.get_by_role("button", name=re.compile("查看结果"))).to_be_visible()
        # A wrong file type gets a Chinese message on the page, not an English tooltip.
        flows.upload(page, {"name": "说明.txt", "mimeType": "text/plain", "buffer": b"hello"},
                     label="或者上传案例码二维码截图")
        expect(page.get_by_text(re.compile("不是二维码截图"))).to_be_visible()
        assert english_on_screen(page) == []


def assert_downloads_full_width(page) -> None:
    """On a phone every download button spans the screen, so a thumb finds it."""
    width = page.locator('[data-testid="stMainBlockContainer"]').bounding_box()["width"]
    buttons = page.get_by_test_id("stDownloadButton").locator("button").all()
    assert buttons
    for button in buttons:
        assert button.bounding_box()["width"] >= width - 40, button.inner_text()


def test_way_finding_on_the_result_and_materials_pages(phone_page):
    page = phone_page
    flows.answer_wizard(page, candidate("way"))
    # A labelled menu, not a bare ».
    label = page.get_by_test_id("stExpandSidebarButton").evaluate("b => getComputedStyle(b, '::after').content")
    assert "菜单" in label
    body = page.locator("body").inner_text()
    assert "规则 " not in body and "grades." not in body and "materials." not in body  # rule ids: help desk only
    todos = page.get_by_test_id("stAlertContainer").filter(has_text="去哪里")
    assert todos.count() >= 2
    assert page.get_by_text(re.compile("去办这件事")).count() >= todos.count()
    expect(page.get_by_role("link", name=re.compile("去办这件事：照片检查"))).to_be_visible()
    # Download buttons as wide as the content; the copy button is visible without hovering.
    assert_downloads_full_width(page)
    copy = page.locator(".st-key-copyable-casecode").get_by_role("button", name="复制案例码")
    expect(copy).to_be_visible()
    # It really copies (a tap, as on a phone): the clipboard then holds the code shown.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    copy.tap()
    expect(page.locator(".st-key-copyable-casecode").get_by_role("button", name=re.compile("已复制"))).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == flows.case_code(page)
    harness.screenshot(page, "q-result")
    # 修改 leads back to the step with 保存并返回核对页, which returns to the check page.
    page.get_by_role("link", name=re.compile("修改")).nth(2).click()  # 基本情况, 考籍信息, 课程成绩 …
    harness.wait_idle(page)
    flows.at_step(page, "课程成绩")
    flows.button(page, "保存并返回核对页")
    expect(page.get_by_role("heading", name="核对你的回答")).to_be_visible()

    flows.nav(page, "承诺书与材料清单")
    harness.screenshot(page, "q-materials")
    # The checklist's own copy button copies the checklist (not the case code of the page before).
    box = page.locator(".st-key-copyable-checklist")
    box.get_by_role("button", name="复制清单文字").tap()
    expect(box.get_by_role("button", name=re.compile("已复制"))).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == box.get_by_test_id("stText").inner_text()
    flows.tab(page, "承诺书")
    # Empty pledge fields are flagged before anything is built.
    expect(page.get_by_text(re.compile("承诺书上这几栏会空着：准考证号、联系电话"))).to_be_visible()
    flows.button(page, "生成承诺书（先预览，再下载）")
    preview = page.get_by_test_id("stImage").first.bounding_box()
    download = page.get_by_role("button", name=re.compile("下载承诺书PDF")).bounding_box()
    assert preview["y"] + preview["height"] <= download["y"], "the preview must come before its download button"
    assert preview["width"] >= harness.PHONE["width"] - 60, "the preview must use the phone's width"
    harness.screenshot(page, "q-pledge")


def test_lost_connection_is_explained_in_chinese(browser):
    """A server that stops is announced by our Chinese note; Streamlit's own "Connection error … Is Streamlit still
    running?" dialog, which comes some seconds later, stays out of sight (it would repeat the note in English)."""
    with harness.streamlit_server() as server:
        context = harness.new_context(browser, viewport=harness.PHONE, is_mobile=True, has_touch=True, locale="zh-CN")
        page = context.new_page()
        harness.open_page(page, server.url + "/eligibility")
        # Streamlit fetches parts of its front end lazily after the first render: let those loads finish, or the
        # dialog drawn after the server is gone cannot load its button code (a test artefact, not a user's case).
        page.wait_for_load_state("networkidle")
        harness.stop(server.proc)
        expect(page.locator("#connection-down")).to_be_visible(timeout=60_000)
        assert page.locator("#connection-down").inner_text().startswith(phrase("connection.down"))
        dialog = page.locator('[role="dialog"]')
        dialog.wait_for(state="attached", timeout=90_000)
        expect(dialog).to_be_hidden()
        assert english_on_screen(page) == []
        context.close()


def test_no_english_on_the_photo_page_before_and_after_a_check(phone_page):
    page = phone_page
    harness.open_page(page, "/photo")
    assert english_on_screen(page) == []
    flows.upload(page, harness.fixable_photo_payload())
    expect(page.get_by_role("button", name=re.compile("下载修正后的照片"))).to_be_visible(timeout=60_000)
    harness.wait_idle(page)
    assert english_on_screen(page) == []
    assert_downloads_full_width(page)
    flows.upload(page, {"name": "说明.txt", "mimeType": "text/plain", "buffer": b"hello"})
    expect(page.get_by_text(re.compile("不是照片|不是图片|照片文件")).first).to_be_visible()
    assert [w for w in english_on_screen(page) if "txt" not in w] == []  # the file's own name may show


def test_no_english_on_the_batch_page_with_results(phone_page):

    page = phone_page
    harness.open_page(page, "/batch")
    assert english_on_screen(page) == []
    flows.check_class_without_photos(page, flows.class_rows(random.Random("batch-english"), 3))
    assert_downloads_full_width(page)
    # The detailed result a tutor opens names the notice's clauses, not our rule ids.
    assert "依据通知" in page.locator("body").inner_text()
    assert english_on_screen(page) == []
    # Searching the class for someone who is not in it.
    page.get_by_label("查看某位考生的详细结果").click()
    page.keyboard.type("zzz")
    expect(page.get_by_role("listbox")).to_be_visible()
    assert english_on_screen(page) == []
    page.keyboard.press("Escape")
    # The table's hover toolbar ("Download as CSV", "Search", "Fullscreen") is not offered.
    page.get_by_test_id("stTable").first.hover()  # a plain table since issue 21 (long cells wrap)
    expect(page.get_by_test_id("stElementToolbar").first).to_be_hidden()
    assert english_on_screen(page) == []


def test_no_english_on_any_step_of_the_check_with_every_form_open(phone_page):
    page = phone_page
    flows.answer_first_step(page, "社会考生", "本科")
    flows.at_step(page, "课程成绩")
    flows.radio(page, "专业考试计划规定的全部课程都已经合格了吗？", "否")
    flows.radio(page, "已经合格的成绩，在管理平台“我的成绩”里都能查到吗？", "有查不到的")
    assert english_on_screen(page) == []
    fill_every_text_box(page)
    flows.button(page, "下一步")  # with an empty list: the error summary and the message at the list
    assert english_on_screen(page) == []
    flows.radio(page, "已经合格的成绩，在管理平台“我的成绩”里都能查到吗？", "都能查到")
    flows.button(page, "下一步")
    flows.at_step(page, re.compile("前置学历"))
    flows.radio(page, "你有专科（或以上）学历证书吗？", "是")
    flows.radio(page, "拿到这个学历以后，你改过姓名、变更过身份证号，或身份证由15位升为18位吗？", "是")
    assert english_on_screen(page) == []
    fill_every_text_box(page)
    assert english_on_screen(page) == []
    flows.date(page, "前置学历毕业时间（毕业证书上的日期）", "2015-07-01")
    flows.answer_prior_origin(page)  # issue 19: the QR question is asked once the diploma is a mainland one
    assert english_on_screen(page) == []
    flows.radio(page, "拿到这个学历以后，你改过姓名、变更过身份证号，或身份证由15位升为18位吗？", "否")
    flows.radio(page, "用学信网APP扫码授权前置学历了吗？", "已授权并审核通过")
    flows.button(page, "下一步")
    flows.at_step(page, "免考课程")
    flows.radio(page, "这次申请毕业，有没有用到免考课程？", "有")
    assert english_on_screen(page) == []
    fill_every_text_box(page)
    flows.button(page, "添加这一门")  # nothing chosen yet: told in Chinese what is missing
    assert english_on_screen(page) == []
    flows.radio(page, "这次申请毕业，有没有用到免考课程？", "没有")
    flows.button(page, "下一步")
    flows.at_step(page, re.compile("实践"))
    flows.radio(page, "你的专业考试计划有毕业论文要求吗？", "是")
    assert english_on_screen(page) == []
    flows.button(page, "下一步")
    assert english_on_screen(page) == []

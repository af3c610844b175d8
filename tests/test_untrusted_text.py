"""Text from strangers (case codes, case files, rosters, ZIP member names) is shown as text, never as Markdown.

AppTest gives the Markdown source each element receives; it is rendered here the way Streamlit's front end
does (CommonMark + GFM, bare URLs linked) and must contain no image, no link and the payload as literal text.
"""
from __future__ import annotations

import html
import io
import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from streamlit.testing.v1 import AppTest

from checks import casecode
from checks.models import case_from_dict
from tests.test_batch_page import page as batch_page
from tests.test_roster import csv_bytes, row
from ui.safe import md

ROOT = Path(__file__).resolve().parents[1]
PAYLOAD = "![i](http://x/x.png) [L](http://x) $x$ :red[x]"
# Elements whose body is Markdown (st.code, st.text, dataframes and widget values are shown as typed).
MARKDOWN_BODIES = {"markdown", "caption", "error", "warning", "info", "success", "title", "header", "subheader",
                   "toast", "metric"}
RENDER = MarkdownIt("gfm-like")  # tables, strikethrough, linkify: what remark-gfm does in the browser
# remark-gfm links only "http(s)://", "www." and e-mail addresses, never a bare "x.com" or "//x.com"
RENDER.linkify.set({"fuzzy_link": False}).add("//", None)


# remark-gfm (Streamlit's front end) links bare URLs and e-mail addresses in the text *after* escapes are undone,
# unlike markdown-it's linkify: a backslash before the ":" of "http:" does not stop it there (issue 22).
_GFM_AUTOLINK = re.compile(r"(?i)(?:https?://|www\.)[^\s<]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def rendered(source: str) -> str:
    """HTML as Streamlit's front end would make it: markdown-it, then remark-gfm's autolinks on the text."""
    def autolink(m: re.Match) -> str:
        text, out, at = html.unescape(m.group(1)), [], 0
        for url in _GFM_AUTOLINK.finditer(text):
            out += [html.escape(text[at:url.start()]), f'<a href="{html.escape(url.group(0))}">x</a>']
            at = url.end()
        return ">" + "".join(out) + html.escape(text[at:]) + "<"

    return re.sub(r">([^<]*)<", autolink, RENDER.render(source))


def readable(text: str) -> str:
    """What a person reads: md() shows the characters that make a URL one in their full-width forms."""
    return unicodedata.normalize("NFKC", text)


def shown_texts(at: AppTest) -> list[str]:
    """The Markdown source of every element that Streamlit renders as Markdown (bodies and labels)."""
    out = []

    def walk(node):
        if getattr(node, "type", None) in MARKDOWN_BODIES and isinstance(getattr(node, "value", None), str):
            out.append(node.value)
        if isinstance(getattr(node, "label", None), str):  # widget, expander and tab labels are Markdown too
            out.append(node.label)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at.main)
    return out


def assert_literal(at: AppTest, payload: str = PAYLOAD) -> None:
    sources = shown_texts(at)
    pages = [rendered(s) for s in sources]
    for page in pages:
        assert "<img" not in page and "<a " not in page, page
    text = [readable(html.unescape(re.sub(r"<[^>]+>", "", p))) for p in pages]
    assert any(payload in t for t in text), "the payload should be shown, as text"


@pytest.mark.parametrize("value", [PAYLOAD, "see http://x.com or www.x.com", "<img src=x>", "# 标题\n- 列表",
                                   "mail a@x.com, HTTPS://X.COM/a?b=1"])
def test_md_makes_any_text_literal(value):
    page = rendered(md(value))
    assert "<img" not in page and "<a " not in page and "<h1" not in page and "<li" not in page
    assert readable(html.unescape(re.sub(r"<[^>]+>", "", page))).strip() == " ".join(value.split())


def test_markdown_renderer_used_here_would_show_the_attack():
    # guards the test itself: unescaped, the payload does produce an image and links; escaped with a backslash
    # only, a bare URL is still a link in the browser
    page = rendered(PAYLOAD + " http://x.com")
    assert "<img" in page and "<a " in page
    assert "<a " in rendered("http\\://x.com www\\.x.com")


def helpdesk() -> AppTest:
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("pages/5_helpdesk.py").run()
    return at


def hostile_case():
    data = json.loads((ROOT / "tests" / "scenarios" / "contract_example.json").read_text(encoding="utf-8"))
    data["data_version"] = PAYLOAD
    data["exemptions"][0]["course_name"] = PAYLOAD
    return case_from_dict(data)


def test_helpdesk_shows_a_case_codes_text_as_text():
    at = helpdesk()
    at.text_area[0].set_value(casecode.encode(hostile_case()))
    at.button[0].click().run()  # the form's 查看结果
    assert not at.exception
    assert_literal(at)


def test_helpdesk_code_naming_an_unknown_round_is_refused_in_chinese_as_text():
    data = json.loads(hostile_case().model_dump_json())
    data["round"] = PAYLOAD
    comp = __import__("zlib").compressobj(level=9, wbits=-15, zdict=casecode.ZDICT_V1)
    head = "YZ1" + casecode._b32(comp.compress(json.dumps(data).encode()) + comp.flush())
    at = helpdesk()
    at.text_area[0].set_value(head + casecode._check(head))
    at.button[0].click().run()  # the form's 查看结果
    assert not at.exception
    assert any("批次读不出来" in e.value for e in at.error)
    assert_literal(at, PAYLOAD[:40])  # checks.rounds echoes at most 40 characters of an unknown round id


def test_helpdesk_shows_a_case_files_text_as_text():
    at = helpdesk()
    data = hostile_case().model_dump_json().encode()
    at.file_uploader(key="helpdesk.file").set_value((PAYLOAD + ".json", data, "application/json")).run()
    assert not at.exception
    assert_literal(at)


def test_helpdesk_error_quotes_a_file_name_as_text():
    at = helpdesk()
    at.file_uploader(key="helpdesk.file").set_value((PAYLOAD + ".json", b'{"round": 1', "application/json")).run()
    assert not at.exception
    assert_literal(at)


def test_batch_page_shows_names_and_member_names_as_text():
    at = batch_page()
    roster = csv_bytes([row(姓名=PAYLOAD, 准考证号="010120100001"), row(姓名="王五" + PAYLOAD, 准考证号="010120100002",
                                                                     身份证号="bad")], "utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(PAYLOAD + ".jpg", b"not really a photo")
    at.file_uploader[0].set_value(("名单.csv", roster, "text/csv"))
    at.file_uploader[1].set_value(("照片.zip", buf.getvalue(), "application/zip")).run()
    at.button[0].click().run()
    assert not at.exception
    assert at.session_state["batch.result"] is not None
    at.toggle[0].set_value(False).run()  # every student, so the detail view can pick the hostile names
    assert_literal(at)
    for label in at.selectbox(key="batch.detail_choice").options:
        at.selectbox(key="batch.detail_choice").set_value(label).run()
        assert_literal(at, payload="王五" + PAYLOAD if "王五" in label else PAYLOAD)


SCRIPT_PAYLOAD = "</script><script>window.pwned=1</script><!--"


def test_copy_buttons_carry_a_strangers_text_as_data_not_as_script():
    # The help desk's copyable checklist holds course names from a stranger's case file; the copy button's
    # script must not end early at a "</script>" in them (that would run the stranger's script in our page).
    data = json.loads(hostile_case().model_dump_json())
    data["exemptions"][0]["course_name"] = SCRIPT_PAYLOAD
    at = helpdesk()
    at.file_uploader(key="helpdesk.file").set_value(("c.json", json.dumps(data).encode(), "application/json")).run()
    assert not at.exception
    snippets = [e.proto.body for e in at.get("html")]
    copy_buttons = [b for b in snippets if "clipboard" in b]
    assert copy_buttons, "the help desk shows no copy button"
    assert any("pwned" in b for b in copy_buttons), "the payload should be in a copy button's text"
    for body in snippets:
        assert body.lower().count("<script") == 1 and body.lower().count("</script") == 1, body[:300]
    assert any(SCRIPT_PAYLOAD in t.value for t in at.text)  # shown as typed in the box


URLS = "见 http://e.cn/a 或 www.e.cn 或 a@e.cn"


def test_every_page_shows_a_restored_hostile_case_as_text():
    """A case restored from a stranger's file (course, major and school names with Markdown, LaTeX and URLs) is
    text on every page: the home page, the result, the materials, the questionnaire's steps and the help desk."""
    from tests.casedata import without_v3_causes

    # The pages give a verdict only once every question is answered (issue 19): the v3 questions answered too.
    data = without_v3_causes(json.loads((ROOT / "tests" / "scenarios" / "contract_example.json")
                                        .read_text(encoding="utf-8")))
    data["exemptions"][0]["course_name"] = PAYLOAD
    data["candidate"]["major_name"] = URLS
    data["candidate"]["chief_school"] = "![i](http://x/y.png)"
    data["grades"]["missing_on_platform"][0]["course_name"] = "www.evil.example"
    answers = case_from_dict(data).model_dump(mode="json", exclude_none=True)
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.session_state["answers"] = answers
    at.run()
    assert not at.exception
    assert_no_links(at)  # the home page: next steps (they may name a course)
    for page in ("pages/2_result.py", "pages/4_materials.py"):
        at.switch_page(page).run()
        assert not at.exception, page
        assert_no_links(at)
        assert_shown(at, PAYLOAD)
    for step in ("basic", "grades", "exemptions"):
        at.query_params["step"] = step
        at.switch_page("pages/1_eligibility.py").run()
        assert not at.exception, step
        assert_no_links(at)


def assert_no_links(at: AppTest) -> None:
    """No picture at all, and no link to the hosts in the hostile text (our own notice text links www.ynzs.cn)."""
    for source in shown_texts(at):
        page = rendered(source)
        assert "<img" not in page, page
        for href in re.findall(r'<a href="([^"]*)"', page):
            assert not re.search(r"//x\b|e\.cn|^x$", href), page


def assert_shown(at: AppTest, payload: str) -> None:
    text = [readable(html.unescape(re.sub(r"<[^>]+>", "", rendered(s)))) for s in shown_texts(at)]
    assert any(payload in t for t in text), "the payload should be shown, as text"


def test_a_wrongly_typed_upload_is_named_as_text():
    at = helpdesk()
    at.file_uploader(key="helpdesk.file").set_value(("![i](http://x/x.png) $x$ http://x.com.png", b"x", "image/png")).run()
    assert not at.exception
    assert any("不是本工具下载的案例文件" in e.value for e in at.error)
    assert_literal(at, "![i](http://x/x.png) $x$ http://x.com.png")

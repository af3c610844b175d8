"""One setup() every page calls first: page config, phone-friendly CSS, navigation, session defaults."""
from __future__ import annotations

import secrets
import threading
from pathlib import Path

import streamlit as st

from checks.catalogue import phrase
from ui import a11y, copyable, keep, session_end, state, uploads
from ui.browser import js_string, run_in_page
from ui.banner import round_banner
from ui.safe import md

ICON = Path(__file__).resolve().parent.parent / "assets" / "pictures" / "icon.png"

# (script path, label shown to people, icon). Classic pages/ layout; labels are ours, not the file names.
NAV = [
    ("app.py", "我的申请", ":material/home:"),
    ("pages/1_eligibility.py", "资格自查", ":material/fact_check:"),
    ("pages/2_result.py", "自查结果", ":material/assignment_turned_in:"),
    ("pages/3_photo.py", "照片检查", ":material/photo_camera:"),
    ("pages/4_materials.py", "承诺书与材料清单", ":material/description:"),
    ("pages/5_helpdesk.py", "帮助台：查看考生结果", ":material/support_agent:"),
    ("pages/6_batch.py", "培训机构：整班检查", ":material/groups:"),
]

_CSS = """
<style>
/* Narrow phones: less padding, buttons full width, tables scroll instead of squeezing. */
@media (max-width: 640px) {
  .block-container {padding: 3.5rem 0.8rem 3rem 0.8rem;}
  h1 {font-size: 1.7rem !important;}
  h2 {font-size: 1.35rem !important;}
  [data-testid="stButton"] button, [data-testid="stDownloadButton"] button {width: 100%;}
}
.stDataFrame {overflow-x: auto;}
/* Anchors of questions: land below Streamlit's fixed top bar. */
.q-anchor, #error-summary, #step-title {scroll-margin-top: 4.5rem;}
/* English Streamlit prints that no setting translates: "Press Enter to apply" under text boxes, the running
   indicator with its "Stop" button, the ⋮ menu and its "Made with Streamlit". */
[data-testid="InputInstructions"], [data-testid="stStatusWidget"], [data-testid="stMainMenu"],
[data-testid="stToolbarActions"] {display: none !important;}
/* We use no st.dialog: any dialog is Streamlit's own, in English ("Connection error … Is Streamlit still
   running?"). Say in Chinese what happened and what to do instead. */
[role="dialog"] > :not(button) {display: none !important;}
[role="dialog"]::before {content: "和服务器的连接断开了。请检查网络，稍后刷新页面。刷新后这个标签页保存的回答会自动恢复（姓名、身份证号、准考证号和电话要重新填写）。";
  display: block; padding: 1.5rem 2.8rem .5rem 1.5rem; font-size: 1rem; line-height: 1.6;}
/* Once our own note on the lost connection is up (_CONNECTION_WATCH below), Streamlit's modal would only
   repeat it and block the page (the case code's copy button): hide it. */
body:has(.connection-note) [data-testid="stDialog"] {display: none !important;}
.st-key-conn-recheck {display: none !important;}
/* The sidebar button is an unlabelled » on phones: label it (ui/a11y.py gives it a Chinese name). */
[data-testid="stExpandSidebarButton"]::after {content: "菜单"; font-size: .95rem; margin-left: .15rem;}
/* The home page's way in: a large button at the top (a link styled as the primary button). */
.st-key-home-start a {background: #1565C0; border-radius: .5rem; padding: .75rem 1rem; justify-content: center;}
.st-key-home-start a:hover, .st-key-home-start a:focus-visible {background: #0d47a1;}
.st-key-home-start a * {color: #fff !important; font-size: 1.1rem !important; font-weight: 600;}
/* Download and form buttons full width, so a thumb finds them on a phone. */
[data-testid="stDownloadButton"] button, [data-testid="stFormSubmitButton"] button {width: 100%;}
/* An uploaded file's size reads "5.0B" / "1.2MB": the name is enough. */
[data-testid="stFileChipName"] + div {display: none;}
/* Tables' and pictures' hover toolbars ("Download as CSV", "Search", "Fullscreen") speak English: our pages offer
   their own downloads, and a phone has no hover to find them anyway. */
[data-testid="stElementToolbar"] {display: none !important;}
COPYABLE
A11Y</style>
"""


_FOLD_SIDEBAR_ON_PHONES = """<script>
(() => {
  const page = PAGE;  // differs per page: the snippet runs again on every page change, not on every click
  if (window.innerWidth <= 640 && document.querySelector('[data-testid="stSidebar"][data-collapsed="false"]')) {
    const fold = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (fold) fold.click();
  }
})();
</script>"""


# What a visitor whose connection dropped is told at once (Streamlit shows nothing in the page, then after some
# seconds an English dialog). DOWN while no connection for a moment; LOST once the page is back on a new server session (the backend
# was restarted or the visitor failed over to the other one), whose answers are empty.

# Watches Streamlit's connection state (an attribute of the app's root element) every 300 ms from the first page on;
# SESSION is a per-session random tag, not personal, so a page drawn by a new server session tells it apart.
_CONNECTION_WATCH = """<script>
(() => {
  const w = window, session = SESSION;
  const say = (id, text) => {
    for (const old of document.querySelectorAll('.connection-note')) old.remove();
    const box = document.createElement('div');
    box.id = id; box.className = 'connection-note'; box.setAttribute('role', 'alert');
    box.style.cssText = 'position:fixed;left:.5rem;right:.5rem;bottom:.5rem;z-index:1000100;background:#FDECEA;'
      + 'border-left:.35rem solid #C62828;color:#5F2120;padding:.7rem .9rem;border-radius:.4rem;font-size:1rem;'
      + 'line-height:1.55;box-shadow:0 2px 8px rgba(0,0,0,.25)';
    const p = document.createElement('div'); p.textContent = text; box.appendChild(p);
    const ok = document.createElement('button'); ok.type = 'button'; ok.textContent = OK;
    ok.style.cssText = 'margin-top:.4rem;min-height:40px;padding:0 1.2rem;font-size:1rem;border-radius:.4rem;'
      + 'border:1px solid #C62828;background:#fff;color:#C62828';
    ok.addEventListener('click', () => box.remove()); box.appendChild(ok);
    document.body.appendChild(box);
  };
  if (w.__connSession && w.__connSession !== session && w.__connWasDown) say('connection-lost', LOST);
  w.__connSession = session;
  if (w.__connWatch) return;
  w.__connWatch = true;
  let since = null;
  setInterval(() => {
    if (document.querySelector('[data-testid="stApp"]:not([data-test-connection-state="CONNECTED"])')) {
      since = since || Date.now();
      // A blip (a phone waking up) reconnects within a second to the same session: say nothing for that.
      if (Date.now() - since > 1000 && !document.getElementById('connection-down')) { w.__connWasDown = true; say('connection-down', DOWN); }
    } else {
      since = null;
      const down = document.getElementById('connection-down');
      if (down) {
        down.remove();
        // Back, but maybe to a new server session that has none of the answers, while the screen still shows
        // them: a rerun (our hidden button) lets the page say so now rather than empty itself at the next click.
        const recheck = document.querySelector('.st-key-conn-recheck button');
        if (recheck) recheck.click();
      }
    }
  }, 300);
})();
</script>"""


def setup(title: str, layout: str = "centered", banner: bool = True,
          keep_answers: bool = True) -> st.delta_generator.DeltaGenerator:
    """Returns the place at the top of the page where the round banner goes: a page with a date of its own
    (banner=False) draws it there itself with ui.banner.round_banner(day, rnd). A page that changes the answers
    (keep_answers=False) calls ui.keep.sync() itself at its end, so the tab keeps the answers of this run."""
    # A picture shipped with the app: a ":material/…" page icon makes every visitor's browser fetch it from
    # Google's font servers (a request to a third party, blocked by our CSP anyway).
    st.set_page_config(page_title=f"{title} · 云南自考毕业申请自查", page_icon=str(ICON), layout=layout,
                       initial_sidebar_state="auto")
    st.markdown(_CSS.replace("COPYABLE", copyable.CSS).replace("A11Y", a11y.CSS), unsafe_allow_html=True)
    a11y.install()
    state.init()
    if keep_answers:
        keep.sync()  # the answers (without name and ID number) kept in this browser tab, back after a reload
    top = st.container()
    if st.session_state.pop("keep.restored", False):
        st.info("已恢复这个浏览器标签页里保存的回答。姓名、身份证号、准考证号和电话没有保存，请重新填写。",
                icon=":material/history:")
    if banner:
        with top:
            round_banner()  # every page: the round does not cover the application date, or is a draft (issue 11)
    session_end.start()  # closed tabs' data leaves memory when their reconnect time runs out
    _warm_face_detector()
    uploads.keep_in_memory()  # uploads never spool to a temp file
    uploads.cap_sessions()  # one session holds at most 100 MB of uploads
    with st.sidebar:
        st.markdown("**云南自考毕业申请自查**")
        for path, label, icon in NAV:
            st.page_link(path, label=label, icon=icon)
        st.caption("本工具不在服务器上保存你填写的信息和照片。刷新页面时回答由这个浏览器标签页恢复（不含姓名、身份证号），"
                   "关闭标签页即清空。结果以云南省招生考试院和管理平台为准。")
        # On a phone the open sidebar covers the page just chosen from it: fold it away. The page title in the
        # snippet makes it a new element on every page, so it runs once per page change.
        run_in_page(_FOLD_SIDEBAR_ON_PHONES.replace("PAGE", js_string(title)))
        st.button(phrase("connection.recheck"), key="conn-recheck")  # hidden (CSS); clicked by _CONNECTION_WATCH
        tag = st.session_state.setdefault("conn.session_tag", secrets.token_hex(6))
        run_in_page(_CONNECTION_WATCH.replace("SESSION", js_string(tag)).replace("LOST", js_string(phrase("connection.lost")))
                    .replace("DOWN", js_string(phrase("connection.down"))).replace("OK", js_string(phrase("connection.ok"))))
    return top


_warm_lock = threading.Lock()
_warming: list = []  # one entry once this process has started loading the face detector (no visitor data)


def _warm_face_detector() -> None:
    """Load the face detector in the background as soon as the process serves its first page, so a burst of
    first photo checks finds it ready (its first use is also locked: checks.photo.face._yuface)."""
    with _warm_lock:
        if _warming:
            return
        _warming.append(True)

    def warm():
        from checks.photo import face

        face.warm_up()

    threading.Thread(target=warm, name="warm-face-detector", daemon=True).start()


def nav_link(path: str, label: str | None = None, icon: str | None = None) -> None:
    """A link to one of our pages, labelled as in the navigation unless told otherwise."""
    default_label, default_icon = next((lbl, ic) for p, lbl, ic in NAV if p == path)
    st.page_link(path, label=label or default_label, icon=icon or default_icon)


# Scroll the page (Streamlit scrolls its main container, so scrollIntoView rather than window.scrollTo) and put the
# keyboard focus there for screen readers. The nonce makes the snippet new, so it runs again after another click.
_SCROLL = """<script>
(() => {
  const target = TARGET, nonce = NONCE;
  let tries = 0;
  (function go() {
    const el = document.getElementById(target);
    if (el) { el.scrollIntoView({block: 'start'}); el.setAttribute('tabindex', '-1'); el.focus({preventScroll: true}); }
    else if (tries++ < 40) setTimeout(go, 50);
  })();
})();
</script>"""


def scroll_to(anchor: str, nonce: object = "") -> None:
    run_in_page(_SCROLL.replace("TARGET", js_string(anchor)).replace("NONCE", js_string(str(nonce))))


def error_summary(errors: dict[str, str], scroll: bool) -> None:
    """GOV.UK's error summary: one line per problem, each a link to its field; scrolled into view once right
    after the failed click (on a phone it is far above the button that was pressed)."""
    import html
    import time

    items = "".join(f'<li><a href="#{a}">{html.escape(m)}</a></li>' for a, m in errors.items())
    st.markdown(
        '<div id="error-summary" role="alert" style="border:4px solid #d4351c;padding:.8rem 1rem;margin:.5rem 0">'
        '<p style="font-weight:700;font-size:1.15rem;margin:0 0 .4rem 0">请先回答或改正下面的问题</p>'
        f'<ul style="margin:0;padding-left:1.2rem">{items}</ul></div>', unsafe_allow_html=True)
    if scroll:
        scroll_to("error-summary", nonce=time.monotonic())


def unfinished(problems: list[str]) -> None:
    """"还没回答：…" with a link to each question (its step and its place on the page); when every question
    has an answer, the typed values still to correct (`problems` from state.current_case)."""
    missing = state.unanswered()
    if not missing:
        st.markdown("**还要改正：**\n" + "\n".join(f"- {md(m)}" for m in problems))  # may quote typed text
        nav_link("pages/1_eligibility.py", label="去资格自查改正")
        return
    st.markdown("**还没回答：**")
    for step_id, path, name in missing:
        st.page_link("pages/1_eligibility.py", label=name, icon=":material/edit:",
                     query_params={"step": step_id, "q": path})


# To-dos we can help with on our own pages; everything else is done at the place the round file names.
_OUR_PAGES = (("materials.photo", "pages/3_photo.py", "去办这件事：照片检查（可以自动修正）"),
              ("materials.pledge", "pages/4_materials.py", "去办这件事：生成承诺书（可打印）"))


def todo_action(f) -> None:
    """Under every to-do: where it is done. A link when it is done here, else the official place named."""
    for prefix, page, label in _OUR_PAGES:
        if f.rule.startswith(prefix):
            st.page_link(page, label=label, icon=":material/arrow_forward:")
            return
    place = f.where if f.where and f.where.strip("—-– ") else "按上面的说明"
    st.markdown(f":material/arrow_forward: **去办这件事：** {md(place)}（不在本工具里办理）")

"""One setup() every page calls first: page config, phone-friendly CSS, navigation, session defaults."""
from __future__ import annotations

import streamlit as st
from streamlit.components.v1 import html as run_in_browser

from ui import session_end, state

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
/* Streamlit's uploader has English text and no way to change it: show Chinese in its place. The original text
   stays in the page (font-size 0) for screen readers; each uploader's help states its limit in Chinese. */
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p {font-size: 0;}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {content: "选择文件"; font-size: 1rem;}
[data-testid="stFileUploaderDropzoneInstructions"] span {font-size: 0;}
[data-testid="stFileUploaderDropzoneInstructions"] span::after {content: "或把文件拖到这里"; font-size: .85rem;}
</style>
"""


_FOLD_SIDEBAR_ON_PHONES = """<!-- TITLE --><script>
const doc = window.parent.document;
if (window.parent.innerWidth <= 640 && doc.querySelector('[data-testid="stSidebar"][data-collapsed="false"]')) {
  const fold = doc.querySelector('[data-testid="stSidebarCollapseButton"] button');
  if (fold) fold.click();
}
</script>"""


def setup(title: str, layout: str = "centered") -> None:
    st.set_page_config(page_title=f"{title} · 云南自考毕业申请自查", page_icon=":material/school:", layout=layout,
                       initial_sidebar_state="auto")
    st.markdown(_CSS, unsafe_allow_html=True)
    state.init()
    session_end.start()  # closed tabs' data leaves memory when their reconnect time runs out
    with st.sidebar:
        st.markdown("**云南自考毕业申请自查**")
        for path, label, icon in NAV:
            st.page_link(path, label=label, icon=icon)
        st.caption("本工具不保存你填写的任何信息和照片：关闭或刷新页面后即清空。结果以云南省招生考试院和管理平台为准。")
        # On a phone the open sidebar covers the page just chosen from it: fold it away. The page title in the
        # snippet makes it a new element on every page, so it runs once per page change.
        run_in_browser(_FOLD_SIDEBAR_ON_PHONES.replace("TITLE", title), height=0)


def nav_link(path: str, label: str | None = None, icon: str | None = None) -> None:
    """A link to one of our pages, labelled as in the navigation unless told otherwise."""
    default_label, default_icon = next((lbl, ic) for p, lbl, ic in NAV if p == path)
    st.page_link(path, label=label or default_label, icon=icon or default_icon)

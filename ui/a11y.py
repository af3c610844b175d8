"""What a screen reader announces and a keyboard reaches: Chinese, not Streamlit's English.

Streamlit serves every page as <html lang="en"> and writes English into labels no setting translates
("Help for …", "Link to heading", "Increment", "Upload", "Expand sidebar"), and it refuses a wrong or oversized
upload with an English line only a mouse hover shows. One script, installed once per browser tab (it stays across
page changes: Streamlit swaps pages without reloading), sets the page language and rewrites those texts in place
whenever Streamlit draws them. Refused uploads get a visible Chinese sentence saying what to do.
"""
from __future__ import annotations

from ui.browser import run_in_page

# Labels Streamlit writes (aria-label or text) → what a Chinese reader hears. "$1" is the label's own part.
_SCRIPT = r"""<script>
(() => {
  document.documentElement.lang = 'zh-CN';
  if (window.__zhA11y) return;
  window.__zhA11y = true;
  const LABELS = [
    [/^Help for (.+)$/s, '“$1”的说明'],
    [/^Expand sidebar$/, '打开菜单'], [/^Collapse sidebar$/, '收起菜单'], [/^Sidebar$/, '页面导航'],
    [/^Increment$/, '加一'], [/^Decrement$/, '减一'],
    [/^file upload$/, '选择文件'], [/^Add files$/, '再选一个文件'], [/^Remove (.+)$/s, '删除文件 $1'],
    [/^Close$/, '关闭'], [/^Clear all$/, '全部清除'], [/^Clear value$/, '清除'], [/^Open$/, '打开'],
    [/^Fullscreen$/, '全屏'], [/^Close fullscreen$/, '退出全屏'], [/^Show password text$/, '显示'],
    [/^Hide password text$/, '隐藏'], [/^Copy to clipboard$/, '复制'], [/^Download$/, '下载'], [/^progress$/i, '进度'],
  ];
  const TEXTS = [
    ['[data-testid="stSkipToContent"]', '跳到正文'],
    ['[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p', '选择文件'],
    ['[data-testid="stFileUploaderDropzoneInstructions"] span', '或把文件拖到这里'],
    ['[role="listbox"][data-empty="true"] [role="option"] span', '没有找到，请换个关键词'],
  ];
  function zh(label) {
    for (const [re, to] of LABELS) if (re.test(label)) return label.replace(re, to);
    return null;
  }
  function setText(el, value) { if (el.textContent !== value) el.textContent = value; }
  function types(input) {
    return (input && input.accept || '').split(',').filter(t => t.startsWith('.')).join('、');
  }
  // Streamlit's own refusal of a file (before it reaches our code): "Error: File must be 30.0MB or smaller." or
  // "Error: text/plain files are not allowed." in an alert only a hover shows. Say it in Chinese, visibly.
  function refusal(alert) {
    const chip = alert.closest('[data-testid="stFileUploader"]');
    const input = chip && chip.querySelector('input[type="file"]');
    const name = (alert.closest('[data-testid="stFileChip"]')?.querySelector('[data-testid="stFileChipName"]')
      ?.textContent || '').trim();
    const size = /([\d.]+)\s*MB/.exec(alert.textContent);
    if (size) {
      const mb = Math.round(parseFloat(size[1]));
      return `“${name}”太大（超过 ${mb} MB），没有上传。请点右上角的 × 删掉它，换一个不超过 ${mb} MB 的文件（照片可以先用手机相册的“编辑”缩小或截图）再选择。`;
    }
    const allowed = types(input);
    return `“${name}”这种文件这里不能用，没有上传。请点右上角的 × 删掉它，` +
      (allowed ? `改选 ${allowed} 文件。` : '改选上面写明的文件类型。');
  }
  function fix() {
    document.documentElement.lang = 'zh-CN';
    for (const el of document.querySelectorAll('[aria-label]')) {
      // An icon inside text (":material/cancel:") is named by its English icon name: the words beside it say it.
      if (/^[a-z_]+ icon$/.test(el.getAttribute('aria-label'))) { el.setAttribute('aria-hidden', 'true'); continue; }
      const to = zh(el.getAttribute('aria-label'));
      if (to !== null) el.setAttribute('aria-label', to);
    }
    for (const span of document.querySelectorAll('button span:not([aria-hidden])')) {
      if (!span.firstElementChild && /^[a-z_]+ icon$/.test(span.textContent)) span.setAttribute('aria-hidden', 'true');
    }
    for (const [sel, to] of TEXTS) for (const el of document.querySelectorAll(sel)) setText(el, to);
    // Each uploader states its own limit in Chinese ("200MB per file • JPG, PNG").
    for (const small of document.querySelectorAll('[data-testid="stFileUploaderDropzoneInstructions"] small')) {
      const m = /([\d.]+)\s*[MG]B/.exec(small.textContent);
      if (m && /per file/.test(small.textContent)) {
        const input = small.closest('[data-testid="stFileUploader"]')?.querySelector('input[type="file"]');
        const allowed = types(input);
        setText(small, `每个文件不超过 ${Math.round(parseFloat(m[1]))} MB` + (allowed ? `，${allowed}` : ''));
      }
    }
    for (const alert of document.querySelectorAll('[data-testid="stFileChip"] ~ [role="alert"], [data-testid="stFileUploader"] [role="alert"]')) {
      if (/^Error:|not allowed|or smaller/.test(alert.textContent)) setText(alert, refusal(alert));
      alert.classList.add('zh-refusal');
    }
    // A folded sidebar (phones) is off screen: its links must not take the first Tabs, nor be read.
    for (const side of document.querySelectorAll('[data-testid="stSidebar"]')) {
      side.inert = side.getAttribute('data-collapsed') === 'true';
    }
    // Decoration a screen reader need not announce: the link icon beside each heading.
    for (const a of document.querySelectorAll('[data-testid="stHeaderActionElements"] a')) {
      a.setAttribute('aria-hidden', 'true');
      a.setAttribute('tabindex', '-1');
    }
    // A picture with a caption is described by it (the QR code, the pledge preview, the photos).
    for (const fig of document.querySelectorAll('[data-testid="stImage"]')) {
      const img = fig.querySelector('img'), cap = fig.querySelector('[data-testid="stImageCaption"]');
      if (img && cap && !img.dataset.zhAlt && (!img.alt || /^\d+$/.test(img.alt))) {
        img.alt = cap.textContent.trim();
        img.dataset.zhAlt = '1';
      }
    }
  }
  let queued = false;
  new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => { queued = false; fix(); });
  }).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true,
                             attributeFilter: ['aria-label', 'data-collapsed']});
  fix();
})();
</script>"""

CSS = """
/* A refused upload's reason, visible on a phone (Streamlit shows it only on hover). */
[data-testid="stFileUploader"] [role="alert"].zh-refusal {position: static !important; display: block !important;
  width: auto !important; height: auto !important; clip: auto !important; overflow: visible !important;
  white-space: normal !important; color: #a4261b; font-size: .95rem; line-height: 1.5; margin: .3rem 0 0 0;}
[data-testid="stFileChip"] {flex-wrap: wrap;}
/* Captions in Streamlit's grey fail WCAG AA contrast (4.5:1) on white and in the sidebar: a darker grey. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] *, [data-testid="stImageCaption"],
[data-testid="stFileUploaderDropzoneInstructions"] small {color: #4f5359 !important; opacity: 1 !important;}
"""


def install() -> None:
    """The page language and the Chinese labels, from the first script run of every page."""
    run_in_page(_SCRIPT)

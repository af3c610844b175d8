"""The batch page renders, refuses an unusable roster in Chinese, and shows a class's results."""
from streamlit.testing.v1 import AppTest

from tests.test_roster import csv_bytes, row


def page() -> AppTest:
    # Opened through app.py, as the other page tests do: the shared navigation links need the entry point.
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    at.switch_page("pages/6_batch.py").run()
    return at


def test_page_renders_without_exception():
    at = page()
    assert not at.exception
    assert at.title[0].value == "培训机构：整班检查"


def test_unusable_roster_gives_a_chinese_message():
    at = page()
    at.file_uploader[0].set_value(("名单.csv", b"\x00\x01junk", "text/csv")).run()
    at.button[0].click().run()
    assert not at.exception
    assert "不是文本表格" in at.error[0].value


def test_class_results_and_bad_rows_are_shown():
    at = page()
    data = csv_bytes([row(), row(准考证号="010120100002", 层次="高中")], "gbk")
    at.file_uploader[0].set_value(("名单.csv", data, "text/csv")).run()
    at.button[0].click().run()
    assert not at.exception
    result = at.session_state["batch.result"]
    assert [s.row for s in result.students] == [2, 3]
    assert at.session_state["batch.row_errors"][0].row == 3
    assert at.session_state["batch.files"]["summary.csv"].startswith(b"\xef\xbb\xbf")
    assert any("名单里有 1 处要改正" in w.value for w in at.warning)

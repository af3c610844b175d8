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


def roster_only(at: AppTest) -> AppTest:
    """Tick "roster only": without it the page refuses to start without a photo ZIP."""
    return at.checkbox(key="batch.no_photos").check()


def test_unusable_roster_gives_a_chinese_message():
    at = page()
    roster_only(at)
    at.file_uploader[0].set_value(("名单.csv", b"\x00\x01junk", "text/csv")).run()
    at.button[0].click().run()
    assert not at.exception
    assert "不是文本表格" in at.error[0].value


def test_class_results_and_bad_rows_are_shown():
    at = page()
    data = csv_bytes([row(), row(准考证号="010120100002", 层次="高中")], "gbk")
    roster_only(at)
    at.file_uploader[0].set_value(("名单.csv", data, "text/csv")).run()
    at.button[0].click().run()
    assert not at.exception
    result = at.session_state["batch.result"]
    assert [s.row for s in result.students] == [2, 3]
    assert at.session_state["batch.row_errors"][0].row == 3
    assert at.session_state["batch.files"]["summary.csv"].startswith(b"\xef\xbb\xbf")
    assert any("名单里有 1 处要改正" in w.value for w in at.warning)


def test_upload_limit_is_the_servers_and_is_stated_in_chinese():
    from streamlit import config

    at = page()
    limit = config.get_option("server.maxUploadSize")
    uploader = at.file_uploader(key="batch.photos_upload")
    assert f"不超过 {limit} MB" in uploader.help
    assert any(f"不能超过 {limit} MB" in c.value for c in at.caption)


def test_no_run_without_the_photo_zip_unless_the_tutor_says_so():
    # e.g. the ZIP was refused as too big: the uploader is empty, the tutor clicks 开始检查 anyway
    at = page()
    at.file_uploader[0].set_value(("名单.csv", csv_bytes([row()], "gbk"), "text/csv")).run()
    at.button[0].click().run()
    assert not at.exception
    assert "batch.result" not in at.session_state
    assert "还没有收到照片压缩包" in at.error[0].value


def test_a_run_interrupted_in_this_session_says_results_were_not_kept():
    at = page()
    at.session_state["batch.running"] = True  # what an interrupted run leaves behind
    at.run()
    assert "被打断了" in at.error[0].value and "结果没有保存" in at.error[0].value


def test_a_session_lost_mid_run_says_what_was_lost():
    # the address bar still carries the marker; the new session has nothing
    at = AppTest.from_file("../app.py", default_timeout=60)
    at.query_params["batch_run"] = "1"
    at.run()
    at.switch_page("pages/6_batch.py").run()
    assert any("中断了" in e.value and "请重新上传" in e.value for e in at.error)
    assert "batch_run" not in at.query_params


def test_xlsx_with_broken_sheet_xml_gives_a_chinese_message():
    from tests.test_roster import broken_sheet_xlsx

    at = page()
    roster_only(at)
    at.file_uploader[0].set_value(("名单.xlsx", broken_sheet_xlsx(),
                                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")).run()
    at.button[0].click().run()
    assert not at.exception
    assert "表格内容已损坏" in at.error[0].value

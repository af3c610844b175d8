"""A class end to end: the run, its outputs' contents, and the command line's files and exit codes."""
import csv
import datetime as dt
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

from checks import batch, batch_export
from checks.batch import run_batch
from checks.photo_archive import PhotoArchive
from tests.photo_fixtures import check_photo
from checks.roster import read_roster
from tests import photo_fixtures as pf
from tests.test_batch_zip import make_zip
from tests.test_roster import csv_bytes, row

ROOT = Path(__file__).resolve().parents[1]
DONE = dict(承诺书已签字="是")  # everything else in GOOD is already fine for 专科


@pytest.fixture(scope="module")
def photos() -> dict:
    return {
        "compliant": pf.compliant_bytes(),
        "fixable": pf.jpeg(pf.phone_photo(1.0), 90),  # 866×1155 phone photo: crop and re-encode
        "unfixable": pf.jpeg(pf.composite(scale=0.5)),  # face too small: fixing would mean upscaling
        "broken": b"\xff\xd8\xff this is not really a JPEG",
    }


@pytest.fixture(scope="module")
def class_run(photos):
    roster = read_roster(csv_bytes([
        row(准考证号="010120100001", **DONE),
        row(准考证号="010120100002", 姓名="王五", **DONE),
        row(准考证号="010120100003", **DONE),
        row(准考证号="010120100004"),  # photo broken, pledge not signed
        row(准考证号="010120100005", 全部课程已合格="否"),  # blocker: no pledge to sign yet
        row(准考证号="010120100006", 身份证号="110105194912310021"),  # row error
    ], "gb18030"), "2024-H1", dt.date(2024, 6, 5))
    archive = PhotoArchive(make_zip({
        "一班/010120100001.jpg": photos["compliant"], "010120100002.jpg": photos["fixable"],
        "010120100003.jpg": photos["unfixable"], "010120100004.jpg": photos["broken"],
    }))
    outputs = batch_export.Outputs.in_memory()
    seen = []
    result = run_batch(roster, archive, outputs, lambda done, total: seen.append((done, total)))
    outputs.close()
    return result, outputs, seen


def test_every_student_gets_one_row_in_roster_order(class_run):
    result, _, seen = class_run
    assert [s.row for s in result.students] == [2, 3, 4, 5, 6, 7]
    assert seen[0] == (0, 6) and seen[-1] == (6, 6) and len(seen) == 7
    s1, s2, s3, s4, s5, s6 = result.students
    assert (s1.ready, s1.photo, s1.fixable) == (True, "合格", None)
    assert s2.ready is True and s2.fixable is True and s2.photo.startswith("不合格，已自动修正")
    assert s3.ready is False and s3.fixable is False and s3.todos == ["免冠彩色电子照片（480×640，浅蓝底）"]
    assert s4.photo == "照片打不开" and "签字的《毕业办证申请暨思想品德合格承诺书》" in s4.todos
    assert s5.blockers == ["还有课程没有合格"]
    assert s6.ready is None and s6.errors[0].startswith("“身份证号”：身份证号最后一位校验码不对")
    assert not result.all_ready


def test_photos_zip_holds_compliant_photos_named_by_admission_number(class_run):
    _, outputs, _ = class_run
    photos_zip = zipfile.ZipFile(io.BytesIO(outputs.getvalues()[0]))
    assert sorted(photos_zip.namelist()) == ["010120100001.jpg", "010120100002.jpg"]
    for name in photos_zip.namelist():
        assert check_photo(photos_zip.read(name), name).passed


def test_summary_xlsx_and_csv(class_run):
    result, _, _ = class_run
    ws = openpyxl.load_workbook(io.BytesIO(batch_export.summary_xlsx(result))).active
    assert [c.value for c in ws[1]] == list(batch_export.SUMMARY_HEADERS)
    assert [c.value for c in ws[2]][:4] == [2, "李四", "010120100001", "是"]
    assert ws["D6"].value == "否" and "还有课程没有合格" in ws["E6"].value
    assert ws["D7"].value == "名单有误" and "校验码" in ws["I7"].value
    data = batch_export.summary_csv(result)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(batch_export.SUMMARY_HEADERS) and len(rows) == 7
    assert rows[2][:3] == ["3", "王五", "010120100002"]


def test_errors_text_lists_rows_and_missing_photos(class_run):
    result, _, _ = class_run
    text = batch_export.errors_text(result)
    assert "第7行 “身份证号”" in text and "第6行（李四）：压缩包里没有这位考生的照片" in text


def test_memory_stays_bounded_by_in_flight_tasks(monkeypatch):
    """Photos are read from the ZIP only as workers free up, never all at once."""
    reads, peak = [], [0]
    real_read = PhotoArchive.read

    def counting_read(self, info):
        reads.append(info.filename)
        return real_read(self, info)

    monkeypatch.setattr(PhotoArchive, "read", counting_read)
    roster = read_roster(csv_bytes([row(准考证号=f"0101201{i:05d}") for i in range(12)]), "2024-H1", dt.date(2024, 6, 5))
    archive = PhotoArchive(make_zip({f"0101201{i:05d}.jpg": b"x" for i in range(12)}))

    def progress(done, total):
        peak[0] = max(peak[0], len(reads) - done)

    run_batch(roster, archive, None, progress)
    assert len(reads) == 12 and peak[0] <= batch.IN_FLIGHT


# --- the command line -------------------------------------------------------------------------------------
def cli(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "checks", "batch", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_cli_writes_every_file_and_exits_1_when_someone_is_not_ready(tmp_path, photos):
    roster = tmp_path / "名单.csv"
    roster.write_bytes(csv_bytes([row(**DONE), row(准考证号="010120100002")], "gbk"))
    zip_path = tmp_path / "照片.zip"
    zip_path.write_bytes(make_zip({"010120100001.jpg": photos["fixable"]}).getvalue())
    out = tmp_path / "结果"
    proc = cli(roster, "--photos", zip_path, "-o", out, "--date", "2024年6月5日")
    assert proc.returncode == 1, proc.stderr
    assert "共 2 人：可以申请 1 人，还不能申请 1 人" in proc.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "checklists.zip", "errors.txt", "photos.zip", "pledges.zip", "summary.csv", "summary.xlsx"]
    assert zipfile.ZipFile(out / "photos.zip").namelist() == ["010120100001.jpg"]
    assert zipfile.ZipFile(out / "pledges.zip").namelist() == ["010120100002_李四_承诺书.pdf"]
    assert "第3行（李四）：压缩包里没有这位考生的照片" in (out / "errors.txt").read_text(encoding="utf-8")


def test_cli_exits_0_when_the_whole_class_is_ready(tmp_path, photos):
    roster = tmp_path / "r.csv"
    roster.write_bytes(csv_bytes([row(**DONE)]))
    zip_path = tmp_path / "p.zip"
    zip_path.write_bytes(make_zip({"010120100001.jpg": photos["compliant"]}).getvalue())
    # A date inside 2024-H1's period: with today's date the round blocker (issue 11) rightly says "not ready".
    proc = cli(roster, "--photos", zip_path, "-o", tmp_path / "out", "--date", "2024-06-05")
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("case", ["bad roster", "bad zip", "bad round", "bad date", "missing file"])
def test_cli_exits_2_for_unusable_input(tmp_path, case):
    roster = tmp_path / "r.csv"
    roster.write_bytes(b"\x00junk" if case == "bad roster" else csv_bytes([row()]))
    args = [roster, "-o", tmp_path / "out"]
    if case == "bad zip":
        (tmp_path / "p.zip").write_bytes(b"not a zip")
        args += ["--photos", tmp_path / "p.zip"]
    args += {"bad round": ["--round", "1999-H1"], "bad date": ["--date", "明天"],
             "missing file": ["--photos", tmp_path / "nope.zip"]}.get(case, [])
    proc = cli(*args)
    assert proc.returncode == 2 and proc.stderr.strip() and "Traceback" not in proc.stderr


def test_pledges_for_students_who_can_sign_now_and_a_checklist_for_every_valid_row(class_run):
    _, outputs, _ = class_run
    _, pledges, checklists = (zipfile.ZipFile(io.BytesIO(b)) for b in outputs.getvalues())
    # 1–3 signed already, 5 has a blocker, 6 has a row error: only 4 signs now.
    assert pledges.namelist() == ["010120100004_李四_承诺书.pdf"]
    assert pledges.read(pledges.namelist()[0]).startswith(b"%PDF")
    assert sorted(checklists.namelist()) == [f"01012010000{i}_{'王五' if i == 2 else '李四'}_材料清单.txt"
                                             for i in range(1, 6)]
    text = checklists.read("010120100005_李四_材料清单.txt").decode("utf-8")
    assert text.startswith("\ufeff") and "\r\n" in text


def test_both_workers_start_up_front_while_main_is_hidden():
    """Workers started later would re-run the Streamlit app script (the parent's __main__) on start."""
    with batch._pool() as pool:
        assert len(pool._processes) == batch.WORKERS


def test_cli_for_a_date_after_every_round_names_the_projection(tmp_path):
    # Issue 20: a class applying in 2026-H2 is checked against the projected round, named as such, and nobody is
    # reported as refused because of the date.
    roster = tmp_path / "r.csv"
    roster.write_bytes(csv_bytes([row(**DONE)]))
    out = tmp_path / "out"
    proc = cli(roster, "-o", out, "--date", "2026-12-03")
    assert proc.returncode == 1, proc.stdout + proc.stderr  # something to do: compare with the new notice
    assert "批次：2026年下半年（预估，按2024年上半年通知推算）（2026-H2）" in proc.stdout
    assert "会被退回" not in proc.stdout and "预估：还没有2026年下半年的通知" in proc.stdout
    summary = (out / "summary.csv").read_text(encoding="utf-8-sig")
    assert "预估" in summary

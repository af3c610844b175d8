"""`python -m checks batch ROSTER [--photos PHOTOS.zip] -o OUTDIR [--round R] [--date D]`.

Writes summary.xlsx, summary.csv, photos.zip, pledges.zip, checklists.zip and errors.txt into OUTDIR.
Exit status: 0 every student is ready to apply; 1 at least one is not (or has a row error); 2 unusable input.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from checks import batch_export
from checks.batch import NO_PHOTO, check_class
from checks.cli import fail, open_input, read_input
from checks.photo_archive import PhotoArchiveError
from checks.roster import RosterError, read_roster
from checks.rounds import RoundError, load_round, round_for_date
from checks.wording import parse_date


def configure(parser):
    parser.add_argument("roster", metavar="ROSTER", help="名单文件（.xlsx 或 .csv，按模板填写）")
    parser.add_argument("--photos", metavar="PHOTOS.zip", help="照片压缩包（照片按准考证号或身份证号命名）")
    parser.add_argument("-o", "--out", metavar="OUTDIR", required=True, help="结果写到这个文件夹")
    parser.add_argument("--round", help="批次，如 2024-H1（默认：申请日期所在的批次；没有收录的半年用预估批次，如 2026-H2）")
    parser.add_argument("--date", help="申请日期，如 2024-06-05（默认今天）")


def run(args) -> int:
    try:
        application_date = parse_date(args.date) if args.date else dt.date.today()
    except ValueError as exc:
        fail(f"申请日期 --date 有误：{exc}")
    try:
        rnd = load_round(args.round) if args.round else round_for_date(application_date)
    except RoundError as exc:
        fail(f"批次 --round 有误：{exc}")
    round_id = rnd.id
    try:
        roster = read_roster(read_input(args.roster), round_id, application_date)
    except RosterError as exc:
        fail(f"名单 {args.roster} 用不了：", *exc.messages)
    if args.photos:
        photo_file = open_input(args.photos, max_bytes=None)  # streamed member by member (checks/photo_archive.py)
    else:
        photo_file = None
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
        outputs = batch_export.Outputs.in_directory(out)
    except OSError as exc:
        fail(f"不能写入文件夹 {out}：{exc.strerror}")

    def progress(done: int, total: int) -> None:
        if sys.stderr.isatty():
            print(f"\r已检查 {done}/{total} 人", end="" if done < total else "\n", file=sys.stderr, flush=True)

    try:
        result = check_class(roster, photo_file, outputs, progress)
    except PhotoArchiveError as exc:
        fail(f"照片压缩包 {args.photos} 用不了：{exc}")
    finally:
        if photo_file is not None:
            photo_file.close()
    for name, data in batch_export.summary_files(result).items():
        (out / name).write_bytes(data)
    print(f"批次：{rnd.title}（{rnd.id}）")  # a projection says "预估" in its title
    print(summary_text(result, outputs.counts, out, rnd.verdict))
    return 0 if result.all_ready else 1


def summary_text(result, counts: dict, out: Path, words: dict) -> str:
    """The class in a few lines; a student's problems are marked with the verdict's own words (round file)."""
    students = result.students
    ready = sum(1 for s in students if s.ready)
    invalid = sum(1 for s in students if s.ready is None)
    lines = [f"共 {len(students)} 人：可以申请 {ready} 人，还不能申请 {len(students) - ready - invalid} 人，"
             f"名单有误 {invalid} 人。",
             f"照片：合格或已自动修正 {sum(1 for s in students if s.photo_passed)} 人，"
             f"没有照片 {sum(1 for s in students if s.photo == NO_PHOTO)} 人。"]
    for s in students:
        if not s.needs_attention:
            continue
        parts = []
        if s.errors:
            parts.append("名单有误：" + "；".join(s.errors))
        if s.blockers:
            parts.append(f"{words['blocker_mark']}：" + "；".join(s.blockers))
        if s.todos:
            parts.append(f"{words['todo_mark']}：" + "；".join(s.todos))
        lines.append(f"- 第{s.row}行 {s.name} {s.admission_number}：" + " | ".join(parts))
    lines.append(f"结果已写到 {out}：summary.xlsx、summary.csv（汇总），photos.zip（{counts['photos']} 张合格照片），"
                 f"pledges.zip（{counts['pledges']} 份承诺书），checklists.zip（{counts['checklists']} 份材料清单），errors.txt。")
    return "\n".join(lines)

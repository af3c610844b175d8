"""Check a whole class: every student's eligibility and photo, with the fixed photos and pre-filled forms.

Memory stays flat whatever the class size: the photo ZIP is indexed (names only) and each member is read into
memory just before its student is handed to a worker; at most `IN_FLIGHT` students are in the pool at once,
and each finished student's files go straight into the output ZIPs (`checks.batch_export.Outputs`).
Nothing is extracted to disk.
"""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import posixpath
import sys
import time
import types
import zipfile
from dataclasses import dataclass, field
from typing import IO, Callable

from checks import safezip
from checks.models import Case
from checks.roster import Roster, Student
from checks.rules import evaluate
from checks.report import verdict_text

WORKERS = 2  # the machines we run on have 2 cores
IN_FLIGHT = 2 * WORKERS  # enough to keep both workers busy while the parent reads the next photo

# Photo ZIP limits. A class is at most a few hundred students; phone photos are under 20 MB; JPEG barely
# compresses, so a member that claims to inflate more than MAX_RATIO times is a zip bomb.
MAX_MEMBERS = 5000
MAX_PHOTO_BYTES = 25 * 1024 * 1024
MAX_RATIO = 20
PHOTO_EXTENSIONS = (".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".bmp", ".tif", ".tiff")
JUNK_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
UTF8_FLAG = 0x800
NO_PHOTO = "压缩包里没有这位考生的照片"
NO_ARCHIVE = "未检查（没有上传照片压缩包）"


class PhotoArchiveError(ValueError):
    """The photo ZIP as a whole cannot be used; the message says what to do, in Chinese."""


def member_name(info: zipfile.ZipInfo) -> str:
    """The name as its author saw it. Without the UTF-8 flag zipfile decodes as cp437; Chinese Windows wrote GBK
    and macOS wrote UTF-8 (without setting the flag), so undo cp437 and try those."""
    if info.flag_bits & UTF8_FLAG:
        return info.filename
    raw = info.filename.encode("cp437")
    for encoding in ("utf-8", "gbk"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return info.filename


def _too_many(members: int | None) -> str:
    found = f"有 {members} 个文件" if members else "的文件目录大得异常"
    return f"照片压缩包里{found}，超过 {MAX_MEMBERS} 个。请只放本班考生的照片，或分成几个压缩包分批检查。"


def _key(text: str) -> str:
    return text.strip().upper()


class PhotoArchive:
    """An index of the photos in a ZIP, by file stem; members are read one at a time, in memory, on demand."""

    def __init__(self, fileobj: IO[bytes]):
        try:
            # counted from the end record first: zipfile would parse millions of entries before we could refuse
            safezip.check_members(fileobj, MAX_MEMBERS)
            self._zip = zipfile.ZipFile(fileobj)
            infos = self._zip.infolist()
        except safezip.ZipLimitError as exc:
            raise PhotoArchiveError(_too_many(exc.members)) from None
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise PhotoArchiveError("照片压缩包打不开：请上传 .zip 格式的压缩包（在电脑上选中照片，右键“压缩”或“发送到→压缩文件夹”）。") from None
        if len(infos) > MAX_MEMBERS:  # the end record understated the count
            self._zip.close()
            raise PhotoArchiveError(_too_many(len(infos)))
        self.notes: list[str] = []  # members skipped, and why (Chinese)
        self._by_key: dict[str, zipfile.ZipInfo] = {}
        self._names: dict[int, str] = {}
        self._used: set[int] = set()
        for info in infos:
            self._add(info)

    def _add(self, info: zipfile.ZipInfo) -> None:
        name = member_name(info).replace("\\", "/")
        parts = [p for p in name.split("/") if p not in ("", ".")]
        base = parts[-1] if parts else ""
        if info.is_dir() or not parts or "__MACOSX" in parts or base.startswith("._") or base.lower() in JUNK_NAMES:
            return  # folders and the junk that macOS and Windows add: not worth mentioning
        if name.startswith("/") or ".." in parts or ":" in parts[0]:
            self.notes.append(f"“{name}”的路径不安全（指向压缩包外），已跳过。")
            return
        stem, ext = posixpath.splitext(base)
        if ext.lower() not in PHOTO_EXTENSIONS:
            self.notes.append(f"“{name}”不是照片文件（只认 .jpg/.jpeg/.png/.heic 等），已跳过。")
            return
        if info.flag_bits & 0x1:
            self.notes.append(f"“{name}”设置了密码，读不了，已跳过。请压缩时不要加密码。")
            return
        if info.file_size > MAX_PHOTO_BYTES:
            self.notes.append(f"“{name}”超过 {MAX_PHOTO_BYTES // 1024 // 1024}MB，不像一张证件照，已跳过。")
            return
        if info.file_size > MAX_RATIO * max(info.compress_size, 1) and info.file_size > 1024 * 1024:
            self.notes.append(f"“{name}”压缩比异常（可能是恶意构造的文件），已跳过。")
            return
        key = _key(stem)
        if key in self._by_key:
            self.notes.append(f"“{name}”与“{self._names[id(self._by_key[key])]}”重名，只用了后者。")
            return
        self._by_key[key] = info
        self._names[id(info)] = name

    def find(self, student: Student) -> zipfile.ZipInfo | None:
        """The 照片文件名 column first (with or without extension), then 准考证号, then 身份证号."""
        candidates = []
        if student.photo_name:
            candidates.append(posixpath.splitext(student.photo_name.replace("\\", "/").split("/")[-1])[0])
            candidates.append(student.photo_name)
        candidates += [student.admission_number, student.id_number]
        for candidate in candidates:
            info = self._by_key.get(_key(candidate)) if candidate else None
            if info is not None:
                self._used.add(id(info))
                return info
        return None

    def name(self, info: zipfile.ZipInfo) -> str:
        return self._names[id(info)]

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """One member's bytes, never more than MAX_PHOTO_BYTES whatever its header claims."""
        with self._zip.open(info) as fh:
            data = fh.read(MAX_PHOTO_BYTES + 1)
        if len(data) > MAX_PHOTO_BYTES:
            raise ValueError("文件解压后过大")
        return data

    def unmatched(self) -> list[str]:
        return [self._names[id(i)] for i in self._by_key.values() if id(i) not in self._used]

    def close(self) -> None:
        self._zip.close()


# --- one student, in a worker process ---------------------------------------------------------------------
@dataclass
class Task:
    index: int
    round_id: str
    case: Case | None
    photo: bytes | None = None
    photo_name: str = ""
    photo_error: str = ""  # the member could not be read from the ZIP
    no_photo: str = NO_PHOTO  # what the table says when there is no photo to check


@dataclass
class Outcome:
    index: int
    photo: str  # plain-language photo verdict for the table
    photo_passed: bool = False
    fixable: bool | None = None  # None: nothing to fix, or no photo
    photo_problems: list[str] = field(default_factory=list)
    photo_file: bytes | None = None  # the compliant JPEG to hand out (original or fixed)
    ready: bool | None = None
    blockers: list[str] = field(default_factory=list)
    todos: list[str] = field(default_factory=list)
    report: str = ""
    pledge_pdf: bytes | None = None
    pledge_notes: list[str] = field(default_factory=list)  # e.g. characters the font cannot print
    checklist: str | None = None


def process(task: Task) -> Outcome:
    """Photo check and fix, then the rules with the photo's result, then the forms. Runs in a worker."""
    out = Outcome(index=task.index, photo=task.no_photo)
    if task.photo_error:
        out.photo = f"照片读不出来：{task.photo_error}"
    elif task.photo is not None:
        try:
            _photo_step(task, out)
        except Exception:  # one odd file must not stop the class; the photo page shows the details
            out.photo = "照片检查出错：请用本工具的“照片检查”单独检查这张照片"
    if task.case is None:
        return out
    case = task.case.model_copy(update={"materials": task.case.materials.model_copy(
        update={"photo_passed": task.case.materials.photo_passed or out.photo_passed})})
    verdict = evaluate(case)
    out.ready = verdict.ready
    out.blockers = [f.title for f in verdict.by_status("blocker")]
    out.todos = [f.title for f in verdict.by_status("todo")]
    out.report = verdict_text(verdict)
    _documents_step(case, verdict, out)
    return out


def _photo_step(task: Task, out: Outcome) -> None:
    """The photo module's check, then its safe fix when the photo fails; the compliant file goes to the ZIP."""
    from checks.photo import analyze, fix_photo
    from checks.rounds import load_round

    analysis = analyze(task.photo, task.photo_name, load_round(task.round_id).photo)
    report = analysis.report
    if report.passed:
        out.photo, out.photo_passed, out.photo_file = "合格", True, task.photo
        return
    if report.get("file.readable").status == "fail":
        out.photo, out.fixable = "照片打不开", False
        out.photo_problems = [report.get("file.readable").message]
        return
    out.photo_problems = [f"{c.title}：{c.message}" for c in report.failures()]
    fix = fix_photo(task.photo, task.photo_name, before=analysis)
    out.fixable = fix.ok
    if fix.ok:
        out.photo, out.photo_passed, out.photo_file = "不合格，已自动修正（合格照片在压缩包里）", True, fix.data
    else:
        out.photo = "不合格，不能自动修正"
        out.photo_problems.append(fix.reason)


def _documents_step(case: Case, verdict, out: Outcome) -> None:
    """A checklist for every student; a pledge for each one who can sign now (nothing blocks, not yet signed)."""
    from checks.checklist import build_checklist, checklist_text
    from checks.pledge import build_pledge
    from checks.rounds import load_round

    rnd = load_round(case.round)
    out.checklist = checklist_text(build_checklist(case, verdict, rnd))
    if not out.blockers and not case.materials.pledge_signed:
        pledge = build_pledge(case, rnd)  # 姓名 and 身份证号 are required roster columns
        out.pledge_pdf = pledge.pdf
        out.pledge_notes = pledge.warnings


# --- the run -------------------------------------------------------------------------------------------------
@dataclass
class StudentResult:
    row: int
    name: str
    admission_number: str
    ready: bool | None  # None: the row has errors, not checked
    blockers: list[str]
    todos: list[str]
    photo: str
    photo_passed: bool
    fixable: bool | None
    photo_problems: list[str]
    errors: list[str]
    report: str
    pledge_notes: list[str]

    @property
    def needs_attention(self) -> bool:
        # a photo that has not passed is a to-do of the rules, so `ready` already covers it
        return self.ready is not True


@dataclass
class BatchResult:
    students: list[StudentResult]
    notes: list[str]  # about the photo ZIP: skipped members, photos nobody claimed

    @property
    def all_ready(self) -> bool:
        return all(s.ready for s in self.students)


Progress = Callable[[int, int], None]


def _warm_up() -> None:
    time.sleep(0.2)  # keeps each worker busy while the next submit starts another one


def _pool() -> cf.ProcessPoolExecutor:
    """Two warm workers, started with the parent's __main__ hidden.

    A non-fork worker re-runs the parent's __main__ file before its first task (multiprocessing's "prepare");
    under Streamlit that is the app script, which must not run in a worker. So the workers are started here,
    at once, while __main__ is a blank module. forkserver, not fork: the Streamlit server is multi-threaded,
    and forking it can deadlock a child. Preloading this module makes each worker a cheap fork of a warm one.
    """
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["checks.batch"])
    pool = cf.ProcessPoolExecutor(max_workers=WORKERS, mp_context=ctx)
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        # a worker is started per submit while none is idle; each warm-up keeps its worker busy
        warm = [pool.submit(_warm_up) for _ in range(WORKERS)]
    finally:
        sys.modules["__main__"] = main
    cf.wait(warm)
    return pool


def run_batch(roster: Roster, photos: PhotoArchive | None, outputs=None,
              progress: Progress | None = None) -> BatchResult:
    """Check every student; finished students' files go to `outputs` (a batch_export.Outputs) as they arrive."""
    students = roster.students
    total = len(students)
    outcomes: dict[int, Outcome] = {}
    if progress:
        progress(0, total)

    def tasks():
        for index, student in enumerate(students):
            task = Task(index=index, round_id=roster.round_id, case=student.case, no_photo=NO_PHOTO if photos is not None else NO_ARCHIVE)
            info = photos.find(student) if photos is not None else None
            if info is not None:
                task.photo_name = photos.name(info)
                try:
                    task.photo = photos.read(info)
                except Exception:  # bad CRC, unsupported compression, truncated archive …
                    task.photo_error = f"压缩包里的“{task.photo_name}”损坏或压缩方式不支持，请重新压缩"
            yield task

    def finish(outcome: Outcome) -> None:
        if outputs is not None:
            outputs.add(students[outcome.index], outcome)
        outcome.photo_file = outcome.pledge_pdf = outcome.checklist = None  # written out: drop the bytes
        outcomes[outcome.index] = outcome
        if progress:
            progress(len(outcomes), total)

    with _pool() as pool:
        pending: set[cf.Future] = set()
        for task in tasks():
            pending.add(pool.submit(process, task))
            del task
            if len(pending) >= IN_FLIGHT:
                done, pending = cf.wait(pending, return_when=cf.FIRST_COMPLETED)
                for future in done:
                    finish(future.result())
        for future in cf.as_completed(pending):
            finish(future.result())

    notes = list(photos.notes) if photos is not None else []
    if photos is not None:
        unmatched = photos.unmatched()
        if unmatched:
            notes.append(f"压缩包里有 {len(unmatched)} 张照片没有对应名单里的考生（按准考证号、身份证号或“照片文件名”列对应）："
                         + "、".join(unmatched[:20]) + ("……" if len(unmatched) > 20 else ""))
    return BatchResult([_result(s, outcomes[i]) for i, s in enumerate(students)], notes)


def _result(student: Student, outcome: Outcome) -> StudentResult:
    return StudentResult(
        row=student.row, name=student.name, admission_number=student.admission_number,
        ready=outcome.ready, blockers=outcome.blockers, todos=outcome.todos,
        photo=outcome.photo, photo_passed=outcome.photo_passed, fixable=outcome.fixable, photo_problems=outcome.photo_problems,
        errors=[f"“{e.column}”：{e.message}" for e in student.errors], report=outcome.report,
        pledge_notes=outcome.pledge_notes,
    )

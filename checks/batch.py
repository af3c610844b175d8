"""Check a whole class: every student's eligibility and photo, with the fixed photos and pre-filled forms.

Memory stays flat whatever the class size: the photo ZIP is indexed (names only) and each member is read into
memory just before its student is handed to a worker; at most `IN_FLIGHT` students are in the pool at once,
and each finished student's files go straight into the output ZIPs (`checks.batch_export.Outputs`).
Nothing is extracted to disk.
"""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import signal
import sys
import threading
import time
import types
from dataclasses import dataclass, field
from typing import IO, Callable

from checks.models import Case
from checks.photo_archive import PhotoArchive
from checks.roster import Roster, Student
from checks.rules import evaluate
from checks.report import verdict_text

WORKERS = 2  # the machines we run on have 2 cores
IN_FLIGHT = 2 * WORKERS  # enough to keep both workers busy while the parent reads the next photo

NO_PHOTO = "压缩包里没有这位考生的照片"
NO_ARCHIVE = "未检查（没有上传照片压缩包）"


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
    out.report = verdict_text(verdict, show_rule=False)  # for tutors: clauses, not rule ids
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
        out.photo = report.headline(fix)  # "需要重拍：<first reason>", the photo page's own headline
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


PR_SET_PDEATHSIG = 1  # linux/prctl.h
PARENT_CHECK_SECONDS = 0.5


def _die_with(app_pid: int) -> None:
    """Worker initializer: a worker must not outlive the app or command that started it (it holds names, ID
    numbers and photos, and ~200 MB). With forkserver a worker's parent is the fork server, which exits when the
    app dies; PR_SET_PDEATHSIG turns that exit into SIGKILL for the worker at once (Linux). A watch thread
    covers the rest (other systems, or the fork server surviving): it exits when the app is gone."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass
    server = os.getppid()
    threading.Thread(target=_watch_parent, args=(app_pid, server), name="watch-parent", daemon=True).start()


def _watch_parent(app_pid: int, server_pid: int) -> None:
    while _alive(app_pid) and os.getppid() == server_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)  # no cleanup to wait for: results go back to the parent, which is gone


def _alive(pid: int) -> bool:
    """Running (not a zombie waiting to be reaped)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            return fh.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


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
    pool = cf.ProcessPoolExecutor(max_workers=WORKERS, mp_context=ctx, initializer=_die_with,
                                  initargs=(os.getpid(),))
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        # a worker is started per submit while none is idle; each warm-up keeps its worker busy
        warm = [pool.submit(_warm_up) for _ in range(WORKERS)]
    finally:
        sys.modules["__main__"] = main
    cf.wait(warm)
    return pool


def check_class(roster: Roster, photo_file: IO[bytes] | None, outputs, progress: Progress | None = None) -> BatchResult:
    """The one way the page and the command line run a class: open the photo ZIP (PhotoArchiveError, in
    Chinese, before anything runs), check every student, and close the archive and the output ZIPs whatever
    happens (an interrupted run leaves nothing open)."""
    photos = None
    try:
        photos = PhotoArchive(photo_file) if photo_file is not None else None
        return run_batch(roster, photos, outputs, progress)
    finally:
        outputs.close()
        if photos is not None:
            photos.close()


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

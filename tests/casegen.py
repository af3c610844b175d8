"""Random valid cases, as the app can produce them: for round trips of the case code and its QR picture."""
from __future__ import annotations

import random

from checks.models import Case, case_from_dict
from checks.rounds import available_rounds

COURSES = ["英语(二)", "高等数学(一)", "中国近现代史纲要", "马克思主义基本原理概论", "计算机应用基础",
           "管理学原理", "现代汉语", "古代汉语", "中国古代文学作品选(一)", "线性代数（经管类）", "概率论与数理统计"]
SCHOOLS = ["云南大学", "云南师范大学", "昆明理工大学", "云南财经大学", "云南民族大学"]
MAJORS = [("B050101", "汉语言文学"), ("C120202", "市场营销"), ("B120203K", "会计学"), ("C080901", "计算机科学与技术")]
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def random_case_dict(rng: random.Random) -> dict:
    level = rng.choice(["associate", "bachelor"])
    admission = "".join(rng.choice("0123456789") for _ in range(12))
    if rng.random() < 0.2:  # typed with a Chinese input method in full-width mode
        admission = admission.translate(FULL_WIDTH)
    major = rng.choice(MAJORS)
    case = {
        "schema_version": 1,
        "round": rng.choice(available_rounds()),
        "application_date": f"{rng.randint(2023, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "candidate": {
            "name": "张三", "id_number": "11010519491231002X",
            "id_valid_until": rng.choice(["长期", "2030-01-01", "2024-03-01"]),
            "admission_number": admission, "phone": "13800000000",
            "candidate_type": rng.choice(["social", "credit_transfer"]), "level": level,
            "major_code": major[0], "major_name": major[1], "chief_school": rng.choice(SCHOOLS),
        },
        "grades": {"all_courses_passed": rng.random() < 0.7, "missing_on_platform": [
            rng.choice([{"source": "certificate_13char"}, {"source": "certificate", "year": rng.randint(1985, 2010)},
                        {"source": "transfer_letter", "year": rng.randint(2000, 2022)}, {"source": "practice_notice"}])
            for _ in range(rng.randint(0, 4))]},
        "exemptions": [{"course_code": f"{rng.randint(0, 99999):05d}", "course_name": rng.choice(COURSES),
                        "method": rng.choice(["online", "offline"]), "year": rng.randint(2010, 2024),
                        "has_form": rng.random() < 0.5} for _ in range(rng.randint(0, 6))],
        "practice": {"required": rng.random() < 0.5, "notice": rng.choice(["none", "college_seal", "other_seal"])},
        "materials": {"pledge_signed": rng.random() < 0.5, "photo_passed": rng.random() < 0.5},
    }
    if level == "bachelor":
        case["prior_education"] = {"has_diploma": rng.random() < 0.8, "graduation_date": "2015-07-01",
                                   "chsi_authorization": rng.choice(["not_done", "passed", "failed"]),
                                   "identity_changed": rng.random() < 0.2}
    if rng.random() < 0.7:  # schema 2 (issue 19): the v3 answers, each sometimes left unanswered as in old cases
        case["schema_version"] = 2
        v3 = {("candidate", "platform_identity"): ["match", "mismatch", "unsure"],
              ("grades", "admission_numbers"): ["one", "several", "unsure"], ("grades", "transfer_in"): [True, False],
              ("grades", "sanction"): ["no", "yes", "unsure"], ("grades", "plan_substitution"): ["no", "yes", "unsure"],
              ("grades", "exemptions_confirmed"): ["yes", "no", "unsure"]}
        if level == "bachelor":
            v3.update({("prior_education", "issued_in"): ["mainland", "abroad"],
                       ("prior_education", "in_chsi"): ["found", "not_found", "unsure"]})
        for (section, name), values in v3.items():
            if rng.random() < 0.85:
                case[section][name] = rng.choice(values)
    return case


def random_case(seed: int) -> Case:
    return case_from_dict(random_case_dict(random.Random(seed)))

"""Photo check and safe fix for the graduation photo (../shared/spec/photo.md). Plain Python, no Streamlit."""
from checks.photo.checker import Analysis, analyze, check_photo, default_spec
from checks.photo.draw import annotate
from checks.photo.fix import FixResult, fix_photo
from checks.photo.models import CODES, PASS_NOTE, TITLES, PhotoCheck, PhotoReport, report_text

__all__ = ["Analysis", "analyze", "check_photo", "default_spec", "annotate", "FixResult", "fix_photo", "CODES",
           "PASS_NOTE", "TITLES", "PhotoCheck", "PhotoReport", "report_text"]

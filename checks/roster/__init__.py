"""A tutor's class roster (XLSX or CSV, Chinese headers) → one case per student, with per-cell errors.

- `cells`: converting what a tutor types (是/否, dates, choice labels, the two compact notations);
- `columns`: the columns (header, case field, converter, help) and the template built from them;
- `reading`: the file (format, encodings, size limits before parsing), rows → students, errors → columns.
Every rule about what a valid value is stays in the case model: each row's dict goes through `case_from_dict`.
"""
from checks.roster.cells import (parse_admission, parse_bool, parse_digits, parse_exemptions,
                                 parse_missing_grades, parse_text, parse_valid_until)
from checks.roster.columns import BY_HEADER, COLUMNS, Column, template_csv, template_xlsx
from checks.roster.reading import (MAX_ROSTER_BYTES, MAX_ROWS, Roster, RosterError, RowError, Student,
                                   read_roster)
from checks.wording import parse_date  # the core's date reader, as the roster's cells use it

__all__ = ["BY_HEADER", "COLUMNS", "Column", "MAX_ROSTER_BYTES", "MAX_ROWS", "Roster", "RosterError", "RowError",
           "Student", "parse_admission", "parse_bool", "parse_date", "parse_digits", "parse_exemptions",
           "parse_missing_grades", "parse_text", "parse_valid_until", "read_roster", "template_csv",
           "template_xlsx"]

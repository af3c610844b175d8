"""Plain-text rendering of a verdict (terminal, chat message, a tutor's detailed view): the lines of its view."""
from __future__ import annotations

from checks.rules import Verdict
from checks.views import verdict_view


def verdict_text(v: Verdict, show_rule: bool = True) -> str:
    """The verdict as plain text. Rule ids are for the help desk and the command line (show_rule); a tutor's
    view names only the clause of the notice."""
    return "\n".join(verdict_view(v, show_rule=show_rule).lines())

"""One problem catalogue for every tool that reports problems (validate, Data Bermasalah, Sumber):
`catalogue.py` defines each check once, `records.py` finds the record checks on whole columns."""

from .catalogue import BOTH, CATALOGUE, CHECKS, ERROR, REPORT, VALIDATE, WARNING, Check, check, title
from .records import Context, record_problems

__all__ = ["BOTH", "CATALOGUE", "CHECKS", "ERROR", "REPORT", "VALIDATE", "WARNING", "Check", "Context", "check",
           "record_problems", "title"]

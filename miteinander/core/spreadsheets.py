"""Helpers for the spreadsheets the apps export."""


def formula_safe(value):
    """Keep spreadsheet programs from running a cell as a formula (CSV/formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value

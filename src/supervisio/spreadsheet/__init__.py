"""问题台账 in and out of Excel: the exchange workbook a group sends its units, and the import of what comes
back (or of any ledger a unit keeps, as .xlsx, .xls or .csv), merged into the campaign without losing its
dated history.

>>> data = export_ledger(supervision, as_of, group=7)          # the bytes of an .xlsx
>>> result = import_ledger(supervision, "ledger.xlsx", on=as_of)
>>> print(result.summary())                                     # 1 new, 2 updated, 65 unchanged …
"""

from supervisio.spreadsheet.export import export_ledger
from supervisio.spreadsheet.importer import import_ledger
from supervisio.spreadsheet.merge import Change, ImportResult

__all__ = ["Change", "ImportResult", "export_ledger", "import_ledger"]

"""Everything `merge` writes: consolidated persons, the workbook, the CSVs, the summary."""

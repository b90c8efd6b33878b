"""State carried from one stage (tahap) to the next: the ledger of stable person ids (ledger) and the
officers' decisions (decisions, and reading them back from the workbook or CSV: decision_files)."""

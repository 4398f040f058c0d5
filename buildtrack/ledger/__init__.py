"""Spreadsheet ledgers (台账): reading the office's Excel/CSV project ledgers and writing them back."""

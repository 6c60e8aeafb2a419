"""The plain job list most people would write: FilterView, select_related, OFFSET pages, COUNT.

The issue's yardstick. It reads the same database as the board, so both are measured in one run.
"""

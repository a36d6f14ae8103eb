"""Robustness checks of docqa: bad inputs, crashes, concurrency, fuzzing, and the report."""

"""Robustness checks of docqa: bad inputs, crashes, concurrency, fuzzing, and the report.

* ``bad_inputs``: the catalogue of bad ingest inputs and what each must become;
  ``pdfgen`` writes its hostile PDFs byte by byte.
* ``runner``: ingests them into a copy of a corpus index and counts handled, hung and
  data lost; ``crash``: SIGKILLs ingests at seeded moments.
* ``fuzz``: schemathesis against the API.
* ``python -m eval.robustness`` (``__main__``, ``report``): all of it, written to
  ``eval/reports/robustness.md``.
"""

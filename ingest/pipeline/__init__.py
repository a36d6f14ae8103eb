"""``docqa ingest``: files → loaded documents → chunks → a new index generation.

Four stages, one module each, run in order by :func:`run_ingest`:

* :mod:`~ingest.pipeline.plan` — which files are new or changed (by content hash);
* :mod:`~ingest.pipeline.process` — load, normalise, chunk, tokenise and extract facts
  from each new or changed file, in worker processes for large batches;
* :mod:`~ingest.pipeline.assemble` — the new generation's documents, chunk rows, tokens
  and facts, reusing what the previous generation holds for unchanged files;
* :mod:`~ingest.pipeline.publish` — write the generation, embed, and swap ``CURRENT``.

Per-file failures are isolated: a file that cannot be read is reported in the
summary and, if an earlier version of it was indexed, that version stays.
"""

from ingest.pipeline.run import run_ingest
from ingest.pipeline.summary import Failure, IngestSummary, Progress

__all__ = ["Failure", "IngestSummary", "Progress", "run_ingest"]

"""File loaders: turn a ``.txt``/``.md``/``.html``/``.htm``/``.pdf``/``.docx``/``.xlsx`` file into a LoadedDocument.

Use ``load_file(path, settings)``; it raises only LoaderError subclasses (see
``ingest.core.errors``) for files it cannot read. ``FakeLoader`` stands in for the real
loaders in tests: pass ``loaders={".txt": FakeLoader({...})}`` to ``load_file``.
"""

from ingest.loaders.base import SUPPORTED_SUFFIXES, FakeLoader, Loader, default_loaders, load_file

__all__ = ["SUPPORTED_SUFFIXES", "FakeLoader", "Loader", "default_loaders", "load_file"]

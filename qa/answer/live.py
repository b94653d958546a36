"""The service over the live index, swapped for a new one when the index changes on disk.

Requests keep using the service they started with; a reload builds the new service beside it and
replaces the reference in one assignment, so readers never see a half-loaded index.
"""

from __future__ import annotations

import logging
import threading
import time

from embeddings.encoder import Encoder
from qa.answer.service import QAService
from qa.compose import open_store
from qa.config import Settings
from qa.errors import QAError
from qa.index.store import IndexStore

log = logging.getLogger(__name__)


class LiveService:
    def __init__(
        self, settings: Settings, encoder: Encoder | None = None, service: QAService | None = None
    ) -> None:
        self.settings = settings
        self.encoder = encoder or (service.retriever.encoder if service else None)
        self._service = service
        self.error = "" if service else "no index is loaded"
        self._lock = threading.Lock()
        self._reloading = False
        self._checked = float("-inf")
        self._store: IndexStore | None = None

    @property
    def store(self) -> IndexStore:
        """The index store, opened on first use (a Milvus server may be down at start-up)."""
        if self._store is None:
            self._store = open_store(self.settings)
        return self._store

    @property
    def service(self) -> QAService | None:
        return self._service

    @property
    def generation(self) -> str:
        return self._service.data.generation if self._service else ""

    def _build(self) -> QAService:
        if self.encoder is None:
            from qa.compose import build_encoder

            self.encoder = build_encoder(self.settings)
        data = self.store.load(model=self.encoder.name, dim=self.encoder.dim)
        service = QAService(data, self.encoder, self.settings)
        service.warm_up()
        return service

    def reload_now(self) -> bool:
        """Load the live generation now; on failure keep serving the old one. True when swapped."""
        with self._lock:
            try:
                service = self._build()
            except QAError as exc:
                self.error = str(exc)
                log.error("index not (re)loaded: %s", exc)
                return False
            previous = self.generation
            self._service = service
            self.error = ""
        if previous != service.data.generation:
            log.info(
                "serving index generation %s (%d reports)", service.data.generation, len(service.data.reports)
            )
        return True

    def refresh(self) -> None:
        """Cheap, called on requests: at most every few seconds, look for a new generation and load it
        in the background (or at once when nothing is loaded yet)."""
        now = time.monotonic()
        if now - self._checked < self.settings.reload_check_seconds or self._reloading:
            return
        self._checked = now
        try:
            pointer = self.store.generation()
        except QAError as exc:  # the store is unreachable: keep serving what is loaded
            self.error = self.error or str(exc)
            log.warning("cannot check the index generation: %s", exc)
            return
        if pointer is None or pointer == self.generation:
            return
        if self._service is None:  # nothing to serve meanwhile: load now
            self.reload_now()
            return
        self._reloading = True

        def work() -> None:
            try:
                self.reload_now()
            finally:
                self._reloading = False

        threading.Thread(target=work, name="index-reload", daemon=True).start()

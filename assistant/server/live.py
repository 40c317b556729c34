"""The answer service of the index being served, switched to a new build without a restart.

``LiveService`` stands where an ``AnswerService`` is expected (attributes are
forwarded to the loaded one). Every few seconds a request looks whether
``index/current`` moved (another process built, or a document was uploaded); the new
build is loaded in the background while the old one keeps answering, then swapped
in. The old build is released a little later, so requests still running on it
finish; its lease keeps it on disk until then.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable

from assistant.indexing.build import resolve_build
from assistant.settings import Settings

log = logging.getLogger(__name__)
RELEASE_AFTER_SECONDS = 60.0


class LiveService:
    def __init__(self, settings: Settings, initial=None, factory: Callable[[Settings], object] | None = None) -> None:
        self.settings = settings
        self._factory = factory or _answer_service
        self._service = initial or self._factory(settings)
        self._lock = threading.Lock()
        self._loading = False
        self._checked = time.monotonic()

    # ------------------------------------------------------------ the loaded service

    @property
    def build_id(self) -> str:
        return self._service.searcher.build_dir.name

    def current(self):
        """The service to answer with now; starts loading a newer build when ``current`` moved."""
        now = time.monotonic()
        if now - self._checked >= self.settings.reload_check_seconds:
            self._checked = now
            if self._target() not in (None, self.build_id) and not self._loading:
                self._loading = True
                threading.Thread(target=self._load_quietly, name="index-reload", daemon=True).start()
        return self._service

    def reload(self):
        """Load the build ``current`` points at now, if it is not the loaded one, and switch to it."""
        with self._lock:
            target = resolve_build(self.settings)
            if target.name == self.build_id:
                return self._service
            fresh = self._factory(self.settings)
            old, self._service = self._service, fresh
        log.info("Đã chuyển sang bản dựng %s", fresh.searcher.build_dir.name)
        timer = threading.Timer(RELEASE_AFTER_SECONDS, _close, args=(old,))
        timer.daemon = True
        timer.start()
        return fresh

    def __getattr__(self, name: str):
        return getattr(self.current(), name)

    # ------------------------------------------------------------ helpers

    def _target(self) -> str | None:
        try:
            return os.path.basename(os.readlink(self.settings.current_index))
        except OSError:
            return None

    def _load_quietly(self) -> None:
        try:
            self.reload()
        except Exception:  # the loaded build keeps serving; the next check tries again
            log.exception("Không nạp được bản dựng mới; tiếp tục dùng %s", self.build_id)
        finally:
            self._loading = False


def _answer_service(settings: Settings):
    from assistant.qa.service import AnswerService

    return AnswerService(settings)


def _close(service) -> None:
    try:
        service.searcher.close()
    except Exception:  # best effort: the process may be shutting down
        log.debug("closing an old build failed", exc_info=True)

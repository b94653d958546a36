"""Where ``/v1/ask`` answers: on the event loop, or in the thread pool.

Over the local index, a question whose query vector the encoder has cached is answered by Python
holding the GIL (numpy and FAISS on small arrays): a thread-pool hop buys no parallelism, only thread
switches and GIL hand-offs among up to 40 threads — through the pool the warm figure of
``bench/load.py`` was about half of what it is on the loop. A question not asked lately is encoded
first (5–15 ms, mostly outside the GIL): in the pool, so that the loop serves the others meanwhile
(answered on the loop, the cold figure fell by up to a quarter). Over Milvus an answer waits on the
network: always in the pool.

"Asked lately" is this process's own memory of its last requests, fewer than the encoder caches
(4096 query vectors), so a request remembered here has its vector cached there. A wrong guess costs
time, never an answer.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable

REMEMBERED = 1024


class AnswerPlacement:
    """Used from the event loop only (no lock)."""

    def __init__(self, local_index: bool, remembered: int = REMEMBERED) -> None:
        self.local_index = local_index
        self._remembered = remembered
        self._recent: OrderedDict[Hashable, None] = OrderedDict()

    def on_loop(self, request: Hashable) -> bool:
        """Whether to answer ``request`` (anything that tells two questions apart) on the event loop."""
        if not self.local_index or request not in self._recent:
            return False
        self._recent.move_to_end(request)
        return True

    def answered(self, request: Hashable) -> None:
        """Remember that ``request`` was answered (its query vector is now cached)."""
        self._recent[request] = None
        self._recent.move_to_end(request)
        if len(self._recent) > self._remembered:
            self._recent.popitem(last=False)

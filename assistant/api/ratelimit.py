"""A per-client sliding-window rate limit, in memory (each server worker keeps its own).

Bounded in memory too: at most ``max_clients`` addresses are tracked, the one seen least
recently forgotten first, and each keeps at most ``per_minute`` timestamps.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

WINDOW_S = 60.0


class RateLimiter:
    """``hit(client)`` records a request; it returns 0 when allowed, else the seconds to wait."""

    def __init__(self, per_minute: int, *, max_clients: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.max_clients = max_clients
        self._clock = clock
        self._lock = threading.Lock()
        self._hits: OrderedDict[str, deque[float]] = OrderedDict()

    def hit(self, client: str) -> int:
        now = self._clock()
        with self._lock:
            hits = self._hits.pop(client, None) or deque()
            self._hits[client] = hits  # most recently seen last
            while hits and hits[0] <= now - WINDOW_S:
                hits.popleft()
            if len(hits) >= self.per_minute:
                return max(1, math.ceil(hits[0] + WINDOW_S - now))
            hits.append(now)
            while len(self._hits) > self.max_clients:
                self._hits.popitem(last=False)
            return 0

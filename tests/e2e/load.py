"""A steady, bounded load through the Service: worker threads that each send one request per new connection
(as clients behind a Service do after a reconnect), counting answers by outcome and keeping each request's start
(wall clock, to compare with the cluster's timestamps) and latency."""
import threading
import time
from collections import Counter

from cluster import http


class Load:
    def __init__(self, method, url, body, headers, workers=4, max_seconds=600, pause=0.0):
        self.counts = Counter()
        self.failures = []
        self.samples = []
        # When each failed request was sent (time.monotonic()).
        self.failed_at = []
        self._stop = threading.Event()
        self._deadline = time.monotonic() + max_seconds
        self._lock = threading.Lock()
        self._threads = [threading.Thread(target=self._run, args=(method, url, body, headers, pause), daemon=True)
                         for _ in range(workers)]

    def _run(self, method, url, body, headers, pause):
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            started, sent = time.time(), time.monotonic()
            try:
                status, answer = http(method, url, body, headers() if callable(headers) else headers, timeout=10)
                outcome = str(status)
            except OSError as e:
                status, answer, outcome = None, repr(e), "error"
            with self._lock:
                self.counts[outcome] += 1
                self.samples.append((started, time.monotonic() - sent))
                if status != 200:
                    self.failed_at.append(sent)
                    if len(self.failures) < 20:
                        self.failures.append((outcome, str(answer)[:200]))
            if pause:
                time.sleep(pause)

    def __enter__(self):
        for t in self._threads:
            t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        for t in self._threads:
            t.join(timeout=15)

    def latencies(self, since, until):
        """The latencies (s) of the requests started in [since, until) (wall clock), sorted."""
        with self._lock:
            return sorted(seconds for started, seconds in self.samples if since <= started < until)

    @property
    def sent(self):
        return sum(self.counts.values())

    @property
    def failed(self):
        return self.sent - self.counts["200"]

"""The two ways bench/run.py measures a page, and the figures around them.

- ``sequential``: one client, one request after another: the latency a reader waits for
  (median, p95) when the server is otherwise idle.
- ``concurrent``: wrk with several connections for a fixed time: the throughput a server really
  gives when several people use it at once (requests/s, its latency percentiles, errors).
- ``cold``: the page right after a write that retires every cached figure.
- ``transfer``: what a browser downloads for a page, compressed.
"""

import gzip
import re
import statistics
import subprocess
import time
from dataclasses import dataclass, field

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


@dataclass
class Sequential:
    median: float  # ms
    p95: float  # ms
    rps: float


@dataclass
class Concurrent:
    rps: float
    p50: float  # ms
    p99: float  # ms
    requests: int
    errors: int  # non-2xx/3xx answers, socket errors and timeouts
    detail: str = field(default="", repr=False)


def percentile(samples, share):
    ordered = sorted(samples)
    return ordered[max(0, min(len(ordered) - 1, round(len(ordered) * share) - 1))]


def sequential(client, path, count, warmup=3):
    for _ in range(warmup):
        client.get(path)
    samples = []
    start = time.perf_counter()
    for _ in range(count):
        t0 = time.perf_counter()
        client.get(path)
        samples.append((time.perf_counter() - t0) * 1000)
    elapsed = time.perf_counter() - start
    return Sequential(statistics.median(samples), percentile(samples, 0.95), count / elapsed)


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(output):
    """The figures of wrk's report (run with --latency)."""
    rps = float(re.search(r"Requests/sec:\s*([\d.]+)", output)[1])
    requests = int(re.search(r"(\d+) requests in", output)[1])
    p50 = _ms(re.search(r"^\s*50%\s+(\S+)", output, re.M)[1])
    p99 = _ms(re.search(r"^\s*99%\s+(\S+)", output, re.M)[1])
    errors = 0
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", output)
    if non_2xx:
        errors += int(non_2xx[1])
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if socket:
        # gunicorn's sync workers close every connection after answering: wrk counts the
        # reconnections as read errors although every request was answered. Only failed
        # connects, writes and timeouts are errors.
        errors += int(socket[1]) + int(socket[3]) + int(socket[4])
    return Concurrent(rps, p50, p99, requests, errors, output)


def concurrent(port, path, cookie, connections, duration, threads=2, timeout=60):
    """wrk against one page; the session cookie makes it a logged-in user's page."""
    command = [
        "wrk",
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{duration}s",
        f"--timeout={timeout}s",
        "--latency",
        "-H",
        "Accept-Language: en",
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    command.append(f"http://127.0.0.1:{port}{path}")
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def cold(client, path, write, samples):
    """Median and worst latency of ``path`` on the first request after each ``write()``."""
    times = []
    for _ in range(samples):
        write()
        t0 = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def transfer(client, path):
    """The page's HTML (gzip, as whitenoise would not compress it but a proxy does) and each
    CSS/JS file it links, as served (whitenoise's precompressed files)."""
    html = client.get(path, **{"Accept-Encoding": "identity"})
    rows = [("HTML (gzip)", len(gzip.compress(html)))]
    for asset in re.findall(rb'(?:src|href)="(/static/[^"]+\.(?:js|css))"', html):
        response, data = client.request("GET", asset.decode(), headers={"Accept-Encoding": "gzip"})
        encoded = response.headers.get("Content-Encoding", "identity")
        rows.append((f"{asset.decode().rsplit('/', 1)[1]} ({encoded})", len(data)))
    return rows, sum(size for _name, size in rows)

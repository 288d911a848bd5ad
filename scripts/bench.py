"""The portal's benchmark (`make bench`): numbers, not a pass/fail test.

Seeds a PostgreSQL database with the load-test volumes, runs gunicorn with production
settings and drives every public page type with wrk, together with a trivial endpoint
(the framework floor), in one run. Prints requests/s, p50 and p95 latency, each page's
throughput as a ratio to the floor, and memory per worker; writes docs/performance.md.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/kowes_bench),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/15), BENCH_SECONDS (default 10),
BENCH_CONNECTIONS (default 16), BENCH_SKIP_SEED=1 to reuse an already seeded database.
"""

import datetime
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://{HOST}:{PORT}"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kowes_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
VOLUMES = {"--posts": 10_000, "--entities": 100_000, "--sessions": 50_000}

# wrk reports latency percentiles and non-2xx/3xx answers through this script.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %.3f %.3f %d\\n",
    summary.requests, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, summary.errors.status))
end
"""


def env():
    return {
        **os.environ,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "false",
        "KOWES_ENV": "production",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(64)),
        "ALLOWED_HOSTS": HOST,
        "STATIC_MANIFEST": "true",
        "SECURE_SSL_REDIRECT": "false",
        "LOG_LEVEL": "WARNING",
    }


def manage(*args, environment):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=environment, check=True)


def ensure_database():
    """Create the benchmark database when it is missing (its data is rebuilt by the seed)."""
    name = DATABASE_URL.rsplit("/", 1)[1]
    server = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    query = f"SELECT 1 FROM pg_database WHERE datname = '{name}'"
    found = subprocess.run(
        ["psql", server, "-qAtc", query], capture_output=True, text=True, check=True
    ).stdout.strip()
    if not found:
        subprocess.run(["psql", server, "-qc", f'CREATE DATABASE "{name}"'], check=True)


def sample_urls(environment):
    """Pick a post and an entity from the seeded database."""
    code = (
        "import django; django.setup();"
        "from news.models import Post; from entities.models import Entity;"
        "print(Post.objects.published().newest_first()[500].get_absolute_url());"
        "print(Entity.objects.public().order_by('pk')[5000].get_absolute_url())"
    )
    out = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=environment, check=True, capture_output=True, text=True
    ).stdout.split()
    return out[0], out[1]


def wait_until_up(timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{BASE}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not come up")


def worker_rss_mb(master_pid):
    children = subprocess.run(
        ["pgrep", "-P", str(master_pid)], capture_output=True, text=True
    ).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)
    return sizes


def run_wrk(path, script):
    url = BASE + path
    subprocess.run(
        ["wrk", "-t1", "-c4", "-d2s", "-s", script, url], capture_output=True, check=True
    )  # warm-up
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--timeout", "10s", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    requests, duration_us, socket_errors, p50, p95, status_errors = line.split()[1:]
    seconds = int(duration_us) / 1e6
    return {
        "rps": int(requests) / seconds,
        "p50": float(p50),
        "p95": float(p95),
        "errors": int(socket_errors) + int(status_errors),
        "requests": int(requests),
    }


def machine():
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        match = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        cpu = match.group(1).strip() if match else cpu
    memory = re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1)
    postgres = subprocess.run(
        ["psql", DATABASE_URL, "-qAtc", "SHOW server_version"], capture_output=True, text=True
    ).stdout.strip()
    return (
        f"{os.cpu_count()} cores ({cpu}), {int(memory) // 1024 // 1024} GiB RAM, "
        f"Python {platform.python_version()}, PostgreSQL {postgres}, wrk on the same machine"
    )


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    environment = env()
    ensure_database()
    manage("migrate", "--noinput", "-v0", environment=environment)
    if os.environ.get("BENCH_SKIP_SEED") != "1":
        seed = [str(item) for pair in VOLUMES.items() for item in pair]
        manage("load_demo", *seed, environment=environment)
    manage("collectstatic", "--noinput", "-v0", environment=environment)
    post_url, entity_url = sample_urls(environment)
    pages = [
        ("floor (/healthz)", "/healthz"),
        ("home", "/"),
        ("news list", "/aktualnosci/"),
        ("news post", post_url),
        ("directory", "/podmioty/"),
        ("filtered search", "/podmioty/?q=spoldzielnia&county=powiat-turecki"),
        ("entity page", entity_url),
        ("indicators", "/wskazniki/"),
        ("news feed (RSS)", "/aktualnosci/rss/"),
    ]
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"{HOST}:{PORT}",
         "kowes.wsgi:application"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    results = {}
    try:
        wait_until_up()
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        for name, path in pages:
            results[name] = run_wrk(path, script.name)
        memory = worker_rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    floor = results[pages[0][0]]["rps"]
    header = "| page | requests/s | p50 ms | p95 ms | ratio to floor | errors |"
    rows = [header, "|---|---:|---:|---:|---:|---:|"]
    for name, _path in pages:
        r = results[name]
        rows.append(
            f"| {name} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{r['rps'] / floor:.2f} | {r['errors']} |"
        )
    memory_line = (
        f"Memory per worker after the run: {', '.join(f'{m:.0f} MB' for m in memory)} "
        f"(max {max(memory):.0f} MB)."
    )
    today = datetime.datetime.now(tz=datetime.UTC).date().isoformat()
    report = "\n".join(rows)
    print(report)
    print(memory_line)
    docs = ROOT / "docs" / "performance.md"
    docs.parent.mkdir(exist_ok=True)
    docs.write_text(
        "# Performance\n\n"
        "Measured by `make bench` (scripts/bench.py): PostgreSQL seeded with "
        "10,000 posts, 100,000 entities and 50,000 advisory sessions; gunicorn with production "
        f"settings (gunicorn.conf.py); wrk with {CONNECTIONS} connections for {SECONDS} s per "
        "page, all pages in the same run. Target: every public page at ≥ 0.5 of the floor's "
        "throughput with no errors, ≤ 150 MB per worker.\n\n"
        f"## Latest run: {today}\n\nMachine: {machine()}.\n\n{report}\n\n{memory_line}\n"
    )
    print(f"Written to {docs.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

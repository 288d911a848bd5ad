"""The portal's benchmark (`make bench`): numbers, not a pass/fail test.

Seeds a PostgreSQL database with the load-test volumes, runs gunicorn with production
settings and drives every public page type with wrk, together with a trivial endpoint
(the framework floor), in one run. Prints requests/s, p50 and p95 latency, each page's
throughput as a ratio to the floor, and memory per worker; writes docs/performance.md
(its "## Analysis" section, written by hand, is kept).

Two passes: the production configuration (anonymous pages from the page cache, as
visitors get them), then the same server with the page cache off (PAGE_CACHE_SECONDS=0),
which shows what making each page costs: a cache miss, a page nobody asked for lately.

Environment: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/kowes_bench),
BENCH_REDIS_URL (default redis://127.0.0.1:6379/15), BENCH_SECONDS (default 10),
BENCH_CONNECTIONS (default 16), BENCH_ROUNDS (default 5: each page's seconds are measured
in that many slices, taken in turn with the other pages), BENCH_SKIP_SEED=1 to reuse an
already seeded database, BENCH_PORT (default 8765).
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
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://{HOST}:{PORT}"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
# Each page's SECONDS are measured in this many slices, in turn with the other pages.
ROUNDS = max(1, min(int(os.environ.get("BENCH_ROUNDS", "5")), SECONDS))
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kowes_bench"
)
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
# The directory's filters (entities/forms.py DirectoryFilterForm): words, a county, a sector.
FILTERED_SEARCH = "/podmioty/?q=spoldzielnia&county=powiat-turecki&sector=gastronomia-i-catering"
TARGET_RATIO = 0.5
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
    """Production settings (DEBUG off, Redis, PostgreSQL, hashed static files, as
    `make serve`), over plain HTTP on the loopback: HTTPS=false, as docs/deploy.md says
    for trying them without the TLS proxy."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kowes.settings",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY", secrets.token_urlsafe(64)),
        "ALLOWED_HOSTS": HOST,
        "STATIC_MANIFEST": "true",
        "WHITENOISE_USE_FINDERS": "false",
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


def worker_memory_mb(master_pid):
    """Each worker's resident memory (RSS) and its proportional share (PSS: pages shared
    with the other workers counted once, split between them)."""
    children = subprocess.run(
        ["pgrep", "-P", str(master_pid)], capture_output=True, text=True
    ).stdout.split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        rss = int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024
        rollup = Path(f"/proc/{pid}/smaps_rollup")
        pss = None
        if rollup.exists():
            pss = int(re.search(r"Pss:\s+(\d+)", rollup.read_text()).group(1)) / 1024
        sizes.append((rss, pss))
    return sizes


def _workers_cpu_seconds(master_pid) -> float:
    total = 0.0
    for pid in subprocess.run(
        ["pgrep", "-P", str(master_pid)], capture_output=True, text=True
    ).stdout.split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue  # a worker being replaced
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def settle(master_pid, quiet=0.3, limit=30):
    """Wait until the workers have finished what wrk left queued (requests it sent before
    it stopped are still made, and would count against the next page), at most ``limit``
    seconds: their CPU time stops growing."""
    deadline = time.monotonic() + limit
    before = _workers_cpu_seconds(master_pid)
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = _workers_cpu_seconds(master_pid)
        if now - before < 0.02:
            return
        before = now


def check_pages(pages):
    """Every page answers 200 before it is measured: a wrong address is not a benchmark."""
    for name, path in pages:
        try:
            with urllib.request.urlopen(BASE + path, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        if status != 200:
            raise SystemExit(f"{name} ({path}) answered {status}, not 200")


def warm_up(path, script):
    subprocess.run(
        ["wrk", "-t1", "-c4", "-d2s", "-s", script, BASE + path], capture_output=True, check=True
    )


def run_wrk(path, script, seconds):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "-s", script,
         BASE + path],
        capture_output=True,
        text=True,
        check=True,
    ).stdout  # fmt: skip
    line = next(line for line in out.splitlines() if line.startswith("BENCH "))
    requests, duration_us, socket_errors, p50, p95, status_errors = line.split()[1:]
    return {
        "requests": int(requests),
        "seconds": int(duration_us) / 1e6,
        "p50": float(p50),
        "p95": float(p95),
        "errors": int(socket_errors) + int(status_errors),
    }


def combine(slices):
    """One page's slices: requests/s over all of them; the median slice's p50 and p95."""
    middle = len(slices) // 2
    return {
        "rps": sum(s["requests"] for s in slices) / sum(s["seconds"] for s in slices),
        "p50": sorted(s["p50"] for s in slices)[middle],
        "p95": sorted(s["p95"] for s in slices)[middle],
        "errors": sum(s["errors"] for s in slices),
        "requests": sum(s["requests"] for s in slices),
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


def serve_and_measure(pages, environment):
    """Start gunicorn with ``environment``, run wrk against each page, stop it: the results
    and the workers' memory after the run."""
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"{HOST}:{PORT}",
         "kowes.wsgi:application"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_up()
        check_pages(pages)
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
            script.write(WRK_SCRIPT)
        for _name, path in pages:
            warm_up(path, script.name)
        # Each page in ROUNDS slices, taken in turn with the others: a change in the
        # machine's other load during the run falls on every page alike, not on one.
        # Each round starts one page further on, so no page always follows the same one.
        slices = {name: [] for name, _path in pages}
        for round_number in range(ROUNDS):
            start = round_number % len(pages)
            for name, path in pages[start:] + pages[:start]:
                slices[name].append(run_wrk(path, script.name, SECONDS // ROUNDS))
                settle(server.pid)
            print(f"  round {round_number + 1} of {ROUNDS} done", flush=True)
        results = {name: combine(page_slices) for name, page_slices in slices.items()}
        memory = worker_memory_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    return results, memory


def table(pages, results):
    floor = results[pages[0][0]]["rps"]
    rows = [
        "| page | requests/s | p50 ms | p95 ms | ratio to floor | errors | ≥ 0.5, no errors |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for index, (name, path) in enumerate(pages):
        r = results[name]
        ratio = r["rps"] / floor
        met = "" if index == 0 else ("yes" if ratio >= TARGET_RATIO and not r["errors"] else "no")
        rows.append(
            f"| {name} (`{path}`) | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{ratio:.2f} | {r['errors']} | {met} |"
        )
    return "\n".join(rows)


def memory_line(memory):
    rss = [m for m, _pss in memory]
    listed = ", ".join(f"{m:.0f}" for m in rss)
    line = f"Memory per worker after the run (RSS): {listed} MB (max {max(rss):.0f} MB)"
    if all(pss is not None for _rss, pss in memory):
        line += f"; proportional share (PSS): max {max(p for _, p in memory):.0f} MB"
    return line + "."


def load_line(before, after):
    return (
        f"Load average (1, 5, 15 min) before the run: {before[0]:.2f}, {before[1]:.2f}, "
        f"{before[2]:.2f}; after: {after[0]:.2f}, {after[1]:.2f}, {after[2]:.2f} "
        f"(on {os.cpu_count()} cores; wrk, PostgreSQL and Redis run on the same machine)."
    )


def write_report(report):
    """docs/performance.md: the generated part, then the hand-written analysis, if any."""
    docs = ROOT / "docs" / "performance.md"
    docs.parent.mkdir(exist_ok=True)
    analysis = ""
    if docs.exists():
        old = docs.read_text()
        if "\n## Analysis" in old:
            analysis = old[old.index("\n## Analysis") :]
    docs.write_text(report + analysis)
    print(f"Written to {docs.relative_to(ROOT)}")


def main():
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk (make bench does it as root)")
    environment = env()
    ensure_database()
    manage("migrate", "--noinput", "-v0", environment=environment)
    if os.environ.get("BENCH_SKIP_SEED") != "1":
        seed = [str(item) for pair in VOLUMES.items() for item in pair]
        manage("load_demo", *seed, environment=environment)
    # Statistics and the visibility map for the rows just bulk-inserted: what autovacuum
    # gives a production database in its own time, which the planner needs.
    subprocess.run(["psql", DATABASE_URL, "-qc", "VACUUM ANALYZE"], check=True)
    manage("collectstatic", "--noinput", "-v0", environment=environment)
    post_url, entity_url = sample_urls(environment)
    pages = [
        ("floor", "/healthz"),
        ("home", "/"),
        ("news list", "/aktualnosci/"),
        ("news post", post_url),
        ("directory", "/podmioty/"),
        ("filtered search", FILTERED_SEARCH),
        ("entity page", entity_url),
        ("indicators", "/wskazniki/"),
        ("news feed (RSS)", "/aktualnosci/rss/"),
    ]
    load_before = os.getloadavg()
    started = time.monotonic()
    print("With the page cache (production configuration):", flush=True)
    cached, cached_memory = serve_and_measure(pages, environment)
    print("Without the page cache (every page made afresh):", flush=True)
    uncached, uncached_memory = serve_and_measure(pages, {**environment, "PAGE_CACHE_SECONDS": "0"})
    minutes = (time.monotonic() - started) / 60
    load_after = os.getloadavg()

    today = datetime.datetime.now(tz=datetime.UTC).date().isoformat()
    report = (
        "# Performance\n\n"
        "Measured by `make bench` (scripts/bench.py): PostgreSQL seeded with "
        "10,000 posts, 100,000 entities and 50,000 advisory sessions; gunicorn with production "
        "settings (gunicorn.conf.py, DEBUG off, Redis cache, hashed static files) over plain "
        f"HTTP on the loopback; wrk with {CONNECTIONS} connections for {SECONDS} s per "
        f"page, all pages in the same run, in {ROUNDS} rounds (each page measured for "
        f"{SECONDS // ROUNDS} s per round, in turn with the others; requests/s over all "
        "rounds, p50 and p95 of the median round). Target: every public page at ≥ 0.5 of "
        "the floor's throughput with no errors, ≤ 150 MB per worker. The floor is `/healthz`: the "
        "whole middleware stack and a view that does nothing.\n\n"
        f"## Latest run: {today}\n\n"
        f"Machine: {machine()}. {load_line(load_before, load_after)} The run took "
        f"{minutes:.0f} minutes.\n\n"
        "### With the page cache (production configuration)\n\n"
        "Anonymous visitors, as the public sees the site: each page is made once, then served "
        "from Redis until public content changes.\n\n"
        f"{table(pages, cached)}\n\n{memory_line(cached_memory)}\n\n"
        "### Without the page cache (PAGE_CACHE_SECONDS=0)\n\n"
        "Every request makes its page: the cost of a cache miss (the first visitor after a "
        "change, a page nobody asked for lately, logged-in staff).\n\n"
        f"{table(pages, uncached)}\n\n{memory_line(uncached_memory)}\n"
    )
    print(report)
    write_report(report)


if __name__ == "__main__":
    main()

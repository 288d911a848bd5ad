#!/usr/bin/env python3
"""Fire hostile requests at a running portal and check that none gets a 5xx.

    scripts/hostile.py [http://127.0.0.1:8000]

NUL bytes, invalid UTF-8, 1,001 form fields, a 3 MB body, a foreign Host header and a
100 KB query string, on the public pages and the admin login. Only the standard library:
requests go out byte for byte over a socket, so that nothing on the way cleans them up.
Prints one line a request; exits 1 if any answer is a 5xx (or has no status line), else 0.
Only for your own server: it sends a few dozen requests, one at a time.
"""

import contextlib
import http.cookies
import re
import socket
import sys
from urllib.parse import urlsplit

PATHS = ["/", "/aktualnosci/", "/podmioty/", "/strony/kontakt/", "/admin/login/", "/readyz"]
QUERIES = {
    "NUL byte": "q=%00&page=%00",
    "invalid UTF-8": "q=%FF%FE%C3%28&page=%C0%AF",
    "1,001 fields": "&".join(f"f{number}=1" for number in range(1001)),
    "100 KB query string": "q=" + "a" * 100_000,
}


class Target:
    def __init__(self, base_url: str):
        parts = urlsplit(base_url)
        if parts.scheme != "http":
            raise SystemExit("Give the app server's own http:// address (gunicorn, not the proxy).")
        self.host = parts.hostname
        self.port = parts.port or 80
        self.host_header = parts.netloc

    def send(self, raw: bytes) -> tuple[int | None, bytes]:
        with socket.create_connection((self.host, self.port), timeout=30) as sock:
            # The server may answer and close before the whole body is sent.
            with contextlib.suppress(OSError):
                sock.sendall(raw)
                sock.shutdown(socket.SHUT_WR)
            chunks = []
            with contextlib.suppress(ConnectionResetError):
                while chunk := sock.recv(65536):
                    chunks.append(chunk)
        response = b"".join(chunks)
        match = re.match(rb"HTTP/1\.[01] (\d{3})", response)
        return (int(match[1]) if match else None), response

    def request(self, method: str, target: bytes, *, headers=(), body: bytes = b"", host=None):
        lines = [method.encode() + b" " + target + b" HTTP/1.1"]
        lines.append(b"Host: " + (host if host is not None else self.host_header.encode()))
        lines.append(b"Connection: close")
        lines += [header.encode() if isinstance(header, str) else header for header in headers]
        if body or method == "POST":
            lines.append(b"Content-Length: " + str(len(body)).encode())
        return self.send(b"\r\n".join(lines) + b"\r\n\r\n" + body)

    def csrf(self) -> tuple[str, str]:
        """A CSRF cookie and the form's token, from the admin login page."""
        _status, response = self.request("GET", b"/admin/login/")
        head, _, body = response.partition(b"\r\n\r\n")
        cookie = http.cookies.SimpleCookie()
        for line in head.decode("latin-1").split("\r\n"):
            if line.lower().startswith("set-cookie:"):
                cookie.load(line.split(":", 1)[1].strip())
        name = next((key for key in cookie if key.endswith("csrftoken")), None)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if name is None or token is None:
            raise SystemExit("No CSRF cookie or token on /admin/login/: is this the portal?")
        return f"{name}={cookie[name].value}", token[1].decode()


def main() -> int:
    target = Target(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
    results = []

    def check(label, status):
        ok = status is not None and status < 500
        results.append(ok)
        print(f"{'ok ' if ok else 'BAD'} {status or 'no answer'}  {label}")

    for path in PATHS:
        for name, query in QUERIES.items():
            check(f"GET {path} {name}", target.request("GET", f"{path}?{query}".encode())[0])
        check(f"GET {path} raw NUL in the path", target.request("GET", path.encode() + b"\0")[0])
        check(f"GET {path} raw 0xFF in the path", target.request("GET", path.encode() + b"\xff")[0])
        check(
            f"GET {path} foreign Host header",
            target.request("GET", path.encode(), host=b"evil.example")[0],
        )

    cookie, token = target.csrf()
    form_headers = [
        f"Cookie: {cookie}",
        "Content-Type: application/x-www-form-urlencoded",
        f"Origin: http://{target.host_header}",
        f"Referer: http://{target.host_header}/admin/login/",
    ]
    forms = {
        "NUL bytes in the fields": b"username=admin%00&password=%00",
        "invalid UTF-8 in the fields": b"username=%FF%FE&password=%C3%28",
        "1,001 fields": "&".join(f"f{number}=1" for number in range(1001)).encode(),
        "a 3 MB body": b"username=" + b"a" * (3 * 1024 * 1024),
    }
    for name, fields in forms.items():
        body = f"csrfmiddlewaretoken={token}&".encode() + fields
        status, _response = target.request(
            "POST", b"/admin/login/", headers=form_headers, body=body
        )
        check(f"POST /admin/login/ {name}", status)

    failures = results.count(False)
    print(f"{len(results) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Serves a built site on 127.0.0.1 for scripts/check-site, like a plain static host.

Usage: serve.py SITE_DIR PORT_FILE [BASE_PATH]

Binds a free port (port 0), writes it to PORT_FILE once listening, and serves SITE_DIR
under BASE_PATH (default "/"). Unlike `python3 -m http.server` it never answers a
directory without index.html with a listing (that is a 404 on a real host, and a listing
would hide a broken link), it compresses text with gzip for a client that asks, as every
static host does (what Lighthouse measures is then what a reader downloads), and it logs
only errors (4xx/5xx) to stderr.
"""
import gzip
import http.server
import io
import os
import sys
import urllib.parse


TEXT_TYPES = {"application/javascript", "application/json", "image/svg+xml", "application/xml", "application/atom+xml"}


def main():
    site_dir = os.path.realpath(sys.argv[1])
    port_file = sys.argv[2]
    base_path = sys.argv[3] if len(sys.argv) > 3 else "/"
    if not base_path.endswith("/"):
        base_path += "/"

    class Handler(http.server.SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: fewer connections for the crawler

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=site_dir, **kwargs)

        def translate_path(self, path):
            # Strip the base path; anything outside it does not exist.
            raw = urllib.parse.urlsplit(path).path
            if not raw.startswith(base_path):
                return os.path.join(site_dir, ".passerelle-check-outside-base")
            return super().translate_path("/" + raw[len(base_path):])

        def send_head(self):
            # Text a client accepts gzipped is sent gzipped, whole; the rest as the base
            # class sends it.
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                if not urllib.parse.urlsplit(self.path).path.endswith("/"):
                    return super().send_head()  # the redirect to the address with a "/"
                path = os.path.join(path, "index.html")
            kind = self.guess_type(path)
            text = kind.startswith("text/") or kind in TEXT_TYPES
            wants = "gzip" in self.headers.get("Accept-Encoding", "")
            if not (wants and text and os.path.isfile(path)):
                return super().send_head()
            with open(path, "rb") as f:
                body = gzip.compress(f.read(), compresslevel=6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)  # read by the base class's copyfile like a file

        def list_directory(self, path):
            self.send_error(404, "No index.html in this directory")
            return None

        def log_message(self, fmt, *args):
            pass

        def log_error(self, fmt, *args):
            sys.stderr.write("serve: %s %s\n" % (self.requestline, fmt % args))

    class Server(http.server.ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 256  # the default 5 drops connections under a crawl

        def handle_error(self, request, client_address):
            # A client that hangs up early (a HEAD-then-GET crawler, a closed browser
            # tab) is not an error of the site.
            if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                return
            super().handle_error(request, client_address)

    httpd = Server(("127.0.0.1", 0), Handler)
    tmp = port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(httpd.server_address[1]))
    os.replace(tmp, port_file)
    try:
        httpd.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()

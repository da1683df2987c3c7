#!/usr/bin/env python3
"""Serves a built site on 127.0.0.1 for scripts/check-site, like a plain static host.

Usage: serve.py SITE_DIR PORT_FILE [BASE_PATH]

Binds a free port (port 0), writes it to PORT_FILE once listening, and serves SITE_DIR
under BASE_PATH (default "/"). Unlike `python3 -m http.server` it never answers a
directory without index.html with a listing (that is a 404 on a real host, and a listing
would hide a broken link), and it logs only errors (4xx/5xx) to stderr.
"""
import http.server
import os
import sys
import urllib.parse


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

"""A WSGI app served by the standard library's wsgiref, bound to $PORT on every interface."""
import os
import signal
import sys
from wsgiref.simple_server import make_server


def app(environ, start_response):
    body = f"Hello from {os.environ.get('DYNO', '?')} (Python WSGI)\n".encode()
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]


if __name__ == "__main__":
    port = int(os.environ["PORT"])
    # Heroku sends SIGTERM on stop: exit 0 instead of a traceback.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    with make_server("", port, app) as server:
        print(f"listening on {port}", flush=True)
        server.serve_forever()

"""gunicorn settings of every app node: `gunicorn -c deploy/gunicorn.conf.py jobboard.wsgi`.

Only the address differs from node to node (GUNICORN_BIND); every node has the same Django
settings (the same DJANGO_SECRET_KEY, DATABASE_URL, DATABASE_REPLICA_URL and REDIS_URL), so a
login made on one node holds on every other.

Sync workers block on the one connection they serve. That is safe only behind a buffering proxy
(deploy/nginx.conf): never expose this address to clients.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8081")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
worker_class = "sync"
# A worker stuck longer than this on one request is killed and replaced.
timeout = 30
# On SIGTERM, requests in progress get this long to finish.
graceful_timeout = 20
# Behind nginx only: the proxy is the peer of every connection.
forwarded_allow_ips = "127.0.0.1"
# gunicorn's own messages, and Django's JSON log lines, on stderr.
errorlog = "-"
# gunicorn's control socket is one per user by default ($HOME/.gunicorn/gunicorn.ctl): two nodes on
# one machine would fight over it, and nodes are managed by their PIDs instead.
control_socket_disable = True

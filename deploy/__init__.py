"""The multi-node topology of the README's Production section, run on one machine.

`make cluster` (deploy.cluster start) starts a load balancer in front of two gunicorn nodes, a
streaming PostgreSQL replica and the nodes' shared Redis cache; `make cluster-stop` stops it;
`make cluster-check` (deploy.check) proves what a multi-node deployment relies on. The files
beside this one (nginx.conf, gunicorn.conf.py, replica.conf, replica_hba.conf) are the ones the
README shows and the script uses.
"""

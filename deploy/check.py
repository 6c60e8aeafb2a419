"""`make cluster-check`: what users of the multi-node deployment rely on, with figures.

Runs against the cluster `make cluster` started (the same CLUSTER_* settings):

1. A job saved in the admin through the load balancer shows on both nodes' /jobs/ on the next
   request (the cached pages are dropped on both). Then: a login made on one node holds on the
   other, and the login lockout counts wrong passwords sent to both nodes together.
2. With the replica replaying 2 s late (recovery_min_apply_delay), the client that wrote sees its
   write on its very next request, while an anonymous reader is served from the replica (the old
   title) until the replica has the write.
3. Reads go to the replica: transactions counted on each server around a burst of page views.
4. wrk through the load balancer for 30 s while node 1 is killed and started again: no failed
   request.
5. The replica stopped for 10 s under load: no 5xx; reads back on the replica after it returns.
6. Redis stopped for 10 s under load: no 5xx; /readyz says "cache: unavailable" meanwhile and
   recovers, and pages are cached again.
7. send_job_alerts started on both nodes at once (as two machines' cron would): each of 400
   alert addresses gets exactly one email, and both senders share the work.

Each step prints its figures; the script exits 1 when one fails. Not part of CI: it stops a
node, the replica and the shared Redis (restarted with CLUSTER_REDIS_RESTART).
"""

import sys
import tempfile
from pathlib import Path

from deploy.harness import Cluster, Step, say
from deploy.processes import running_pid
from deploy.steps import (
    step_1_cache_dropped,
    step_1b_logins_across_nodes,
    step_2_read_your_writes,
    step_3_reads_on_the_replica,
    step_4_node_killed,
    step_5_replica_stopped,
    step_6_redis_stopped,
    step_7_two_alert_senders,
)
from deploy.topology import Topology


def main() -> None:
    topology = Topology.from_env()
    for name in ("nginx", "node1", "node2", "replica"):
        if running_pid(topology.pid_file(name)) is None:
            raise SystemExit(f"cluster-check: {name} is not running; start it with `make cluster`.")
    cluster = Cluster(topology)
    steps = []
    with tempfile.TemporaryDirectory(prefix="jobboard-cluster-check-") as tmp:
        folder = Path(tmp)
        plan = [
            ("1", "a job saved in the admin shows on both nodes at once", step_1_cache_dropped),
            ("1b", "logins and the login lockout across nodes", step_1b_logins_across_nodes),
            ("2", "read-your-writes with the replica 2 s behind", step_2_read_your_writes),
            ("3", "reads go to the replica", step_3_reads_on_the_replica),
            ("4", "node 1 killed and started again under load", step_4_node_killed),
            ("5", "the replica stopped for 10 s under load", step_5_replica_stopped),
            ("6", "Redis stopped for 10 s under load", step_6_redis_stopped),
            ("7", "send_job_alerts on both nodes at once", step_7_two_alert_senders),
        ]
        try:
            chosen = sys.argv[1:]  # e.g. `python -m deploy.check 2 4`: only those steps
            for number, title, run in plan:
                if chosen and number not in chosen:
                    continue
                step = Step(number, title)
                steps.append(step)
                say(f"step {number}: {title}")
                run(cluster, step, folder)
        finally:
            cluster.restore_titles()
    failed = [step for step in steps if step.failures]
    for step in steps:
        say(f"step {step.number}: {'FAILED' if step.failures else 'passed'}")
    if failed:
        raise SystemExit(1)
    say("cluster-check: passed")


if __name__ == "__main__":
    main()

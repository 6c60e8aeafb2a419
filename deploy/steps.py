"""The steps of cluster-check (deploy/check.py), each printing its figures."""

import os
import shlex
import signal
import subprocess
import threading
import time
from datetime import datetime
from pathlib import Path

from bench import wrk
from bench.alerts import emails_sent, run_senders
from deploy.browser import Visitor
from deploy.cluster import (
    ADMIN_USER,
    manage,
    start_node,
)
from deploy.harness import Cluster, Step, clock
from deploy.postgres import start_replica
from deploy.processes import running_pid, stop_pid

REDIS_RESTART = os.environ.get(
    "CLUSTER_REDIS_RESTART",
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" '
    "--appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log",
)
OUTAGE_AT, OUTAGE_FOR = 8, 10  # seconds into a run of wrk, seconds down
NODE_KILLED_FOR = 7  # seconds
REPLICA_DELAY = 2  # seconds, step 2
BURST = 200  # page views, steps 3 and 5
STATS_FLUSH = 11  # seconds: PostgreSQL publishes an idle session's counts within 10 s


def step_1_cache_dropped(cluster: Cluster, step: Step, folder: Path) -> None:
    [(job_id, title, _)] = cluster.featured_jobs()
    nodes = [cluster.topology.node_url(n) for n in (1, 2)]
    for node in nodes:
        wrk.fetch(f"{node}/jobs/")
    before = [Visitor().get(f"{node}/jobs/") for node in nodes]
    step.figure(
        "before: /jobs/ on node1 and node2: X-Cache "
        + " / ".join(answer.headers.get("X-Cache", "-") for answer in before)
    )
    step.expect(all(a.headers.get("X-Cache") == "hit" for a in before), "pages were not cached")
    new_title = f"{title.split(' · ')[0]} · saved {datetime.now():%H:%M:%S}"
    admin = cluster.admin()
    saved = cluster.rename_job(admin, job_id, new_title)
    step.expect(saved.status == 200 and "was changed successfully" in saved.body, "save failed")
    step.figure(f"saved in the admin through the load balancer in {saved.seconds * 1000:.0f} ms")
    after = [Visitor().get(f"{node}/jobs/") for node in nodes]
    for number, answer in enumerate(after, 1):
        step.figure(
            f"node{number} /jobs/ right after the save: {answer.status}, X-Cache "
            f"{answer.headers.get('X-Cache', '-')}, new title "
            f"{'shown' if answer.has(new_title) else 'MISSING'} ({answer.seconds * 1000:.0f} ms)"
        )
        step.expect(answer.has(new_title), f"node{number} did not show the saved job at once")
    cached = Visitor().get(f"{nodes[0]}/jobs/")
    hit = cached.headers.get("X-Cache")
    step.figure(f"node1 /jobs/ again: X-Cache {hit} ({cached.seconds * 1000:.0f} ms)")
    saves_per_second(cluster, step)


def saves_per_second(
    cluster: Cluster, step: Step, *, clients: int = 4, seconds: float = 10
) -> None:
    """Writes all go to the one primary: job saves through the admin, `clients` at once."""
    jobs = cluster.featured_jobs(clients)
    admins = [cluster.admin() for _ in jobs]
    timings: list[float] = []
    failures = []

    def save(admin: Visitor, job_id: int, title: str) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            answer = cluster.rename_job(
                admin, job_id, f"{title.split(' · ')[0]} · {time.time():.3f}"
            )
            timings.append(answer.seconds)
            if answer.status != 200:
                failures.append(answer.status)

    threads = [
        threading.Thread(target=save, args=(admin, job_id, title))
        for admin, (job_id, title, _) in zip(admins, jobs, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    timings.sort()
    step.figure(
        f"writes: {len(timings)} job saves in {seconds:.0f} s from {len(jobs)} admins at once "
        f"({len(timings) / seconds:.1f}/s); a save (the change form's GET and POST) took "
        f"p50 {timings[len(timings) // 2] * 1000:.0f} ms, "
        f"p95 {timings[int(len(timings) * 0.95)] * 1000:.0f} ms"
    )
    step.expect(not failures, f"saves failed: {failures[:5]}")


def step_1b_logins_across_nodes(cluster: Cluster, step: Step, folder: Path) -> None:
    node1, node2 = (cluster.topology.node_url(n) for n in (1, 2))
    visitor = Visitor()
    visitor.log_in(node1, ADMIN_USER, cluster.password)
    other = visitor.get(f"{node2}/admin/")
    step.figure(f"logged in on node1; node2 /admin/ with that session: {other.status}")
    step.expect(other.status == 200 and "Log out" in other.body, "node2 did not know the login")
    username = f"lockout-probe-{int(time.time())}"
    answers = []
    for attempt in range(6):
        node = (node1, node2)[attempt % 2]
        answer = Visitor().log_in(node, username, "wrong-password")
        answers.append(f"{'node1' if node == node1 else 'node2'} {answer.status}")
        if answer.status == 429:
            break
    step.figure(f"wrong passwords for {username}, alternating nodes: {', '.join(answers)}")
    step.expect(
        answers[-1].endswith("429") and len(answers) <= 6,
        "the lockout did not count attempts across nodes",
    )
    manage(cluster.env, "axes_reset_username", username)


def step_2_read_your_writes(cluster: Cluster, step: Step, folder: Path) -> None:
    cluster.replica_sql(f"ALTER SYSTEM SET recovery_min_apply_delay = '{REPLICA_DELAY}s'")
    cluster.replica_sql("SELECT pg_reload_conf()")
    try:
        time.sleep(0.5)
        delay = cluster.replica_sql("SHOW recovery_min_apply_delay")[0][0]
        step.figure(f"replica: recovery_min_apply_delay = {delay}")
        [(job_id, title, slug)] = cluster.featured_jobs()
        page = f"{cluster.lb}/jobs/{slug}/"
        admin = cluster.admin()
        time.sleep(REPLICA_DELAY + 0.5)  # the login's own write reaches the replica
        for _ in range(3):
            wrk.fetch(page)  # the nodes see the replica caught up
        new_title = f"{title.split(' · ')[0]} · saved {datetime.now():%H:%M:%S}"
        started = time.monotonic()
        saved = cluster.rename_job(admin, job_id, new_title)
        step.expect(saved.status == 200, f"the save answered {saved.status}")
        written = admin.cookie("jobboard_written")
        step.figure(f"saved at {clock(started)}; the writer's cookie jobboard_written={written}")
        mine = admin.get(page)
        step.figure(
            f"{clock(started)} the writer's next request: new title "
            f"{'shown' if mine.has(new_title) else 'MISSING'}"
        )
        step.expect(mine.has(new_title), "the writer did not see its own write")
        anonymous = Visitor().get(page)
        step.figure(
            f"{clock(started)} an anonymous reader: "
            f"{'new title' if anonymous.has(new_title) else 'old title, from the replica'}"
        )
        step.expect(not anonymous.has(new_title), "the anonymous read was not the replica's")
        admin.forget_cookie("jobboard_written")
        unpinned = admin.get(page)
        step.figure(
            f"{clock(started)} the writer without its cookie: "
            f"{'new title' if unpinned.has(new_title) else 'old title, from the replica'}"
        )
        step.expect(not unpinned.has(new_title), "without the cookie the writer still saw it")
        seen_at = None
        while time.monotonic() - started < REPLICA_DELAY + 8:
            if Visitor().get(page).has(new_title):
                seen_at = time.monotonic() - started
                break
            time.sleep(0.1)
        step.figure(
            f"anonymous readers see the new title {seen_at:.1f} s after the save"
            if seen_at
            else "anonymous readers never saw the new title"
        )
        step.expect(
            seen_at is not None and seen_at >= REPLICA_DELAY - 0.2,
            "anonymous readers did not see the write once the replica had it",
        )
    finally:
        cluster.replica_sql("ALTER SYSTEM RESET recovery_min_apply_delay")
        cluster.replica_sql("SELECT pg_reload_conf()")


def step_3_reads_on_the_replica(cluster: Cluster, step: Step, folder: Path) -> None:
    before = cluster.transactions()
    seconds = cluster.burst(BURST, f"burst{int(time.time())}")
    time.sleep(STATS_FLUSH)
    after = cluster.transactions()
    primary, replica = (after[0] - before[0], after[1] - before[1])
    step.figure(
        f"{BURST} uncached page views in {seconds:.1f} s; committed transactions in "
        f"{cluster.topology.database}: replica +{replica}, primary +{primary}"
    )
    step.expect(replica >= BURST, "the replica did not serve the page views")
    step.expect(primary * 5 <= replica, "the primary served more than a fifth of the reads")


def step_4_node_killed(cluster: Cluster, step: Step, folder: Path) -> None:
    topology = cluster.topology
    log = topology.folder / "nginx-access.log"
    log_start = log.stat().st_size if log.exists() else 0
    started = time.monotonic()
    events = []

    def kill_and_restart():
        time.sleep(OUTAGE_AT)
        pid = running_pid(topology.pid_file("node1"))
        # `kill PID`: the node closes its port at once and its workers finish the answer in hand.
        # (kill -9 of every process can cut an answer halfway, which no proxy can send again.)
        os.kill(pid, signal.SIGTERM)
        topology.pid_file("node1").unlink()
        events.append(f"node1 (pid {pid}) killed (SIGTERM) at {clock(started)}")
        while wrk.fetch(f"{topology.node_url(1)}/healthz", timeout=2)[0] == 200:
            time.sleep(0.1)
        events.append(f"node1 gone at {clock(started)}")
        time.sleep(NODE_KILLED_FOR)
        start_node(topology, 1, cluster.env)
        events.append(f"node1 answering again at {clock(started)}")

    result = cluster.under_load(step, kill_and_restart, folder)
    step.figure("; ".join(events))
    time.sleep(1.5)  # nginx flushes its log every second
    lines = log.read_bytes()[log_start:].decode(errors="replace").splitlines()
    retried = sum(1 for line in lines if "upstream=127.0.0.1" in line and ", 127.0.0.1" in line)
    by_node = {
        n: sum(1 for line in lines if f"upstream=127.0.0.1:{topology.node_ports[n - 1]} " in line)
        for n in (1, 2)
    }
    step.figure(
        f"nginx: {len(lines)} requests, node1 answered {by_node[1]}, node2 {by_node[2]}; "
        f"{retried} sent on to the other node after node1 failed them"
    )
    failed = sum(n for code, n in result["statuses"].items() if not code.startswith(("2", "3")))
    step.expect(failed == 0, f"{failed} requests failed")
    step.expect(sum(result["errors"].values()) == 0, f"socket errors: {result['errors']}")
    step.expect(retried > 0, "nginx never sent a request on: node1 was not down under load")


def step_5_replica_stopped(cluster: Cluster, step: Step, folder: Path) -> None:
    topology = cluster.topology
    logs = [topology.log_file(f"node{n}") for n in (1, 2)]
    log_starts = [log.stat().st_size for log in logs]
    started = time.monotonic()
    events = []

    def stop_and_start():
        time.sleep(OUTAGE_AT)
        stop_pid(topology.pid_file("replica"), signal_number=signal.SIGINT, timeout=60)
        events.append(f"replica stopped at {clock(started)}")
        time.sleep(OUTAGE_FOR)
        start_replica(topology)
        events.append(f"streaming again at {clock(started)}")

    result = cluster.under_load(step, stop_and_start, folder)
    step.figure("; ".join(events))
    logged = "".join(
        log.read_bytes()[start:].decode(errors="replace")
        for log, start in zip(logs, log_starts, strict=True)
    )
    rerun = logged.count("A read on the replica failed")
    down = logged.count("The replica does not answer")
    step.figure(
        f"the nodes' logs: {rerun} requests whose read failed on the replica were answered "
        f"from the primary; {down} checks found the replica down"
    )
    step.expect(wrk.count_5xx(result) == 0, f"{wrk.count_5xx(result)} answers were 5xx")
    step.expect(sum(result["errors"].values()) == 0, f"socket errors: {result['errors']}")
    # Each process asks a failed replica again after DATABASE_REPLICA_RETRY_SECONDS (5), and
    # reads from it once it has caught up with what the primary wrote meanwhile.
    back = time.monotonic()
    ready = 0
    while ready < 6 and time.monotonic() - back < 60:
        for number in (1, 2):
            body = wrk.fetch(f"{topology.node_url(number)}/readyz")[1].decode()
            ready = ready + 1 if "replica: ok" in body else 0
        time.sleep(0.2)
    step.figure(
        f"both nodes report 'replica: ok' {time.monotonic() - back:.1f} s after it streams again"
    )
    before = cluster.transactions()
    cluster.burst(BURST, f"back{int(time.time())}")
    time.sleep(STATS_FLUSH)
    after = cluster.transactions()
    replica, primary = after[1] - before[1], after[0] - before[0]
    step.figure(
        f"after the return, {BURST} uncached page views: replica +{replica}, primary +{primary}"
    )
    step.expect(replica >= BURST, "reads did not return to the replica")


def redis_answers(cluster: Cluster) -> bool:
    host, port = cluster.topology.redis_host_port
    ping = subprocess.run(
        ["redis-cli", "-h", host, "-p", str(port), "ping"], capture_output=True, text=True
    )
    return ping.stdout.strip() == "PONG"


def step_6_redis_stopped(cluster: Cluster, step: Step, folder: Path) -> None:
    host, port = cluster.topology.redis_host_port
    started = time.monotonic()
    events = []
    probes: list[tuple[float, int, str]] = []
    finished = threading.Event()

    def probe():
        while not finished.is_set():
            status, body = wrk.fetch(f"{cluster.lb}/readyz", timeout=5)
            cache_line = next((x for x in body.decode().splitlines() if x.startswith("cache")), "")
            probes.append((time.monotonic() - started, status, cache_line))
            time.sleep(0.5)

    def stop_and_start():
        time.sleep(OUTAGE_AT)
        subprocess.run(["redis-cli", "-h", host, "-p", str(port), "shutdown", "nosave"])
        events.append(f"Redis stopped at {clock(started)}")
        try:
            time.sleep(OUTAGE_FOR)
        finally:
            subprocess.run(shlex.split(REDIS_RESTART), check=True)
            events.append(f"started again at {clock(started)}")

    prober = threading.Thread(target=probe)
    prober.start()
    try:
        result = cluster.under_load(step, stop_and_start, folder)
    finally:
        finished.set()
        prober.join()
        if not redis_answers(cluster):
            subprocess.run(shlex.split(REDIS_RESTART), check=True)
    step.figure("; ".join(events))
    down = [p for p in probes if OUTAGE_AT + 1 <= p[0] <= OUTAGE_AT + OUTAGE_FOR]
    step.figure(
        f"/readyz during the outage: {sum(p[1] == 503 for p in down)} of {len(down)} answered "
        f"503 ({down[0][2] if down else '-'!r})"
    )
    back = next((p for p in probes if p[0] > OUTAGE_AT + OUTAGE_FOR and p[1] == 200), None)
    step.figure(
        f"/readyz 200 again {back[0] - OUTAGE_AT - OUTAGE_FOR:.1f} s after the restart"
        if back
        else "/readyz never answered 200 again"
    )
    wrk.fetch(f"{cluster.lb}/jobs/")
    cached = Visitor().get(f"{cluster.lb}/jobs/").headers.get("X-Cache")
    step.figure(f"/jobs/ after the outage: X-Cache {cached}")
    step.expect(wrk.count_5xx(result) == 0, f"{wrk.count_5xx(result)} answers were 5xx")
    step.expect(sum(result["errors"].values()) == 0, f"socket errors: {result['errors']}")
    step.expect(bool(down) and all(p[1] == 503 for p in down), "/readyz missed the outage")
    step.expect(back is not None, "/readyz did not recover")
    step.expect(cached == "hit", "pages are not cached again after Redis came back")


ALERT_ADDRESSES = 400  # step 7
ALERT_DOMAIN = "cluster-check.example"
MAKE_ALERTS = """
import os
from datetime import timedelta
from django.utils import timezone
from alerts.models import Alert, AlertStatus, Subscriber
domain, count = os.environ["CHECK_ALERT_DOMAIN"], int(os.environ["CHECK_ALERT_COUNT"])
Subscriber.objects.filter(email__endswith="@" + domain).delete()
since = timezone.now() - timedelta(days=60)  # every demo job is new to them
subscribers = Subscriber.objects.bulk_create(
    Subscriber(email=f"seeker{n}@{domain}") for n in range(count)
)
queries = ["", "remote=remote", "employment_type=FT", "experience_level=SE"]
Alert.objects.bulk_create(
    Alert(subscriber=s, query=queries[n % len(queries)], status=AlertStatus.ACTIVE,
          confirmed_at=since, seen_until=since)
    for n, s in enumerate(subscribers)
)
"""
FORGET_ALERTS = """
import os
from alerts.models import Subscriber
Subscriber.objects.filter(email__endswith="@" + os.environ["CHECK_ALERT_DOMAIN"]).delete()
"""


def step_7_two_alert_senders(cluster: Cluster, step: Step, folder: Path) -> None:
    """Cron on both nodes runs send_job_alerts at the same minute: every address gets one email.

    The senders claim alerts with SELECT ... FOR UPDATE SKIP LOCKED (alerts/sending.py), so the
    two processes share the work without sending any alert twice."""
    from tests.smtp import Mailbox, SMTPServer

    marks = {"CHECK_ALERT_DOMAIN": ALERT_DOMAIN, "CHECK_ALERT_COUNT": str(ALERT_ADDRESSES)}
    manage(cluster.env, "shell", "-c", MAKE_ALERTS, extra_env=marks)
    mailbox = Mailbox(keep=False)
    smtp = SMTPServer(mailbox)
    smtp.start()
    try:
        env = {**cluster.env, "SITE_URL": cluster.lb}
        senders, outputs, wall = run_senders(env, senders=2, email_url=mailbox.url)
    finally:
        smtp.stop()
        manage(cluster.env, "shell", "-c", FORGET_ALERTS, extra_env=marks)
    for number, (sender, (_out, err)) in enumerate(zip(senders, outputs, strict=True), 1):
        step.expect(sender.returncode == 0, f"sender {number} failed: {err[-500:]}")
    sent = [
        emails_sent(out) if sender.returncode == 0 else 0
        for sender, (out, _) in zip(senders, outputs, strict=True)
    ]
    ours = {a: n for a, n in mailbox.recipients.items() if a.endswith(f"@{ALERT_DOMAIN}")}
    step.figure(
        f"{ALERT_ADDRESSES} addresses, two senders at once: {' + '.join(map(str, sent))} emails "
        f"in {wall:.1f} s; {len(ours)} addresses received mail, "
        f"{sum(n > 1 for n in ours.values())} of them more than once"
    )
    step.expect(len(ours) == ALERT_ADDRESSES, f"{ALERT_ADDRESSES - len(ours)} addresses got none")
    step.expect(all(n == 1 for n in ours.values()), "an address got more than one email")
    step.expect(sum(sent) == ALERT_ADDRESSES, f"the senders counted {sum(sent)} emails")
    step.expect(all(sent), "one sender sent nothing: the work was not shared")

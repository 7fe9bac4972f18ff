#!/usr/bin/env python3
"""Side-by-side benchmark: jsupervisor (bin/supervisord) vs Debian's Python supervisord 4.2.5.

Run through bench/run; see docs/benchmark.md. Python 3 standard library only.

Every daemon is started in a fresh temporary directory from the same generated
configuration, implementations alternate, and the medians are printed as a table with
the ratio ours/Python and PASS/FAIL against the targets of issue 9. Our daemon may not
have a working XML-RPC server yet: that is detected after start-up and whatever needs
RPC is reported as "n/a (no RPC)"; everything else is measured from the daemon's log
and /proc, identically for both implementations.
"""
import argparse
import ctypes
import datetime
import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import xmlrpc.client

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
WRITER = os.path.join(HERE, "writer.py")
CLK_TCK = os.sysconf("SC_CLK_TCK")
OURS, PY = "ours", "python"
NO_RPC = "n/a (no RPC)"


def log(msg):
    sys.stderr.write("[bench %s] %s\n" % (time.strftime("%H:%M:%S"), msg))
    sys.stderr.flush()


# ----------------------------------------------------------------------------- /proc

def proc_stat(pid):
    """Fields of /proc/<pid>/stat after the command name (index 0 = state), or None."""
    try:
        with open("/proc/%d/stat" % pid, "rb") as f:
            data = f.read()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    return data[data.rindex(b")") + 2:].split()


def cpu_seconds(pid):
    st = proc_stat(pid)
    if st is None:
        return None
    return (int(st[11]) + int(st[12])) / CLK_TCK


def cpu_ns_by_task(pid):
    """CPU nanoseconds of each live thread of pid ({tid: ns}), from /proc/<pid>/task/*/schedstat:
    exact, where utime + stime counts 10 ms ticks and an idle daemon uses a few ticks at most."""
    out = {}
    try:
        tids = os.listdir("/proc/%d/task" % pid)
    except OSError:
        return out
    for tid in tids:
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                out[tid] = int(f.read().split()[0])
        except (OSError, ValueError, IndexError):
            pass
    return out


def cpu_ns_between(before, after):
    """CPU used between two cpu_ns_by_task snapshots: threads present in both count their
    difference, threads born meanwhile all they used (threads that ended meanwhile are not seen)."""
    return sum(ns - before.get(tid, 0) for tid, ns in after.items())


def rss_kib(pid):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


def thread_count(pid):
    try:
        return len(os.listdir("/proc/%d/task" % pid))
    except FileNotFoundError:
        return None


def all_procs():
    """pid -> (ppid, starttime, state) for every process we can see."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        st = proc_stat(int(name))
        if st is not None:
            out[int(name)] = (int(st[1]), int(st[19]), st[0].decode())
    return out


def children_of(pid):
    """Live (non-zombie) children of pid: {child pid: starttime}."""
    return {p: v[1] for p, v in all_procs().items() if v[0] == pid and v[2] != "Z"}


def alive(pid, starttime=None):
    st = proc_stat(pid)
    if st is None or st[0] == b"Z":
        return False
    return starttime is None or int(st[19]) == starttime


# ----------------------------------------------------------------------------- process tracking

class Tracker:
    """Every daemon we start, and every child we have seen it run, so that all of them can be
    killed by pid on exit, Ctrl-C or error. The harness is also a child subreaper, so children
    orphaned by a dying daemon become ours instead of init's and can be found and reaped."""

    def __init__(self):
        self.daemons = []          # Popen objects
        self.children = {}         # pid -> starttime, ever seen under one of our daemons
        self.lock = threading.Lock()
        self.subreaper = False
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            PR_SET_CHILD_SUBREAPER = 36
            self.subreaper = libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
        except Exception:
            pass

    def add_daemon(self, p):
        with self.lock:
            self.daemons.append(p)

    def note_children(self, daemon_pid):
        kids = children_of(daemon_pid)
        with self.lock:
            self.children.update(kids)
        return kids

    def stop_daemon(self, p, timeout=30.0):
        """SIGTERM, wait, SIGKILL; then SIGKILL any child left behind. Returns leftovers killed."""
        if p.poll() is None:
            self.note_children(p.pid)
            try:
                os.kill(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                log("daemon %d did not exit within %.0fs of SIGTERM: SIGKILL" % (p.pid, timeout))
                self.note_children(p.pid)
                try:
                    os.kill(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()
        return self.kill_leftovers()

    def kill_leftovers(self):
        killed = []
        with self.lock:
            kids = list(self.children.items())
        for pid, start in kids:
            if alive(pid, start):
                killed.append(pid)
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        if killed:
            time.sleep(0.05)
        self.reap_orphans()
        with self.lock:
            for pid, start in kids:
                if not alive(pid, start):
                    self.children.pop(pid, None)
        return killed

    def reap_orphans(self):
        """Reap zombies re-parented to us (as subreaper), never our own Popen children."""
        mine = {p.pid for p in self.daemons}
        me = os.getpid()
        for pid, (ppid, _, state) in all_procs().items():
            if ppid == me and pid not in mine and state == "Z":
                try:
                    os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:
                    pass

    def cleanup(self):
        leftovers = []
        for p in list(self.daemons):
            leftovers += self.stop_daemon(p, timeout=10.0)
        # Anything re-parented to us that is not a daemon (a grandchild a daemon forgot).
        me = os.getpid()
        mine = {p.pid for p in self.daemons}
        for pid, (ppid, start, state) in all_procs().items():
            if ppid == me and pid not in mine and state != "Z":
                leftovers.append(pid)
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        time.sleep(0.05)
        self.reap_orphans()
        remaining = [pid for pid, start in self.children.items() if alive(pid, start)]
        remaining += [pid for pid, (ppid, _, st) in all_procs().items()
                      if ppid == me and st != "Z" and pid not in mine]
        return leftovers, remaining


TRACK = None


# ----------------------------------------------------------------------------- XML-RPC over AF_UNIX

class UnixHTTPConnection(http.client.HTTPConnection):
    def __init__(self, path, timeout):
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(self.timeout)
        try:
            s.connect(self.unix_path)
        except Exception:
            s.close()
            raise
        self.sock = s


class UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path, timeout):
        super().__init__()
        self.unix_path = path
        self.unix_timeout = timeout

    def make_connection(self, host):
        if self._connection and host == self._connection[0]:
            return self._connection[1]
        self._connection = host, UnixHTTPConnection(self.unix_path, self.unix_timeout)
        return self._connection[1]


def rpc_proxy(sock_path, timeout=120.0):
    return xmlrpc.client.ServerProxy("http://localhost/RPC2",
                                     transport=UnixTransport(sock_path, timeout), allow_none=True)


# ----------------------------------------------------------------------------- daemon log

LOG_RE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (\w+) (.*)$")
SPAWNED_RE = re.compile(r"^spawned: '([^']+)' with pid (\d+)")
SUCCESS_RE = re.compile(r"^success: (\S+) entered RUNNING state")
GAVEUP_RE = re.compile(r"^gave up: (\S+) entered FATAL state")


def parse_ts(s):
    return datetime.datetime.strptime(s, "%Y-%m-%d %H:%M:%S,%f").timestamp()


class LogTail:
    """Incremental reader of the daemon's main log: parsed lines and running counters."""

    def __init__(self, path):
        self.path = path
        self.offset = 0
        self.partial = b""
        self.lines = []            # (epoch seconds, level, message)
        self.spawned = []          # (ts, name, pid)
        self.success = []          # (ts, name)
        self.gaveup = []           # (ts, name)
        self.started = False

    def poll(self):
        try:
            with open(self.path, "rb") as f:
                f.seek(self.offset)
                data = f.read()
        except FileNotFoundError:
            return []
        if not data:
            return []
        self.offset += len(data)
        data = self.partial + data
        *complete, self.partial = data.split(b"\n")
        new = []
        for raw in complete:
            m = LOG_RE.match(raw.decode("utf-8", "replace"))
            if not m:
                continue
            ts, level, msg = parse_ts(m.group(1)), m.group(2), m.group(3)
            entry = (ts, level, msg)
            self.lines.append(entry)
            new.append(entry)
            if msg.startswith("supervisord started with pid"):
                self.started = True
            elif (s := SPAWNED_RE.match(msg)):
                self.spawned.append((ts, s.group(1), int(s.group(2))))
            elif (s := SUCCESS_RE.match(msg)):
                self.success.append((ts, s.group(1)))
            elif (s := GAVEUP_RE.match(msg)):
                self.gaveup.append((ts, s.group(1)))
        return new


# ----------------------------------------------------------------------------- configs and daemons

def gen_conf(d, programs, extra_supervisord=""):
    """programs: list of (name, {option: value}). Identical text for both implementations."""
    parts = [
        "[unix_http_server]\nfile=%s/s.sock\n" % d,
        "[supervisord]\nlogfile=%s/supervisord.log\npidfile=%s/supervisord.pid\n"
        "childlogdir=%s/logs\nminfds=10000\nloglevel=info\n%s" % (d, d, d, extra_supervisord),
        "[rpcinterface:supervisor]\n"
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n",
        "[supervisorctl]\nserverurl=unix://%s/s.sock\n" % d,
    ]
    for name, opts in programs:
        parts.append("[program:%s]\n" % name + "".join("%s=%s\n" % kv for kv in opts.items()))
    return "\n".join(parts)


def sleepers(n, **extra):
    opts = {"command": "/bin/sleep 100000", "startsecs": "0"}
    opts.update({k: str(v) for k, v in extra.items()})
    return [("p%04d" % i, dict(opts)) for i in range(n)]


class Env:
    def __init__(self, args):
        self.args = args
        self.py_root = None
        self.rpc_known = {}        # impl -> bool, once detected
        self.ctl_works = {}        # (ctl impl, daemon impl) -> bool
        self.scratch = tempfile.mkdtemp(prefix="jsb-scratch-", dir=args.tmpdir)

    def daemon_cmd(self, impl, conf):
        base = dict(os.environ, LC_ALL="C")       # children's dd prints its summary in C locale
        if impl == OURS:
            return [os.path.join(REPO, "bin", "supervisord"), "-n", "-c", conf], base
        env = base
        env["PYTHONPATH"] = os.path.join(self.py_root, "usr/lib/python3/dist-packages")
        return [sys.executable, os.path.join(self.py_root, "usr/bin/supervisord"),
                "-n", "-c", conf], env

    def ctl_cmd(self, impl, conf, *words):
        if impl == OURS:
            return [os.path.join(REPO, "bin", "supervisorctl"), "-c", conf] + list(words), \
                dict(os.environ)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.path.join(self.py_root, "usr/lib/python3/dist-packages")
        return [sys.executable, os.path.join(self.py_root, "usr/bin/supervisorctl"),
                "-c", conf] + list(words), env


class Daemon:
    """One daemon run in its own temporary directory."""

    def __init__(self, env, impl, programs, tag, extra_supervisord=""):
        self.env, self.impl = env, impl
        self.dir = tempfile.mkdtemp(prefix="jsb-%s-%s-" % (tag, impl[:2]), dir=env.args.tmpdir)
        os.mkdir(os.path.join(self.dir, "logs"))
        self.conf = os.path.join(self.dir, "supervisord.conf")
        with open(self.conf, "w") as f:
            f.write(gen_conf(self.dir, programs, extra_supervisord))
        self.sock = os.path.join(self.dir, "s.sock")
        self.log = LogTail(os.path.join(self.dir, "supervisord.log"))
        self.proc = None
        self.rpc_ok = None
        self.t_launch = None

    def start(self):
        cmd, envv = self.env.daemon_cmd(self.impl, self.conf)
        out = open(os.path.join(self.dir, "daemon.out"), "wb")
        self.t_launch = time.perf_counter()
        self.t_launch_wall = time.time()
        # A new session: a Ctrl-C at the terminal reaches only the harness, which then stops
        # the daemon in order.
        self.proc = subprocess.Popen(cmd, cwd=self.dir, env=envv, stdin=subprocess.DEVNULL,
                                     stdout=out, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        out.close()
        TRACK.add_daemon(self.proc)
        return self

    @property
    def pid(self):
        return self.proc.pid

    def rpc(self, timeout=120.0):
        return rpc_proxy(self.sock, timeout)

    def check_exited(self):
        if self.proc.poll() is not None:
            with open(os.path.join(self.dir, "daemon.out"), "rb") as f:
                tail = f.read()[-2000:].decode("utf-8", "replace")
            raise RuntimeError("%s daemon exited with %s:\n%s" % (self.impl, self.proc.returncode, tail))

    def wait_ready(self, timeout=120.0):
        """Wait until the daemon is up and decide whether its XML-RPC works; returns rpc_ok.

        No RPC means: some time (the grace) after the daemon logged "supervisord started" (or
        10 s after launch if it never does), supervisor.getState still fails: the socket is
        absent, refuses connections, or what answers is an error (an HTTP 503 while the
        daemon starts is retried until then). A socket that accepts but answers slowly
        (Python's supervisord spawning 1,000 programs in one pass of its loop) is an RPC
        that works, and we wait for its answer."""
        known = self.env.rpc_known.get(self.impl)
        grace = 3.0 if known is None else 1.0
        deadline = time.perf_counter() + timeout
        t_started = None
        last_err = None
        while True:
            self.check_exited()
            now = time.perf_counter()
            if now > deadline:
                raise RuntimeError("%s daemon not up after %.0fs (%r)" % (self.impl, timeout, last_err))
            self.log.poll()
            if self.log.started and t_started is None:
                t_started = now
            late = (t_started is not None and now - t_started > grace) or now - self.t_launch > 10.0
            if os.path.exists(self.sock):
                try:
                    self.rpc(max(1.0, deadline - now)).supervisor.getState()
                    self.rpc_ok = True
                    break
                except (xmlrpc.client.Fault, xmlrpc.client.ProtocolError, http.client.HTTPException,
                        OSError, ValueError) as e:
                    last_err = e
            if late and known is not True:
                if last_err is not None and not isinstance(last_err, (ConnectionRefusedError,
                                                                      FileNotFoundError)):
                    log("%s: RPC not usable: %r" % (self.impl, last_err))
                self.rpc_ok = False
                break
            time.sleep(0.01)
        if known is None or (self.rpc_ok and not known):
            self.env.rpc_known[self.impl] = self.rpc_ok
            log("%s daemon: XML-RPC %s" % (self.impl, "works" if self.rpc_ok else
                                           "NOT available (socket absent, refused or failing)"))
        return self.rpc_ok

    def wait_log(self, cond, timeout, step=0.002):
        deadline = time.perf_counter() + timeout
        while True:
            self.log.poll()
            if cond(self.log):
                return time.perf_counter()
            self.check_exited()
            if time.perf_counter() > deadline:
                raise RuntimeError("%s: timed out after %.0fs waiting on the log" % (self.impl, timeout))
            time.sleep(step)

    def stop(self):
        if self.proc is not None:
            t = time.perf_counter()
            left = TRACK.stop_daemon(self.proc, timeout=60.0)
            if self.env.args.verbose:
                log("%s daemon stopped in %.2fs" % (self.impl, time.perf_counter() - t))
            if left:
                log("%s: killed %d leftover children: %s" % (self.impl, len(left), left[:10]))
        if not self.env.args.keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


# ----------------------------------------------------------------------------- statistics

def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    k = (len(v) - 1) * p / 100.0
    lo = int(k)
    hi = min(lo + 1, len(v) - 1)
    return v[lo] + (v[hi] - v[lo]) * (k - lo)


def median(values):
    values = [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool)]
    return statistics.median(values) if values else None


class Results:
    """raw[workload key][impl] = list of per-run dicts; notes[(key, impl)] = why n/a."""

    def __init__(self):
        self.raw = {}
        self.na = {}

    def add(self, key, impl, run):
        self.raw.setdefault(key, {}).setdefault(impl, []).append(run)

    def mark_na(self, key, impl, why):
        self.na[(key, impl)] = why

    def runs(self, key, impl):
        return self.raw.get(key, {}).get(impl, [])

    def value(self, key, impl, metric, agg=median):
        vals = [r.get(metric) for r in self.runs(key, impl)]
        vals = [v for v in vals if v is not None]
        if not vals:
            return None
        return agg(vals)


def order(i):
    """Alternate which implementation goes first: py ours, ours py, py ours, ..."""
    return [PY, OURS] if i % 2 == 0 else [OURS, PY]


def guarded(res, key, impl, fn):
    try:
        fn()
    except KeyboardInterrupt:
        raise
    except Exception as e:
        log("%s/%s failed: %s" % (key, impl, e))
        traceback.print_exc(file=sys.stderr)
        res.mark_na(key, impl, "error: %s" % str(e).splitlines()[0][:80])


# ----------------------------------------------------------------------------- workloads 1, 2, 3, 7

def w_start(env, res, impl, n, rep, session_big=False):
    """Workload 1 (and, for the 1,000-program session, 2, 3 and 7 on the same daemon)."""
    a = env.args
    key = "w1_start_%d" % n
    with Daemon(env, impl, sleepers(n), "start%d" % n).start() as d:
        lat, stop = [], threading.Event()
        known = env.rpc_known.get(impl)

        def getstate_loop():
            proxy, up = d.rpc(120.0), False
            while not stop.is_set():
                t = time.perf_counter()
                try:
                    proxy.supervisor.getState()
                except (OSError, http.client.HTTPException, xmlrpc.client.Error):
                    proxy = d.rpc(120.0)
                    if d.proc.poll() is not None:
                        return
                    time.sleep(0.002)
                    continue
                dt = time.perf_counter() - t
                if up:                     # the first success only marks the socket as up
                    lat.append(dt)
                up = True
                time.sleep(0.001)

        th = None
        if known is not False:
            th = threading.Thread(target=getstate_loop, daemon=True)
            th.start()
        run = {}
        try:
            rpc_ok = d.wait_ready()
            if rpc_ok:
                # Poll from the moment the socket answers, as a monitoring client would; the
                # polling loads the daemon too (the log row below does not).
                proxy = d.rpc()
                deadline = time.perf_counter() + a.timeout
                polls = 0
                while True:
                    infos = proxy.supervisor.getAllProcessInfo()
                    polls += 1
                    if len(infos) == n and all(i["statename"] == "RUNNING" for i in infos):
                        run["rpc_launch_to_running_s"] = time.perf_counter() - d.t_launch
                        break
                    if time.perf_counter() > deadline:
                        raise RuntimeError("not all RUNNING after %.0fs" % a.timeout)
                run["rpc_polls"] = polls
            d.wait_log(lambda lg: len(lg.success) >= n, a.timeout)
            run["log_spawn_to_running_s"] = d.log.success[-1][0] - d.log.spawned[0][0]
            # From the log's own timestamp: wait_ready() may have returned later than that.
            run["log_launch_to_running_s"] = d.log.success[-1][0] - d.t_launch_wall
        finally:
            stop.set()
            if th:
                th.join(150)
        if rpc_ok:
            run["getstate_calls"] = len(lat)
            run["getstate_p99_ms"] = pct(lat, 99) * 1000 if lat else None
            run["getstate_max_ms"] = max(lat) * 1000 if lat else None
        res.add(key, impl, run)
        log("%s start %d: %s" % (impl, n, fmt_run(run)))
        kids = TRACK.note_children(d.pid)
        if len(kids) != n:
            log("%s: expected %d children, see %d" % (impl, n, len(kids)))

        only = env.args.only
        if n == 200 and "4" in only:
            w_status(env, res, impl, d, rep)
        if session_big:
            if "2" in only:
                guarded(res, "w2_idle", impl, lambda: w_idle(env, res, impl, d))
            if "3" in only:
                if rpc_ok:
                    guarded(res, "w3_getall", impl, lambda: w_getall(env, res, impl, d))
                else:
                    res.mark_na("w3_getall", impl, NO_RPC)
            if "7" in only:
                guarded(res, "w7_shutdown", impl, lambda: w_shutdown(env, res, impl, d, n))


def w_idle(env, res, impl, d):
    a = env.args
    time.sleep(a.settle)
    c0, n0, t0 = cpu_seconds(d.pid), cpu_ns_by_task(d.pid), time.perf_counter()
    time.sleep(a.idle)
    c1, n1, t1 = cpu_seconds(d.pid), cpu_ns_by_task(d.pid), time.perf_counter()
    exact = cpu_ns_between(n0, n1) / 1e9
    run = {"rss_mib": rss_kib(d.pid) / 1024.0, "threads": thread_count(d.pid),
           "cpu_s": exact, "cpu_s_per_10s": exact * 10.0 / (t1 - t0),
           "cpu_ticks_s_per_10s": (c1 - c0) * 10.0 / (t1 - t0),
           "idle_s": t1 - t0, "children": len(children_of(d.pid))}
    res.add("w2_idle", impl, run)
    log("%s idle: %s" % (impl, fmt_run(run)))


def w_getall(env, res, impl, d):
    proxy = d.rpc(300.0)
    lat = []
    box = env.args.getall_box
    t0 = time.perf_counter()
    while True:
        t = time.perf_counter()
        infos = proxy.supervisor.getAllProcessInfo()
        lat.append(time.perf_counter() - t)
        if len(infos) != env.args.big_n:
            raise RuntimeError("getAllProcessInfo returned %d entries" % len(infos))
        if time.perf_counter() - t0 >= box and len(lat) >= 2:
            break
    el = time.perf_counter() - t0
    raw = raw_getall_seconds(d.sock, max(3, min(len(lat), 30)))
    run = {"calls": len(lat), "calls_per_s": len(lat) / el, "p50_ms": pct(lat, 50) * 1000,
           "p99_ms": pct(lat, 99) * 1000, "raw_p50_ms": pct(raw, 50) * 1000}
    res.add("w3_getall", impl, run)
    log("%s getAllProcessInfo: %s" % (impl, fmt_run(run)))


def raw_getall_seconds(sock_path, calls):
    """The server's side of getAllProcessInfo: a raw HTTP request over the unix socket, timed
    until the last byte of the answer is read, without parsing it (Python's xmlrpc.client needs
    about 90 ms to parse a 1,000-process answer, which no server can make up for)."""
    body = (b"<?xml version='1.0'?><methodCall><methodName>supervisor.getAllProcessInfo"
            b"</methodName><params></params></methodCall>")
    request = (b"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
               b"Content-Length: %d\r\n\r\n" % len(body)) + body
    out = []
    for _ in range(calls):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(300)
        s.connect(sock_path)
        t = time.perf_counter()
        s.sendall(request)
        buf = b""
        length = None
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            buf += chunk
            if length is None and b"\r\n\r\n" in buf:
                head, _, _ = buf.partition(b"\r\n\r\n")
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = len(head) + 4 + int(value.strip())
            if length is not None and len(buf) >= length:
                break
        out.append(time.perf_counter() - t)
        s.close()
        if length is None or len(buf) < length:
            raise RuntimeError("incomplete raw getAllProcessInfo answer (%d bytes)" % len(buf))
    return out


def w_shutdown(env, res, impl, d, n):
    kids = TRACK.note_children(d.pid)
    if len(kids) != n:
        raise RuntimeError("expected %d running children before shutdown, found %d" % (n, len(kids)))
    t0 = time.perf_counter()
    os.kill(d.pid, signal.SIGTERM)
    deadline = t0 + env.args.timeout
    exited_at = None
    while True:
        if exited_at is None and d.proc.poll() is not None:
            exited_at = time.perf_counter()
        if exited_at is not None:
            left = [p for p, st in kids.items() if alive(p, st)]
            if not left:
                break
        if time.perf_counter() > deadline:
            raise RuntimeError("shutdown not complete after %.0fs" % env.args.timeout)
        time.sleep(0.002)
    t1 = time.perf_counter()
    run = {"shutdown_s": t1 - t0, "daemon_exit_s": exited_at - t0, "exit_code": d.proc.returncode,
           "children_left": 0}
    res.add("w7_shutdown", impl, run)
    log("%s shutdown %d: %s" % (impl, n, fmt_run(run)))


# ----------------------------------------------------------------------------- workload 4

def run_ctl(env, ctl_impl, d):
    cmd, envv = env.ctl_cmd(ctl_impl, d.conf, "status")
    t = time.perf_counter()
    p = subprocess.run(cmd, env=envv, cwd=d.dir, stdin=subprocess.DEVNULL, capture_output=True,
                       timeout=120)
    dt = time.perf_counter() - t
    out = p.stdout.decode("utf-8", "replace")
    ok = p.returncode in (0, 3) and len(re.findall(r"^p\d{4}\s+RUNNING", out, re.M)) == 200
    return dt, ok, (p.returncode, (out + p.stderr.decode("utf-8", "replace"))[-300:])


def w_status(env, res, daemon_impl, d, rep):
    """Workload 4: both CLIs against this daemon (200 programs), alternating."""
    key = "w4_status_vs_%s_daemon" % daemon_impl
    if not d.rpc_ok:
        res.mark_na(key, OURS, NO_RPC + " in our daemon")
        res.mark_na(key, PY, NO_RPC + " in our daemon")
        return
    usable = {}
    for ctl in (PY, OURS):
        k = (ctl, daemon_impl)
        if k not in env.ctl_works:
            try:
                _, ok, why = run_ctl(env, ctl, d)
            except subprocess.TimeoutExpired:
                ok, why = False, "timeout"
            env.ctl_works[k] = ok
            if not ok:
                log("%s supervisorctl does not work against %s daemon: %s" % (ctl, daemon_impl, why))
        usable[ctl] = env.ctl_works[k]
    times = {PY: [], OURS: []}
    for i in range(env.args.status_runs):
        for ctl in order(i):
            if usable[ctl]:
                dt, ok, why = run_ctl(env, ctl, d)
                if ok:
                    times[ctl].append(dt)
    for ctl in (PY, OURS):
        if not usable[ctl]:
            res.mark_na(key, ctl, "n/a (bin/supervisorctl not working)" if ctl == OURS else "error")
        elif times[ctl]:
            res.add(key, ctl, {"wall_s": median(times[ctl]), "runs": len(times[ctl])})
    log("status vs %s daemon: python ctl %s, our ctl %s" % (
        daemon_impl, fmt(median(times[PY])), fmt(median(times[OURS]))))


# ----------------------------------------------------------------------------- workload 5

DD_RE = re.compile(r"(\d+) bytes .*copied, ([\d.]+) s")


def dd_args(env, mode, size, count):
    """The writer: dd, one write(2) per block. Lines come from a file of 100-byte lines."""
    if mode == "big":
        return ["dd", "if=/dev/zero", "bs=%d" % size, "count=%d" % count]
    return ["dd", "if=%s" % lines_file(env, size, count), "bs=%d" % size]


def lines_file(env, size, count):
    path = os.path.join(env.scratch, "lines-%d-%d.txt" % (size, count))
    if not os.path.exists(path):
        line = b"x" * (size - 1) + b"\n"
        chunk = line * 10000
        with open(path + ".tmp", "wb") as f:
            for _ in range(count // 10000):
                f.write(chunk)
            f.write(line * (count % 10000))
        os.rename(path + ".tmp", path)
    return path


def dd_rate(text):
    m = DD_RE.search(text)
    return int(m.group(1)) / 1e6 / float(m.group(2)) if m and float(m.group(2)) > 0 else None


def writer_reference(env, res, mode, size, count):
    """The writer alone, three ways: into /dev/null; into a plain file in the same file system;
    through a pipe to `cat` writing that file (the ideal supervisor). dd reports its own rate."""
    key = "w5_log_%s" % mode
    out = {}
    cmd = dd_args(env, mode, size, count)
    plain = os.path.join(env.scratch, "ref-out")
    for target in ("devnull", "file", "pipe"):
        rates = []
        for _ in range(env.args.ref_reps):
            denv = dict(os.environ, LC_ALL="C")
            if target == "pipe":
                p = subprocess.run(["/bin/sh", "-c", '"$@" | cat > "$0"', plain] + cmd,
                                   stderr=subprocess.PIPE, timeout=600, env=denv)
            else:
                with open(os.devnull if target == "devnull" else plain, "wb") as f:
                    p = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, timeout=600, env=denv)
            rates.append(dd_rate(p.stderr.decode()))
            if os.path.exists(plain):
                os.unlink(plain)
        out[target] = median(rates)
    res.add(key + "_ref", "writer", {"devnull_mb_s": out["devnull"], "file_mb_s": out["file"],
                                     "pipe_cat_mb_s": out["pipe"]})
    log("writer alone (%s): /dev/null %s MB/s, plain file %s MB/s, | cat > file %s MB/s" % (
        mode, fmt(out["devnull"]), fmt(out["file"]), fmt(out["pipe"])))


def log_bytes(logdir):
    total = 0
    for name in os.listdir(logdir):
        if name == "w.log" or re.fullmatch(r"w\.log\.\d+", name):
            try:
                total += os.stat(os.path.join(logdir, name)).st_size
            except FileNotFoundError:
                pass
    return total


def w_logs(env, res, impl, mode, size, count):
    key = "w5_log_%s" % mode
    a = env.args
    expected = size * count
    tmpmark = "@MARK@"
    cmd = [sys.executable, WRITER, "--delay", str(a.writer_delay), "--mark", tmpmark, "--"] + \
        dd_args(env, mode, size, count)
    progs = [("w", {"command": " ".join(cmd),
                    "startsecs": "0", "autorestart": "false",
                    "stdout_logfile": "%(here)s/logs/w.log",
                    "stdout_logfile_maxbytes": "50MB", "stdout_logfile_backups": "10",
                    "stderr_logfile": "%(here)s/logs/w.err", "redirect_stderr": "false"})]
    with Daemon(env, impl, progs, "log" + mode) as d:
        # %(here)s is the config file's directory in both implementations; make it literal anyway.
        with open(d.conf) as f:
            text = f.read().replace("%(here)s", d.dir)
        text = text.replace(tmpmark, os.path.join(d.dir, "mark"))
        with open(d.conf, "w") as f:
            f.write(text)
        mark = os.path.join(d.dir, "mark")
        d.start()
        logdir = os.path.join(d.dir, "logs")
        deadline = time.perf_counter() + a.timeout
        while not os.path.exists(mark):
            d.check_exited()
            if time.perf_counter() > deadline:
                raise RuntimeError("writer did not start")
            time.sleep(0.001)
        cpu0 = cpu_seconds(d.pid)
        with open(mark) as f:
            t_start = float(f.read())
        TRACK.note_children(d.pid)
        deadline = time.perf_counter() + a.log_timeout
        hits, last_size, last_change = 0, -1, time.perf_counter()
        t_end = None
        while True:
            n = log_bytes(logdir)
            now = time.perf_counter()
            if n != last_size:
                last_size, last_change = n, now
            if n == expected:
                hits += 1
                if hits == 1:
                    t_end = time.time()
                    cpu1 = cpu_seconds(d.pid)
                if hits >= 2:
                    break
            else:
                hits = 0
            if n > expected or now > deadline or (now - last_change > 5.0 and n > 0):
                t_end, cpu1 = time.time(), cpu_seconds(d.pid)
                break
            time.sleep(0.002)
        # Let the writer finish and the daemon flush; then count again.
        d.wait_log(lambda lg: any(m.startswith("exited: w ") for _, _, m in lg.lines), 60)
        time.sleep(0.2)
        final = log_bytes(logdir)
        try:
            with open(os.path.join(logdir, "w.err")) as f:
                writer_rate = dd_rate(f.read())
        except OSError:
            writer_rate = None
        files = sorted(x for x in os.listdir(logdir) if x.startswith("w.log"))
        run = {"mb_per_s": expected / 1e6 / (t_end - t_start), "seconds": t_end - t_start,
               "daemon_cpu_s": cpu1 - cpu0, "bytes_written": expected, "bytes_in_logs": final,
               "bytes_lost": expected - final, "log_files": len(files),
               "writer_pipe_mb_s": writer_rate}
        res.add(key, impl, run)
        log("%s log %s: %s" % (impl, mode, fmt_run(run)))


# ----------------------------------------------------------------------------- workload 6

def w_crash(env, res, impl):
    a = env.args
    key = "w6_crash"
    progs = [("victim", {"command": "/bin/sleep 100000", "startsecs": "0", "autorestart": "true",
                         "startretries": "1000"})]
    with Daemon(env, impl, progs, "crash").start() as d:
        rpc_ok = d.wait_ready()
        d.wait_log(lambda lg: len(lg.success) >= 1, a.timeout)
        proxy = d.rpc(30.0) if rpc_ok else None
        t_rpc, t_log = [], []
        for k in range(a.kills):
            time.sleep(a.kill_gap)
            d.log.poll()
            old = d.log.spawned[-1][2]
            if rpc_ok:
                info = proxy.supervisor.getProcessInfo("victim")
                if info["pid"] != old or info["statename"] != "RUNNING":
                    raise RuntimeError("RPC and log disagree: %r vs pid %d" % (info, old))
            TRACK.note_children(d.pid)
            n_success = len(d.log.success)
            os.kill(old, signal.SIGKILL)
            t0 = time.perf_counter()
            got_rpc, got_log = (not rpc_ok), False
            deadline = t0 + 30.0
            while not (got_rpc and got_log):
                if not got_rpc:
                    info = proxy.supervisor.getProcessInfo("victim")
                    if info["statename"] == "RUNNING" and info["pid"] not in (old, 0):
                        t_rpc.append(time.perf_counter() - t0)
                        got_rpc = True
                if not got_log:
                    d.log.poll()
                    if len(d.log.success) > n_success and d.log.spawned[-1][2] != old:
                        t_log.append(time.perf_counter() - t0)
                        got_log = True
                if time.perf_counter() > deadline:
                    raise RuntimeError("victim not RUNNING again 30s after SIGKILL")
                if not got_rpc:
                    continue           # RPC calls pace the loop themselves
                time.sleep(0.0005)
        run = {"log_median_ms": median(t_log) * 1000, "log_max_ms": max(t_log) * 1000,
               "kills": len(t_log)}
        if rpc_ok:
            run.update({"rpc_median_ms": median(t_rpc) * 1000, "rpc_max_ms": max(t_rpc) * 1000})
        res.add(key, impl, run)
        log("%s crash->RUNNING: %s" % (impl, fmt_run(run)))


# ----------------------------------------------------------------------------- workload 8

def w_fatal(env, res, impl):
    a = env.args
    progs = [("f%02d" % i, {"command": "/bin/sh -c 'exit 1'", "startretries": "3"})
             for i in range(50)]
    with Daemon(env, impl, progs, "fatal").start() as d:
        rpc_ok = d.wait_ready()
        d.wait_log(lambda lg: len(lg.gaveup) >= 50, a.timeout)
        time.sleep(0.3)            # any spawn after the last FATAL would be a bug: count it too
        d.log.poll()
        run = {"log_all_fatal_s": d.log.gaveup[-1][0] - d.log.spawned[0][0],
               "spawns": len(d.log.spawned), "spawns_exact": len(d.log.spawned) == 200}
        if rpc_ok:
            infos = d.rpc().supervisor.getAllProcessInfo()
            run["rpc_all_fatal"] = len(infos) == 50 and all(i["statename"] == "FATAL" for i in infos)
        res.add("w8_fatal", impl, run)
        log("%s 50 x exit 1: %s" % (impl, fmt_run(run)))


# ----------------------------------------------------------------------------- report

def fmt(v, unit=""):
    if v is None:
        return "-"
    if isinstance(v, bool):
        return "yes" if v else "NO"
    if isinstance(v, int):
        return "%d%s" % (v, unit)
    if abs(v) >= 100:
        return "%.0f%s" % (v, unit)
    if abs(v) >= 10:
        return "%.1f%s" % (v, unit)
    if abs(v) >= 1:
        return "%.2f%s" % (v, unit)
    return "%.3f%s" % (v, unit)


def fmt_run(run):
    return ", ".join("%s=%s" % (k, fmt(v)) for k, v in run.items())


# Rows: (label, workload key, metric, unit, target kind, target param, target text)
#   kind "ratio_le": ours/python <= param; "abs_lt"/"abs_le": ours < / <= param;
#   "ratio_ge": ours/python >= param; "eq": ours == param (and python shown);
#   "ref_ge": ours >= param * writer reference; None: informational.
def rows(sizes, big):
    r = []
    for n in sizes:
        tgt = ("ratio_le", 0.1, "<= 1/10 Py") if n == big else (None, None, "")
        r.append(("1. start %d: launch -> all RUNNING (RPC poll)" % n, "w1_start_%d" % n,
                  "rpc_launch_to_running_s", "s") + tgt)
        r.append(("1. start %d: 1st spawned -> last success (log)" % n, "w1_start_%d" % n,
                  "log_spawn_to_running_s", "s") + tgt)
        r.append(("1. start %d: getState p99 meanwhile" % n, "w1_start_%d" % n,
                  "getstate_p99_ms", "ms") + ((("abs_lt", 50.0, "< 50 ms") if n == big
                                               else (None, None, ""))))
    r += [
        ("2. idle %d: RSS" % big, "w2_idle", "rss_mib", "MiB", "ratio_le", 1.0, "<= Py"),
        ("2. idle %d: CPU per 10 s" % big, "w2_idle", "cpu_s_per_10s", "s", "ratio_le", 0.2, "<= 1/5 Py"),
        ("2. idle %d: threads" % big, "w2_idle", "threads", "", "abs_le", 20, "<= 20"),
        ("3. getAllProcessInfo %d: calls/s" % big, "w3_getall", "calls_per_s", "/s", None, None, ""),
        ("3. getAllProcessInfo %d: p50" % big, "w3_getall", "p50_ms", "ms", "ratio_le", 0.02, "<= 1/50 Py"),
        ("3. getAllProcessInfo %d: p99" % big, "w3_getall", "p99_ms", "ms", None, None, ""),
        ("3. getAllProcessInfo %d: server side, p50" % big, "w3_getall", "raw_p50_ms", "ms", None,
         None, ""),
        ("4. status 200, Java vs Py CLI (Py daemon)", "w4_status_vs_python_daemon", "wall_s", "s",
         "ratio_le", 2 / 3, "<= 2/3 Py"),
        ("4. status 200, Java vs Py CLI (our daemon)", "w4_status_vs_ours_daemon", "wall_s", "s",
         "ratio_le", 2 / 3, "<= 2/3 Py"),
        ("5. log big writes: throughput", "w5_log_big", "mb_per_s", "MB/s", "ref_ge", 0.9,
         ">= 90% of dd|cat"),
        ("5. log big writes: writer's rate into the pipe", "w5_log_big", "writer_pipe_mb_s", "MB/s",
         None, None, ""),
        ("5. log big writes: daemon CPU", "w5_log_big", "daemon_cpu_s", "s", None, None, ""),
        ("5. log big writes: bytes lost (worst run)", "w5_log_big", "bytes_lost", "", "eq", 0, "= 0"),
        ("5. log 100-byte lines: throughput", "w5_log_lines", "mb_per_s", "MB/s", "ratio_ge", 5.0,
         ">= 5x Py"),
        ("5. log 100-byte lines: writer's rate into pipe", "w5_log_lines", "writer_pipe_mb_s", "MB/s",
         None, None, ""),
        ("5. log 100-byte lines: daemon CPU", "w5_log_lines", "daemon_cpu_s", "s", None, None, ""),
        ("5. log 100-byte lines: bytes lost (worst)", "w5_log_lines", "bytes_lost", "", "eq", 0, "= 0"),
        ("6. SIGKILL -> RUNNING, median (RPC)", "w6_crash", "rpc_median_ms", "ms", "abs_le", 20.0,
         "<= 20 ms"),
        ("6. SIGKILL -> RUNNING, max (RPC)", "w6_crash", "rpc_max_ms", "ms", None, None, ""),
        ("6. SIGKILL -> RUNNING, median (log)", "w6_crash", "log_median_ms", "ms", "abs_le", 20.0,
         "<= 20 ms"),
        ("6. SIGKILL -> RUNNING, max (log)", "w6_crash", "log_max_ms", "ms", None, None, ""),
        ("7. shutdown %d: SIGTERM -> all gone" % big, "w7_shutdown", "shutdown_s", "s", "ratio_le", 0.2,
         "<= 1/5 Py"),
        ("8. 50 x exit 1: -> all FATAL (log)", "w8_fatal", "log_all_fatal_s", "s", "abs_le", 6.2,
         "<= 6.2 s"),
        ("8. 50 x exit 1: spawns (worst run)", "w8_fatal", "spawns", "", "eq", 200, "= 200"),
    ]
    return r


RPC_METRICS = {"rpc_launch_to_running_s", "getstate_p99_ms", "rpc_median_ms", "rpc_max_ms"}
def worst(target):
    """The run furthest from the target value: one bad run must show, not hide in a median."""
    return lambda vals: max(vals, key=lambda v: abs(v - target))


AGG = {"log_max_ms": max, "rpc_max_ms": max, "bytes_lost": worst(0), "spawns": worst(200)}


def summarize(env, res, sizes):
    table = []
    for label, key, metric, unit, kind, param, ttext in rows(sizes, env.args.big_n):
        agg = AGG.get(metric, median)
        vals, notes = {}, {}
        for impl in (OURS, PY):
            v = res.value(key, impl, metric, agg)
            vals[impl] = v
            if v is None:
                why = res.na.get((key, impl))
                if why is None and metric in RPC_METRICS and env.rpc_known.get(impl) is False:
                    why = NO_RPC
                notes[impl] = why or "n/a"
        if key not in res.raw and not any(k == key for k, _ in res.na):
            continue                   # workload not run (--only)
        ours, py = vals[OURS], vals[PY]
        ratio = ours / py if (ours is not None and py not in (None, 0) and kind != "eq") else None
        verdict = ""
        if kind and ours is not None:
            if kind == "ratio_le" and ratio is not None:
                verdict = "PASS" if ratio <= param else "FAIL"
            elif kind == "ratio_ge" and ratio is not None:
                verdict = "PASS" if ratio >= param else "FAIL"
            elif kind == "abs_lt":
                verdict = "PASS" if ours < param else "FAIL"
            elif kind == "abs_le":
                verdict = "PASS" if ours <= param else "FAIL"
            elif kind == "eq":
                verdict = "PASS" if ours == param else "FAIL"
            elif kind == "ref_ge":
                ref = res.value(key + "_ref", "writer", "pipe_cat_mb_s")
                if ref:
                    verdict = "PASS" if ours >= param * ref else "FAIL"
                    ttext = "%s (%s MB/s)" % (ttext, fmt(param * ref))
        elif kind:
            verdict = "n/a"
        table.append({"workload": label, "metric": metric, "unit": unit, "ours": ours, "python": py,
                      "ratio": ratio, "target": ttext, "verdict": verdict,
                      "ours_note": notes.get(OURS), "python_note": notes.get(PY)})
    return table


def render(table, res):
    def cell(v, note, unit):
        if v is None:
            return note or "-"
        return fmt(v) + (" " + unit if unit and unit not in ("",) else "")

    hdr = ["Workload", "ours", "Python", "ours/Py", "target", "result"]
    lines = []
    data = [[t["workload"], cell(t["ours"], t["ours_note"], t["unit"]),
             cell(t["python"], t["python_note"], t["unit"]),
             fmt(t["ratio"]) if t["ratio"] is not None else "-", t["target"], t["verdict"]]
            for t in table]
    w = [max(len(str(r[i])) for r in data + [hdr]) for i in range(len(hdr))]
    lines.append("| " + " | ".join(h.ljust(w[i]) for i, h in enumerate(hdr)) + " |")
    lines.append("|" + "|".join("-" * (w[i] + 2) for i in range(len(hdr))) + "|")
    for r in data:
        lines.append("| " + " | ".join(str(c).ljust(w[i]) for i, c in enumerate(r)) + " |")
    refs = []
    for mode in ("big", "lines"):
        runs = res.runs("w5_log_%s_ref" % mode, "writer")
        if runs:
            refs.append("writer alone (%s): into /dev/null %s MB/s, into a plain file %s MB/s, "
                        "through a pipe to cat > file %s MB/s" % (
                            mode, fmt(median([r["devnull_mb_s"] for r in runs])),
                            fmt(median([r["file_mb_s"] for r in runs])),
                            fmt(median([r["pipe_cat_mb_s"] for r in runs]))))
    return "\n".join(lines + [""] + refs)


def machine_info(env):
    def sh(cmd):
        try:
            p = subprocess.run(cmd, capture_output=True, timeout=30)
            return (p.stdout + p.stderr).decode("utf-8", "replace").strip()
        except Exception as e:
            return "unavailable: %s" % e

    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem = "%.1f GiB" % (int(line.split()[1]) / 1024 / 1024)
    pysup = "?"
    try:
        with open(os.path.join(env.py_root, "usr/lib/python3/dist-packages/supervisor/version.txt")) as f:
            pysup = f.read().strip()
    except OSError:
        pass
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory": mem, "kernel": platform.release(),
            "java": sh(["java", "-version"]).splitlines()[0:2],
            "python": sys.version.split()[0], "python_supervisord": pysup,
            "git": sh(["git", "-C", REPO, "rev-parse", "--short", "HEAD"]),
            "date": time.strftime("%Y-%m-%d %H:%M:%S %z")}


# ----------------------------------------------------------------------------- main

def prepare(env):
    jar = os.path.join(REPO, "supervisor-rpc", "target", "supervisor-rpc.jar")
    if not os.path.exists(jar) or env.args.build:
        log("building: mvn -q -B -DskipTests package")
        subprocess.run(["mvn", "-q", "-B", "-DskipTests", "package"], cwd=REPO, check=True,
                       stdout=sys.stderr)
    p = subprocess.run([os.path.join(REPO, "scripts", "python-supervisor.sh")], check=True,
                       capture_output=True)
    env.py_root = p.stdout.decode().strip().splitlines()[-1]


def parse_args(argv):
    ap = argparse.ArgumentParser(description="jsupervisor vs Python supervisord, side by side")
    ap.add_argument("--quick", action="store_true", help="reduced sizes and repetitions (~1 min)")
    ap.add_argument("--json", help="write results here (default bench/results/<time>.json)")
    ap.add_argument("--only", help="comma-separated workload numbers to run, e.g. 1,5")
    ap.add_argument("--build", action="store_true", help="run the Maven build even if built")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directories")
    ap.add_argument("--verbose", action="store_true", help="more progress messages")
    ap.add_argument("--tmpdir", default=None, help="parent of the temporary directories")
    a = ap.parse_args(argv)
    q = a.quick
    a.big_n = 500 if q else 1000                   # workloads 1 (largest), 2, 3 and 7
    a.sizes = [10, 200, a.big_n]
    a.reps = {10: 1, 200: 1, a.big_n: 1} if q else {10: 3, 200: 3, 1000: 3}
    a.settle = 1.0
    a.idle = 5.0 if q else 10.0
    a.getall_box = 3.0 if q else 10.0
    a.status_runs = 3 if q else 7
    a.big = (1 << 20, 128 if q else 256)          # block size, count
    a.lines = (100, 300_000 if q else 2_000_000)
    a.log_reps = 1 if q else 3
    a.ref_reps = 1 if q else 2
    a.writer_delay = 1.0 if q else 2.0
    a.kills = 5 if q else 20
    a.kill_gap = 0.2
    a.fatal_reps = 1 if q else 3
    a.timeout = 300.0
    a.log_timeout = 600.0
    a.only = set(a.only.split(",")) if a.only else set("12345678")
    return a


def main(argv):
    global TRACK
    args = parse_args(argv)
    TRACK = Tracker()
    env = Env(args)
    res = Results()

    def on_signal(signum, frame):
        raise KeyboardInterrupt("signal %d" % signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    t_begin = time.perf_counter()
    interrupted = False
    machine = {}
    try:
        prepare(env)
        machine = machine_info(env)
        log("machine: %s" % json.dumps(machine))
        only = args.only
        if only & {"1", "2", "3", "4", "7"}:
            for n in args.sizes:
                if n == args.big_n:
                    if not only & {"1", "2", "3", "7"}:
                        continue
                elif not (only & {"1", "4"} if n == 200 else "1" in only):
                    continue
                for i in range(args.reps[n]):
                    for impl in order(i):
                        guarded(res, "w1_start_%d" % n, impl,
                                lambda: w_start(env, res, impl, n, i, session_big=(n == args.big_n)))
        if "5" in only:
            for mode, (size, count) in (("big", args.big), ("lines", args.lines)):
                guarded(res, "w5_log_%s_ref" % mode, "writer",
                        lambda: writer_reference(env, res, mode, size, count))
                for i in range(args.log_reps):
                    for impl in order(i):
                        guarded(res, "w5_log_%s" % mode, impl,
                                lambda: w_logs(env, res, impl, mode, size, count))
        if "6" in only:
            for impl in order(0):
                guarded(res, "w6_crash", impl, lambda: w_crash(env, res, impl))
        if "8" in only:
            for i in range(args.fatal_reps):
                for impl in order(i):
                    guarded(res, "w8_fatal", impl, lambda: w_fatal(env, res, impl))
    except KeyboardInterrupt:
        interrupted = True
        log("interrupted: cleaning up")
    finally:
        leftovers, remaining = TRACK.cleanup()
        shutil.rmtree(env.scratch, ignore_errors=True)
        if leftovers:
            log("cleanup killed leftover processes: %s" % leftovers)
        if remaining:
            log("WARNING: processes still alive after cleanup: %s" % remaining)
        else:
            log("cleanup: no process of ours left")

    sizes = [n for n in args.sizes if ("w1_start_%d" % n) in res.raw or
             any(k == "w1_start_%d" % n for k, _ in res.na)]
    table = summarize(env, res, sizes)
    text = render(table, res)
    elapsed = time.perf_counter() - t_begin
    header = ["jsupervisor benchmark (%s run, %.0f s)%s" % ("quick" if args.quick else "full", elapsed,
                                                            " INTERRUPTED" if interrupted else ""),
              "machine: %d CPUs, %s, %s RAM, kernel %s" % (
                  machine.get("nproc", 0), machine.get("cpu"), machine.get("memory"),
                  machine.get("kernel")),
              "java: %s" % " / ".join(machine.get("java", [])),
              "python: %s; Python supervisord %s; our RPC: %s" % (
                  machine.get("python"), machine.get("python_supervisord"),
                  {True: "works", False: "not available", None: "not tried"}[env.rpc_known.get(OURS)]),
              ""]
    print("\n".join(header) + text)
    path = args.json or os.path.join(HERE, "results", time.strftime("%Y%m%d-%H%M%S") +
                                     ("-quick" if args.quick else "") + ".json")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w") as f:
        json.dump({"machine": machine, "quick": args.quick, "interrupted": interrupted,
                   "elapsed_s": elapsed, "our_rpc": env.rpc_known.get(OURS),
                   "table": table, "raw": res.raw,
                   "na": {"%s/%s" % k: v for k, v in res.na.items()},
                   "leftover_processes": remaining}, f, indent=1, default=str)
    print("\nJSON: %s" % path)
    return 130 if interrupted else (1 if remaining else 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

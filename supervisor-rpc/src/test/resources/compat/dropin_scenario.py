# Log files at spawn, serverurl and the main log's copies of child output, seen through Python's
# own client, printed in a form that is the same against jsupervisor and against supervisord.
#
# usage: dropin_scenario.py <socket file> <dir>
import glob
import os
import socket
import sys
import time
import xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport

sock_path, workdir = sys.argv[1], sys.argv[2]
proxy = xmlrpc.client.ServerProxy(
    'http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + sock_path))


def call(name, *args):
    method = proxy
    for part in name.split('.'):
        method = getattr(method, part)
    try:
        result = method(*args)
    except xmlrpc.client.Fault as f:
        result = 'FAULT %d %s' % (f.faultCode, f.faultString)
    print('%s%r -> %r' % (name, args, result), flush=True)
    return result


def wait_for(what, predicate, timeout=30):
    deadline = time.time() + timeout
    while not predicate():
        if time.time() > deadline:
            sys.exit('timed out waiting for %s' % what)
        time.sleep(0.05)


def running(names):
    infos = {i['name']: i['statename'] for i in proxy.supervisor.getAllProcessInfo()}
    return all(infos.get(n) == 'RUNNING' for n in names)


def exists(name):
    return '%s exists: %s' % (name, os.path.exists(os.path.join(workdir, name)))


def logtail_status(name):
    """The status line of GET /logtail/<name>; the body may stream forever."""
    s = socket.socket(socket.AF_UNIX)
    s.settimeout(30)
    s.connect(sock_path)
    s.sendall(('GET /logtail/%s HTTP/1.1\r\nHost: localhost\r\n\r\n' % name).encode())
    head = b''
    while b'\r\n' not in head:
        data = s.recv(1024)
        if not data:
            break
        head += data
    s.close()
    return head.split(b'\r\n', 1)[0].decode()


wait_for('autostarts RUNNING', lambda: running(
    ['zeta', 'alpha_0', 'alpha_1', 'mid', 'beta', 'quiet', 'lst', 'envunset', 'envempty',
     'envauto', 'envset', 'mixed', 'utf8', 'later']))

# Named log files exist from the spawn on, before any output; AUTO ones from activation.
for name in ['quiet.out', 'quiet.err', 'lst.err', 'lazy.out']:
    print(exists(name))
print('lazy AUTO stderr files:', len(glob.glob(os.path.join(workdir, 'lazy-stderr---*.log'))))
call('supervisor.readProcessStdoutLog', 'quiet', 0, 100)
call('supervisor.readProcessStderrLog', 'quiet', 0, 100)
call('supervisor.tailProcessStdoutLog', 'quiet', 0, 100)
call('supervisor.readProcessStderrLog', 'lst', 0, 100)
call('supervisor.readProcessStdoutLog', 'lazy', 0, 100)
print('GET /logtail/quiet:', logtail_status('quiet'))
print('GET /logtail/lst/stderr:', logtail_status('lst/stderr'))
call('supervisor.startProcess', 'lazy')
print(exists('lazy.out'))
call('supervisor.readProcessStdoutLog', 'lazy', 0, 100)

# SUPERVISOR_SERVER_URL as each child saw it, and getAllConfigInfo's serverurl.
for name in ['envunset', 'envempty', 'envauto', 'envset']:
    wait_for(name + ' output', lambda: proxy.supervisor.readProcessStdoutLog(name, 0, 100))
    print(name, 'saw', proxy.supervisor.readProcessStdoutLog(name, 0, 100).replace(
        sock_path, 'SOCKET').strip())
for info in proxy.supervisor.getAllConfigInfo():
    print('config', info['group'], info['name'], repr(info['serverurl']))

# The main log's copies of these outputs are compared once the daemon has exited.
# (The files are read directly: mixed.log is not valid UTF-8.)
wait_for('output of mixed and utf8', lambda: all(
    os.path.exists(os.path.join(workdir, f)) and os.path.getsize(os.path.join(workdir, f)) > 0
    for f in ['mixed.log', 'utf8.log']))

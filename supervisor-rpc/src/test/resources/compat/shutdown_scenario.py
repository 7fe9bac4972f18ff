# What a daemon answers while it shuts down, through Python's own client and raw HTTP requests,
# printed in a form that is the same against jsupervisor and against supervisord.
#
# usage: shutdown_scenario.py <socket file> <dir>; <dir>/trap.log is the stdout log of 'trap',
# which reports the signals it receives and ends once <dir>/release exists.
import os
import signal
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
    if name == 'system.listMethods':
        result = '%d names' % len(result)
    print('%s%r -> %s' % (name, args, result), flush=True)
    return result


def trap_log():
    try:
        with open(os.path.join(workdir, 'trap.log')) as f:
            return f.read()
    except FileNotFoundError:
        return ''


def wait_for(what, predicate, timeout=30):
    deadline = time.time() + timeout
    while not predicate():
        if time.time() > deadline:
            sys.exit('timed out waiting for %s; trap.log: %r' % (what, trap_log()))
        time.sleep(0.05)


class Tail:
    """A GET on the daemon's socket; the body is de-chunked as it arrives."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(sock_path)
        self.sock.sendall(('GET %s HTTP/1.1\r\nHost: localhost\r\n\r\n' % path).encode())
        self.raw = b''
        while b'\r\n\r\n' not in self.raw:
            self._recv(10)
        head, self.raw = self.raw.split(b'\r\n\r\n', 1)
        lines = head.decode().split('\r\n')
        self.status = lines[0]
        self.headers = dict(l.split(': ', 1) for l in lines[1:])
        self.chunked = self.headers.get('Transfer-Encoding') == 'chunked'
        self.text = ''
        self.eof = False

    def _recv(self, timeout):
        self.sock.settimeout(timeout)
        data = self.sock.recv(65536)
        if not data:
            self.eof = True
        self.raw += data

    def _decode(self):
        if not self.chunked:
            self.text += self.raw.decode()
            self.raw = b''
            return
        while b'\r\n' in self.raw:
            size_line, rest = self.raw.split(b'\r\n', 1)
            size = int(size_line, 16)
            if len(rest) < size + 2:
                return
            self.text += rest[:size].decode()
            self.raw = rest[size + 2:]

    def describe(self):
        return '%s | Content-Type: %s | X-Accel-Buffering: %s | Transfer-Encoding: %s' % (
            self.status, self.headers.get('Content-Type'), self.headers.get('X-Accel-Buffering'),
            self.headers.get('Transfer-Encoding'))

    def read_until(self, text, timeout=30):
        deadline = time.time() + timeout
        self._decode()
        while text not in self.text:
            if self.eof or time.time() > deadline:
                sys.exit('%s: no %r in %r (eof %s)' % (self.status, text, self.text, self.eof))
            self._recv(deadline - time.time())
            self._decode()
        return self.text

    def read_to_eof(self, timeout=30):
        deadline = time.time() + timeout
        while not self.eof and time.time() < deadline:
            self._recv(deadline - time.time())
        self._decode()
        return self.eof


wait_for('trap to start', lambda: 'started\n' in trap_log())
wait_for('trap RUNNING', lambda: proxy.supervisor.getProcessInfo('trap')['statename'] == 'RUNNING')
call('supervisor.signalAllProcesses', 'USR1')
wait_for('USR1 before the shutdown', lambda: 'got-USR1\n' in trap_log())
pid = proxy.supervisor.getProcessInfo('trap')['pid']
early = Tail('/logtail/trap')
print('tail opened before:', early.describe())
early.read_until('got-USR1\n')

call('supervisor.shutdown')
wait_for('the shutdown to signal trap', lambda: 'got-TERM\n' in trap_log())
for name, args in [
        ('supervisor.signalAllProcesses', ('USR1',)),
        ('supervisor.signalAllProcesses', ('BOGUS',)),
        ('supervisor.signalProcess', ('trap', 'USR1')),
        ('supervisor.signalProcessGroup', ('trap', 'USR1')),
        ('supervisor.signalProcessGroup', ('nosuch', 'USR1')),
        ('supervisor.startProcess', ('trap',)),
        ('supervisor.stopAllProcesses', ()),
        ('supervisor.getState', ()),
        ('supervisor.getAPIVersion', ()),
        ('supervisor.getPID', ()),
        ('supervisor.readLog', (0, 0)),
        ('supervisor.getAllProcessInfo', ()),
        ('supervisor.sendRemoteCommEvent', ('type', 'data')),
        ('system.listMethods', ()),
        ('system.methodSignature', ('supervisor.getPID',)),
        ('system.multicall', ([{'methodName': 'supervisor.getState', 'params': []},
                               {'methodName': 'system.methodSignature',
                                'params': ['supervisor.getPID']}],)),
        ]:
    call(name, *args)

# A marker sent after every call above: had any of them signalled trap, its USR1 would have
# been handled first (pending signals are delivered lowest number first).
os.kill(pid, signal.SIGUSR2)
wait_for('the marker', lambda: 'got-USR2\n' in trap_log())
print('trap.log while shutting down: %r' % trap_log())

late = Tail('/logtail/trap')
print('tail opened during the shutdown:', late.describe())
print('  text: %r' % late.read_until('got-USR2\n'))
for path in ['/logtail/trap/stderr', '/mainlogtail', '/logtail/nosuch']:
    print('GET %s during the shutdown: %s' % (path, Tail(path).status))
print('tail opened before, streamed: %r' % early.read_until('got-USR2\n'))

open(os.path.join(workdir, 'release'), 'w').close()
print('tail opened before ends with the daemon: eof %s' % early.read_to_eof())
print('tail opened during ends with the daemon: eof %s' % late.read_to_eof())
print('trap.log at the end: %r' % trap_log())

# Drives the events scenario over XML-RPC (Python's own client): waits for the programs to
# settle, opening the gates that let "cap" and "brief" go on only once what must come first has
# been seen, stops "up", sends a remote communication event, then waits until the listener has
# recorded it (events reach a listener in order, so everything before it is recorded too).
import os
import sys
import time
import xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport

url, record = sys.argv[1], sys.argv[2]
proxy = xmlrpc.client.ServerProxy('http://127.0.0.1',
                                  transport=SupervisorTransport(None, None, url))


def wait_for(what, predicate, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    sys.exit('timed out waiting for ' + what)


def state(name):
    return proxy.supervisor.getProcessInfo(name)['statename']


def recorded():
    with open(record) as f:
        return f.read()


def open_gate(name):
    open(os.path.join(os.path.dirname(record), 'gate-' + name), 'w').close()


wait_for('up RUNNING', lambda: state('up') == 'RUNNING')
wait_for('crash FATAL', lambda: state('crash') == 'FATAL')
wait_for('cap RUNNING', lambda: state('cap') == 'RUNNING')
open_gate('cap-stdout')
wait_for('stdout capture event', lambda: 'PROCESS_COMMUNICATION_STDOUT' in recorded())
open_gate('cap-stderr')
wait_for('stderr capture event', lambda: 'PROCESS_COMMUNICATION_STDERR' in recorded())
wait_for('brief RUNNING', lambda: state('brief') == 'RUNNING')
open_gate('brief-exit')
wait_for('brief EXITED', lambda: state('brief') == 'EXITED')
wait_for('x RUNNING', lambda: state('x') == 'RUNNING')
print('stopProcess', proxy.supervisor.stopProcess('up'))
print('sendRemoteCommEvent', proxy.supervisor.sendRemoteCommEvent('greeting', 'hello\nworld'))
wait_for('remote event recorded', lambda: 'REMOTE_COMMUNICATION' in recorded())
time.sleep(0.5)  # nothing more is expected; give a stray event the chance to show

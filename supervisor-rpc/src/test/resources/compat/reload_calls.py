# The live-reload RPCs through Python's own xmlrpc client; prints what a comparison can use.
import sys
import xmlrpc.client as xmlrpclib
from supervisor.xmlrpc import SupervisorTransport

url, step = sys.argv[1], sys.argv[2]
s = xmlrpclib.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, url))


def call(name, *args):
    try:
        return repr(getattr(s.supervisor, name)(*args))
    except xmlrpclib.Fault as e:
        return 'Fault %d %s' % (e.faultCode, e.faultString)


def configs():
    out = []
    for c in s.supervisor.getAllConfigInfo():
        log = c['stdout_logfile']
        out.append('%s:%s inuse=%s stdout=%s' % (
            c['group'], c['name'], c['inuse'], log if log in ('auto', 'none') else 'PATH'))
    return '\n'.join(out)


if step == 'before':
    print('config info (initial):\n' + configs())
elif step == 'reread':
    print('reloadConfig ' + call('reloadConfig'))
    print('config info (after reread):\n' + configs())
    print('add keep ' + call('addProcessGroup', 'keep'))
    print('add nosuch ' + call('addProcessGroup', 'nosuch'))
    print('remove keep ' + call('removeProcessGroup', 'keep'))
    print('remove nosuch ' + call('removeProcessGroup', 'nosuch'))
    print('remove new (never added) ' + call('removeProcessGroup', 'new'))
elif step == 'updated':
    print('config info (after update):\n' + configs())

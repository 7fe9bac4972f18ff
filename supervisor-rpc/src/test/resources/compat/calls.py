# Calls supervisord's XML-RPC API through Python's own client and prints normalised answers,
# so that the output against jsupervisor can be compared with the output against supervisord.
import re
import sys
import time
import xmlrpc.client
from supervisor.xmlrpc import SupervisorTransport

url = sys.argv[1]
if url.startswith('unix://'):
    proxy = xmlrpc.client.ServerProxy('http://127.0.0.1',
                                      transport=SupervisorTransport(None, None, url))
else:
    proxy = xmlrpc.client.ServerProxy(url)


def norm(value):
    text = repr(value)
    text = re.sub(r"'(start|stop|now|pid)': \d+", r"'\1': N", text)
    text = re.sub(r'pid \d+, uptime \d+:\d\d:\d\d', 'pid N, uptime U', text)
    text = re.sub(r"/[^']*-(stdout|stderr)---[^']*\.log", r'AUTO-\1', text)
    return text


def call(name, *args, unordered=False):
    method = proxy
    for part in name.split('.'):
        method = getattr(method, part)
    try:
        result = method(*args)
    except xmlrpc.client.Fault as f:
        result = 'FAULT %d %s' % (f.faultCode, f.faultString)
    if unordered and isinstance(result, list):
        # Deferred results come in completion order, which differs from run to run even
        # against supervisord itself.
        result = sorted(result, key=lambda r: (r['group'], r['name']))
    print('%s%r -> %s' % (name, args, norm(result)))
    return result


call('supervisor.getAPIVersion')
call('supervisor.getVersion')
call('supervisor.getSupervisorVersion')
call('supervisor.getIdentification')
call('supervisor.getState')
print('getPID is int:', isinstance(proxy.supervisor.getPID(), int))
call('supervisor.getProcessInfo', 'cat')
call('supervisor.getProcessInfo', 'echo')
call('supervisor.getProcessInfo', 'nosuch')
call('supervisor.getProcessInfo', 'grp:*')
call('supervisor.getAllProcessInfo')
config = proxy.supervisor.getAllConfigInfo()
print('config names:', [c['name'] for c in config])
print('config keys:', list(config[0].keys()))
call('supervisor.startProcess', 'echo')
call('supervisor.startProcess', 'echo')
call('supervisor.startProcess', 'nosuch')
call('supervisor.startProcess', 'missing')
call('supervisor.startProcess', 'quick')
time.sleep(0.5)
call('supervisor.tailProcessStdoutLog', 'echo', 0, 3)
call('supervisor.tailProcessStdoutLog', 'echo', 100, 3)
call('supervisor.readProcessStdoutLog', 'echo', 0, 0)
call('supervisor.readProcessStderrLog', 'echo', -3, 0)
call('supervisor.readProcessStdoutLog', 'echo', -1, 5)
call('supervisor.readProcessStdoutLog', 'echo', 0, -5)
call('supervisor.readProcessLog', 'nosuch', 0, 0)
call('supervisor.tailProcessStderrLog', 'cat', 0, 10)
call('supervisor.sendProcessStdin', 'cat', 'to cat\n')
call('supervisor.sendProcessStdin', 'echo2', 'x')
call('supervisor.signalProcess', 'cat', 'NOSUCHSIG')
# CONT, not HUP: HUP kills sleep, and we reap at once where supervisord reaps up to 1 s later.
call('supervisor.signalProcess', 'echo2', 'CONT')
call('supervisor.signalProcessGroup', 'grp', 'CONT')
call('supervisor.signalAllProcesses', 'BOGUS')
call('supervisor.stopProcess', 'echo2')
call('supervisor.stopProcess', 'echo')
call('supervisor.stopProcessGroup', 'grp', unordered=True)
call('supervisor.stopProcessGroup', 'nosuch')
call('supervisor.startProcessGroup', 'grp', unordered=True)
call('supervisor.startProcess', 'grp:*', False)
call('supervisor.clearProcessLogs', 'echo2')
call('supervisor.clearProcessLogs', 'nosuch')
call('supervisor.startProcess')
call('supervisor.getState', 1)
call('supervisor.nosuch')
call('supervisor.a.b')
call('nonamespace')
call('system.listMethods')
call('system.methodSignature', 'supervisor.getProcessInfo')
call('system.methodSignature', 'supervisor.tailProcessStdoutLog')
call('system.methodSignature', 'system.multicall')
call('system.methodSignature', 'nosuch.method')
call('system.methodHelp', 'nosuch.method')
call('system.multicall', [{'methodName': 'supervisor.getAPIVersion'},
                          {'methodName': 'nosuch'},
                          {'methodName': 'supervisor.getProcessInfo', 'params': ['nosuch']},
                          {'methodName': 'system.multicall', 'params': [[]]},
                          {'params': []},
                          {'methodName': 'supervisor.stopProcess', 'params': ['echo2']}])
call('supervisor.sendRemoteCommEvent', 'type', 'data')

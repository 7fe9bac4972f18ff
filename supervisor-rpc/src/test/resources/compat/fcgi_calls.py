# A FastCGI group through Python's own xmlrpc client: what the RPCs say about it.
import sys
import xmlrpc.client as xmlrpclib
from supervisor.xmlrpc import SupervisorTransport

url, group = sys.argv[1], sys.argv[2]
s = xmlrpclib.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, url))

infos = [i for i in s.supervisor.getAllProcessInfo() if i['group'] == group]
for info in infos:
    print('%s:%s %s pid_set=%s spawnerr=%r' % (
        info['group'], info['name'], info['statename'], info['pid'] > 0, info['spawnerr']))
for c in s.supervisor.getAllConfigInfo():
    if c['group'] == group:
        print('%s:%s inuse=%s command=%s' % (
            c['group'], c['name'], c['inuse'], c['command'].split('/')[-1]))
try:
    first = '%s:%s' % (group, infos[0]['name'])
    print('sendProcessStdin %r' % s.supervisor.sendProcessStdin(first, 'x'))
except xmlrpclib.Fault as e:
    print('sendProcessStdin Fault %d %s' % (e.faultCode, e.faultString))

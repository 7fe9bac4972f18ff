# An event listener written with Python's supervisor.childutils, as a user would write one.
# Records, one line per event: the event name, the header keys, the payload header keys and
# the values that do not depend on timing (no pid, serial, poolserial or len values; serials
# are checked here to go up instead).
import sys
from supervisor import childutils

STABLE = ('processname', 'groupname', 'from_state', 'tries', 'expected', 'type', 'channel')


def main(path):
    last_poolserial = None
    last_serial = None
    with open(path, 'a') as out:
        while True:
            headers, payload = childutils.listener.wait(sys.stdin, sys.stdout)
            if '\n' in payload:
                fields, data = childutils.eventdata(payload)
            else:
                fields, data = childutils.get_headers(payload), None
            poolserial = int(headers['poolserial'])
            # poolserial counts this pool's events: each one exactly once, in order.
            gap = '' if last_poolserial is None or poolserial == last_poolserial + 1 \
                else ' POOLSERIAL-GAP(%s->%s)' % (last_poolserial, poolserial)
            last_poolserial = poolserial
            serial = int(headers['serial'])
            # serial is global: it goes up, by more than one when other pools took events.
            if last_serial is not None and serial <= last_serial:
                gap += ' SERIAL-NOT-INCREASING(%s->%s)' % (last_serial, serial)
            last_serial = serial
            line = '%s header=%s ver:%s server:%s pool:%s payload=%s %s%s%s' % (
                headers['eventname'], ','.join(sorted(headers)), headers['ver'],
                headers['server'], headers['pool'], ','.join(sorted(fields)),
                ' '.join('%s:%s' % (k, fields[k]) for k in STABLE if k in fields),
                '' if data is None else ' data=%r' % data, gap)
            out.write(line + '\n')
            out.flush()
            childutils.listener.ok(sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1])

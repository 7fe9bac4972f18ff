"""Runs a command on a new pseudo-terminal and types into it what arrives on stdin.

Usage: python3 pty_bridge.py COMMAND [ARGS...]

Everything the command writes to the terminal is copied to stdout. Bytes from stdin are typed into
the terminal (so Ctrl-C, byte 3, reaches the command as SIGINT through the terminal driver), but
only while the command is reading keys one by one (the terminal is not in canonical mode), as a
person waits for a prompt: keys typed earlier would meet the terminal driver's own line editing,
which for instance turns a Ctrl-D on an empty line into an end of file the command never sees.
Exits with the command's exit status once it has ended and its output is drained.
"""
import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios

LFLAG = 3

pid, fd = pty.fork()
if pid == 0:
    # A person's terminal delivers Ctrl-C and Ctrl-\ to a command that has not chosen to ignore them.
    # A test run started in the background of a non-interactive shell (or under nohup) inherits them
    # ignored, and an ignored signal stays ignored across exec: Python would then install no
    # KeyboardInterrupt handler and the JVM no SIGINT handler, and every Ctrl-C typed would be lost.
    for number in (signal.SIGINT, signal.SIGQUIT, signal.SIGHUP):
        signal.signal(number, signal.SIG_DFL)
    os.execvp(sys.argv[1], sys.argv[1:])
fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', 24, 200, 0, 0))


def reading_keys():
    try:
        return not termios.tcgetattr(fd)[LFLAG] & termios.ICANON
    except termios.error:
        return False


pending = b''
stdin_open = True
while True:
    if pending and reading_keys():
        os.write(fd, pending)
        pending = b''
    # The terminal's mode changes without an event to wait for: look again every 5 ms while keys wait.
    readable, _, _ = select.select([fd] + ([0] if stdin_open else []), [], [], 0.005 if pending else None)
    if 0 in readable:
        data = os.read(0, 1024)
        if data:
            pending += data
        else:
            stdin_open = False
    if fd in readable:
        try:
            data = os.read(fd, 4096)
        except OSError:  # EIO: the command and everything it started have closed the terminal
            data = b''
        if not data:
            break
        os.write(1, data)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status) & 0xff)

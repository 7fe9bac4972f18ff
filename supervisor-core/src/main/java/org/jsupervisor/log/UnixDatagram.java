package org.jsupervisor.log;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import jnr.constants.platform.Errno;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * A connected AF_UNIX datagram socket, through libc. Java's {@code DatagramChannel} has no
 * AF_UNIX support (JDK 16 added it only to {@code SocketChannel}), and {@code /dev/log} is a
 * datagram socket, so we bind the four libc calls we need.
 */
final class UnixDatagram implements Closeable {
  private static final int AF_UNIX = 1;
  private static final int SOCK_DGRAM = 2;
  private static final int SOCK_CLOEXEC = 0x80000; // keep it out of spawned children
  private static final int SUN_PATH_MAX = 108;
  private static final int MSG_DONTWAIT = 0x40;

  /** The libc calls used; public only because jnr-ffi generates its implementation. */
  public interface LibC {
    @SaveError
    int socket(int domain, int type, int protocol);

    @SaveError
    int connect(int fd, @In byte[] addr, int len);

    @SaveError
    int bind(int fd, @In byte[] addr, int len);

    @SaveError
    long send(int fd, @In byte[] buf, long len, int flags);

    @SaveError
    long recv(int fd, @Out byte[] buf, long len, int flags);

    int close(int fd);
  }

  private static final class Holder {
    static final LibC LIBC = org.jsupervisor.posix.NativeLibrary.libc(LibC.class);
  }

  private final int fd;

  private UnixDatagram(int fd) {
    this.fd = fd;
  }

  /** A socket connected to {@code path}, e.g. {@code /dev/log}. */
  static UnixDatagram connect(String path) throws IOException {
    return open(path, true);
  }

  /** A socket bound to {@code path}, to receive on (used by tests as a fake syslogd). */
  static UnixDatagram bind(String path) throws IOException {
    return open(path, false);
  }

  private static UnixDatagram open(String path, boolean connect) throws IOException {
    LibC libc = Holder.LIBC;
    int fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
      throw error("socket", path);
    }
    byte[] addr = sockaddr(path);
    int rc = connect ? libc.connect(fd, addr, addr.length) : libc.bind(fd, addr, addr.length);
    if (rc < 0) {
      IOException e = error(connect ? "connect" : "bind", path);
      libc.close(fd);
      throw e;
    }
    return new UnixDatagram(fd);
  }

  void send(byte[] data) throws IOException {
    if (Holder.LIBC.send(fd, data, data.length, 0) < 0) {
      throw error("send", "");
    }
  }

  /** Sends without waiting: a syslogd that is behind fails the send (EAGAIN) instead. */
  void sendNow(byte[] data) throws IOException {
    if (Holder.LIBC.send(fd, data, data.length, MSG_DONTWAIT) < 0) {
      throw error("send", "");
    }
  }

  /** Blocks for one datagram. */
  byte[] receive(int max) throws IOException {
    byte[] buf = new byte[max];
    long n = Holder.LIBC.recv(fd, buf, buf.length, 0);
    if (n < 0) {
      throw error("recv", "");
    }
    return java.util.Arrays.copyOf(buf, (int) n);
  }

  @Override
  public void close() {
    Holder.LIBC.close(fd);
  }

  /** {@code struct sockaddr_un}: native-order family, then the NUL-terminated path. */
  private static byte[] sockaddr(String path) throws IOException {
    byte[] p = path.getBytes(StandardCharsets.UTF_8);
    if (p.length >= SUN_PATH_MAX) {
      throw new IOException("unix socket path longer than " + (SUN_PATH_MAX - 1) + " bytes: " + path);
    }
    byte[] addr = new byte[2 + p.length + 1];
    boolean little = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    addr[little ? 0 : 1] = AF_UNIX;
    System.arraycopy(p, 0, addr, 2, p.length);
    return addr;
  }

  /** {@code connect: ENOENT (2) /dev/log}, as the project names failed native calls. */
  private static IOException error(String call, String path) {
    int errno = Runtime.getSystemRuntime().getLastError();
    Errno e = Errno.valueOf(errno);
    String name = e == null || e == Errno.__UNKNOWN_CONSTANT__ ? "errno" : e.name();
    return new IOException(call + ": " + name + " (" + errno + ")" + (path.isEmpty() ? "" : " " + path));
  }
}

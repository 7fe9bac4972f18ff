package org.jsupervisor.config;

import java.util.OptionalInt;

/**
 * The socket of an {@code [fcgi-program:x]}: {@code unix:///abs/path} or {@code tcp://host:port}.
 */
public record FcgiSocketConfig(
    String url, int backlog, OptionalInt ownerUid, OptionalInt ownerGid, int mode) {}

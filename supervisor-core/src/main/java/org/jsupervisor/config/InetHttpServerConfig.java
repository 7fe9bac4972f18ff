package org.jsupervisor.config;

import java.util.Optional;

/**
 * An {@code [inet_http_server]} section.
 *
 * @param host lower-cased host to bind; empty for all interfaces ({@code *:9001} or {@code :9001})
 */
public record InetHttpServerConfig(
    String section, String host, int port, Optional<Credentials> credentials) {}

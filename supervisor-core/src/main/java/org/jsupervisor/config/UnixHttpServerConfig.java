package org.jsupervisor.config;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A {@code [unix_http_server]} section.
 *
 * @param section the section name as written (any name starting with {@code unix_http_server})
 * @param file absolute socket path
 * @param chmod permission bits applied to the socket file (default 0700)
 * @param chownUid owner to chown the socket to, if configured
 * @param chownGid group to chown the socket to, if configured
 */
public record UnixHttpServerConfig(
    String section,
    String file,
    int chmod,
    OptionalInt chownUid,
    OptionalInt chownGid,
    Optional<Credentials> credentials) {}

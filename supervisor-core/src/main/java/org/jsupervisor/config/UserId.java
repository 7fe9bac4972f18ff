package org.jsupervisor.config;

/**
 * A user resolved at parse time, as supervisord resolves {@code user=}.
 *
 * @param name the account name (or the number as text when the uid has no passwd entry)
 * @param uid numeric user id
 * @param gid primary group id from the passwd entry
 */
public record UserId(String name, int uid, int gid) {}

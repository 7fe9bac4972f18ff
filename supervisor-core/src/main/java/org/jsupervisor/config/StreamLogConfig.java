package org.jsupervisor.config;

/**
 * The logging options of one child stream (stdout or stderr).
 *
 * @param file where the stream is written
 * @param maxBytes rotate when the file reaches this size; 0 never rotates
 * @param backups how many rotated files to keep; 0 truncates instead
 * @param captureMaxBytes above 0 enables capture mode (PROCESS_COMMUNICATION events)
 * @param eventsEnabled emit PROCESS_LOG events for this stream
 * @param syslog also send each line to syslog
 */
public record StreamLogConfig(
    LogFile file,
    long maxBytes,
    int backups,
    long captureMaxBytes,
    boolean eventsEnabled,
    boolean syslog) {}

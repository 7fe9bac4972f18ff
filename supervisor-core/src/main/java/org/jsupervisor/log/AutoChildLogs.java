package org.jsupervisor.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.regex.Pattern;
import org.jsupervisor.config.SupervisordConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Names, creates and cleans up {@code AUTO} child logs the way supervisord does:
 * {@code <process>-<stdout|stderr>---<identifier>-<8 random chars>.log} in {@code childlogdir},
 * created empty with mode 0600 when the group is activated, and deleted (with their backups) at
 * start-up unless {@code nocleanup}.
 */
public final class AutoChildLogs {
  private static final Logger log = LoggerFactory.getLogger("supervisord");
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private AutoChildLogs() {}

  /** Creates a new, empty AUTO log file (mode 0600) and returns its path. */
  public static Path create(Path childlogdir, String processName, Channel channel,
      String identifier) throws IOException {
    while (true) {
      var suffix = new StringBuilder(8);
      for (int i = 0; i < 8; i++) {
        suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      }
      Path path = childlogdir.resolve(
          processName + "-" + channel.wireName() + "---" + identifier + "-" + suffix + ".log");
      try {
        return Files.createFile(path,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        // astronomically unlikely; pick another name
      }
    }
  }

  /**
   * The daemon's start-up cleanup, to call once before the first group is activated (as
   * supervisord does before creating its process groups): unless {@code nocleanup}, deletes the
   * AUTO logs an earlier run with the same identifier left in {@code childlogdir}. Problems are
   * logged with supervisord's WARN wording and never stop the start-up.
   *
   * @return how many files were deleted
   */
  public static int cleanupAtStartup(SupervisordConfig config) {
    if (config.nocleanup()) {
      return 0;
    }
    try {
      return cleanup(Path.of(config.childlogdir()), config.identifier());
    } catch (IOException e) {
      log.warn("Could not clear childlog dir");
      return 0;
    }
  }

  /**
   * Deletes the AUTO logs (and rotated backups) named for {@code identifier}: supervisord's
   * pattern {@code ^.+?---<identifier>-\S+\.log\.?\d{0,4}}, matched from the start of the name.
   * The identifier is taken literally here (supervisord would read it as a regex).
   *
   * @throws IOException the directory cannot be listed
   */
  public static int cleanup(Path childlogdir, String identifier) throws IOException {
    Pattern pattern =
        Pattern.compile("^.+?---" + Pattern.quote(identifier) + "-\\S+\\.log\\.?\\d{0,4}");
    int deleted = 0;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(childlogdir)) {
      for (Path p : dir) {
        if (pattern.matcher(p.getFileName().toString()).lookingAt() && Files.isRegularFile(p)) {
          try {
            Files.deleteIfExists(p);
            deleted++;
          } catch (IOException e) {
            log.warn("Failed to clean up '{}'", p);
          }
        }
      }
    }
    return deleted;
  }
}

package org.jsupervisor.log;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.regex.Pattern;

/**
 * Names, creates and cleans up {@code AUTO} child logs the way supervisord does:
 * {@code <process>-<stdout|stderr>---<identifier>-<8 random chars>.log} in {@code childlogdir},
 * created empty with mode 0600, and deleted (with their backups) at start-up unless
 * {@code nocleanup}.
 */
public final class AutoChildLogs {
  private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private AutoChildLogs() {}

  /** Creates a new, empty AUTO log file and returns its path. */
  public static Path create(Path childlogdir, String processName, String channel,
      String identifier) throws IOException {
    while (true) {
      var suffix = new StringBuilder(8);
      for (int i = 0; i < 8; i++) {
        suffix.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
      }
      Path path = childlogdir.resolve(
          processName + "-" + channel + "---" + identifier + "-" + suffix + ".log");
      try {
        return Files.createFile(path,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // astronomically unlikely; pick another name
      }
    }
  }

  /** Deletes the AUTO logs (and backups) that an earlier run with this identifier left behind. */
  public static int cleanup(Path childlogdir, String identifier) throws IOException {
    Pattern pattern = Pattern.compile("^.+?---" + Pattern.quote(identifier) + "-\\S+\\.log\\.?\\d{0,4}");
    int deleted = 0;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(childlogdir)) {
      for (Path p : dir) {
        if (pattern.matcher(p.getFileName().toString()).lookingAt() && Files.isRegularFile(p)) {
          Files.deleteIfExists(p);
          deleted++;
        }
      }
    }
    return deleted;
  }
}

package org.jsupervisor.posix;

import java.util.ArrayList;
import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Raises the daemon's RLIMIT_NOFILE / RLIMIT_NPROC to {@code minfds} / {@code minprocs} at start-up,
 * with supervisord's policy and messages ({@code options.set_rlimits_or_exit}).
 */
public final class Rlimits {
  /** rlim_t RLIM_INFINITY as a signed long; Python shows it as -1 too. */
  public static final long INFINITY = -1L;

  /** The two limits supervisord manages, with Linux's resource numbers (same on x86-64 and arm64). */
  public enum Resource {
    NOFILE(7, "RLIMIT_NOFILE",
        "The minimum number of file descriptors required to run this process is %d as per the"
            + " \"minfds\" command-line argument or config file setting. The current environment"
            + " will only allow you to open %d file descriptors.  Either raise the number of"
            + " usable file descriptors in your environment (see README.rst) or lower the minfds"
            + " setting in the config file to allow the process to start."),
    NPROC(6, "RLIMIT_NPROC",
        "The minimum number of available processes required to run this program is %d as per"
            + " the \"minprocs\" command-line argument or config file setting. The current"
            + " environment will only allow you to open %d processes.  Either raise the number of"
            + " usable processes in your environment (see README.rst) or lower the minprocs"
            + " setting in the config file to allow the program to start.");

    final int number;
    final String rlimitName;
    final String refusal;

    Resource(int number, String rlimitName, String refusal) {
      this.number = number;
      this.rlimitName = rlimitName;
      this.refusal = refusal;
    }
  }

  /** What {@link #ensureAtLeast} did. */
  public sealed interface Outcome {
    Resource resource();
  }

  /** The soft limit was already at least the minimum (or unlimited); nothing changed. */
  public record Sufficient(Resource resource, long soft, long hard) implements Outcome {}

  /** The soft limit (and the hard one if it was lower) was raised to {@code min}. */
  public record Raised(Resource resource, long min) implements Outcome {
    /** supervisord's INFO line: {@code Increased RLIMIT_NOFILE limit to 1024}. */
    public String message() {
      return "Increased " + resource.rlimitName + " limit to " + min;
    }
  }

  /**
   * {@code setrlimit} refused (typically: the hard limit is below the minimum and we are not
   * root). The daemon prints {@link #message()} as a usage error and exits 2.
   */
  public record Refused(Resource resource, long min, long shownHard, int errno) implements Outcome {
    /**
     * supervisord's text. It names the hard limit it tried to set, which is the minimum itself
     * when the real hard limit was lower (a quirk of its {@code locals()} formatting, kept).
     */
    public String message() {
      return String.format(resource.refusal, min, shownHard);
    }
  }

  /** Reads and writes one limit; the seam that lets tests play a non-root daemon. */
  interface Access {
    /** {soft, hard}. */
    long[] get(int resource);

    /** 0 or errno. */
    int set(int resource, long soft, long hard);
  }

  private final Access access;

  Rlimits(Access access) {
    this.access = access;
  }

  /** Limits of this process. */
  public static Rlimits system() {
    return new Rlimits(new NativeAccess());
  }

  /**
   * Applies supervisord's start-up policy to both limits, in its order (NOFILE, then NPROC),
   * stopping at the first {@link Refused}.
   */
  public List<Outcome> applyMinimums(long minfds, long minprocs) {
    List<Outcome> outcomes = new ArrayList<>();
    outcomes.add(ensureAtLeast(Resource.NOFILE, minfds));
    if (!(outcomes.get(0) instanceof Refused)) {
      outcomes.add(ensureAtLeast(Resource.NPROC, minprocs));
    }
    return outcomes;
  }

  /** Raises {@code resource}'s soft limit to {@code min}, and the hard one if it is lower. */
  public Outcome ensureAtLeast(Resource resource, long min) {
    long[] limits = access.get(resource.number);
    long soft = limits[0];
    long hard = limits[1];
    if (soft == INFINITY || soft >= min) {
      return new Sufficient(resource, soft, hard);
    }
    if (hard != INFINITY && hard < min) {
      hard = min; // only root may raise the hard limit; otherwise setrlimit fails with EPERM
    }
    int errno = access.set(resource.number, min, hard);
    return errno == 0 ? new Raised(resource, min) : new Refused(resource, min, hard, errno);
  }

  private static final class NativeAccess implements Access {
    /** struct rlimit { rlim_t rlim_cur; rlim_t rlim_max; } on 64-bit Linux. */
    private final Pointer rlimit = Memory.allocateDirect(LibC.RUNTIME, 16);

    @Override
    public long[] get(int resource) {
      if (LibC.INSTANCE.getrlimit(resource, rlimit) != 0) {
        throw new PosixException("getrlimit", LibC.errno());
      }
      return new long[] {rlimit.getLong(0), rlimit.getLong(8)};
    }

    @Override
    public int set(int resource, long soft, long hard) {
      rlimit.putLong(0, soft);
      rlimit.putLong(8, hard);
      return LibC.INSTANCE.setrlimit(resource, rlimit) == 0 ? 0 : LibC.errno();
    }
  }
}

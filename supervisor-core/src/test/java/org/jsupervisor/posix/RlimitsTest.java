package org.jsupervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jsupervisor.posix.Rlimits.Raised;
import org.jsupervisor.posix.Rlimits.Refused;
import org.jsupervisor.posix.Rlimits.Resource;
import org.jsupervisor.posix.Rlimits.Sufficient;
import org.junit.jupiter.api.Test;

class RlimitsTest {
  /** Plays the kernel: only "root" may raise a hard limit. */
  static final class FakeLimits implements Rlimits.Access {
    final Map<Integer, long[]> limits = new HashMap<>();
    final boolean root;
    final List<String> calls = new ArrayList<>();

    FakeLimits(boolean root, long nofileSoft, long nofileHard, long nprocSoft, long nprocHard) {
      this.root = root;
      limits.put(7, new long[] {nofileSoft, nofileHard});
      limits.put(6, new long[] {nprocSoft, nprocHard});
    }

    @Override
    public long[] get(int resource) {
      return limits.get(resource).clone();
    }

    @Override
    public int set(int resource, long soft, long hard) {
      calls.add(resource + ":" + soft + "/" + hard);
      long oldHard = limits.get(resource)[1];
      boolean raisesHard = oldHard != Rlimits.INFINITY && (hard == Rlimits.INFINITY || hard > oldHard);
      if (raisesHard && !root) {
        return Errno.EPERM;
      }
      limits.put(resource, new long[] {soft, hard});
      return 0;
    }
  }

  @Test
  void softLimitAboveMinimumOrUnlimitedIsLeftAlone() {
    var fake = new FakeLimits(false, 2048, 4096, Rlimits.INFINITY, Rlimits.INFINITY);
    List<Rlimits.Outcome> outcomes = new Rlimits(fake).applyMinimums(1024, 200);
    assertEquals(List.of(new Sufficient(Resource.NOFILE, 2048, 4096),
        new Sufficient(Resource.NPROC, Rlimits.INFINITY, Rlimits.INFINITY)), outcomes);
    assertEquals(List.of(), fake.calls);
  }

  @Test
  void softLimitIsRaisedUpToTheHardLimitWithoutRoot() {
    var fake = new FakeLimits(false, 256, 4096, 100, 1000);
    List<Rlimits.Outcome> outcomes = new Rlimits(fake).applyMinimums(1024, 200);
    assertEquals(List.of(new Raised(Resource.NOFILE, 1024), new Raised(Resource.NPROC, 200)), outcomes);
    assertEquals("Increased RLIMIT_NOFILE limit to 1024", ((Raised) outcomes.get(0)).message());
    assertEquals(List.of("7:1024/4096", "6:200/1000"), fake.calls);
  }

  @Test
  void rootRaisesTheHardLimitToo() {
    var fake = new FakeLimits(true, 256, 512, 100, 1000);
    assertEquals(new Raised(Resource.NOFILE, 1024), new Rlimits(fake).ensureAtLeast(Resource.NOFILE, 1024));
    assertEquals(List.of("7:1024/1024"), fake.calls);
  }

  @Test
  void nonRootWithLowHardLimitGetsSupervisordsRefusalAndStops() {
    var fake = new FakeLimits(false, 256, 512, 100, 150);
    List<Rlimits.Outcome> outcomes = new Rlimits(fake).applyMinimums(1024, 200);
    assertEquals(1, outcomes.size(), "NPROC is not tried after NOFILE was refused");
    Refused refused = assertInstanceOf(Refused.class, outcomes.get(0));
    assertEquals(Errno.EPERM, refused.errno());
    assertEquals("The minimum number of file descriptors required to run this process is 1024 as"
        + " per the \"minfds\" command-line argument or config file setting. The current"
        + " environment will only allow you to open 1024 file descriptors.  Either raise the"
        + " number of usable file descriptors in your environment (see README.rst) or lower the"
        + " minfds setting in the config file to allow the process to start.", refused.message());

    var nproc = new Rlimits(new FakeLimits(false, 2048, 4096, 100, 150)).applyMinimums(1024, 200);
    assertEquals("The minimum number of available processes required to run this program is 200"
        + " as per the \"minprocs\" command-line argument or config file setting. The current"
        + " environment will only allow you to open 200 processes.  Either raise the number of"
        + " usable processes in your environment (see README.rst) or lower the minprocs setting"
        + " in the config file to allow the program to start.", ((Refused) nproc.get(1)).message());
  }

  @Test
  void realLimitsCanBeReadAndKeptAsTheyAre() {
    Rlimits rlimits = Rlimits.system();
    Rlimits.Outcome outcome = rlimits.ensureAtLeast(Resource.NOFILE, 1);
    assertInstanceOf(Sufficient.class, outcome);
    Sufficient s = (Sufficient) outcome;
    // Raising the soft limit to its current value is a no-op the kernel accepts.
    if (s.soft() != Rlimits.INFINITY) {
      assertInstanceOf(Sufficient.class, rlimits.ensureAtLeast(Resource.NOFILE, s.soft()));
    }
  }
}

package org.jsupervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.jsupervisor.posix.UserDatabase.Group;
import org.jsupervisor.posix.UserDatabase.User;
import org.junit.jupiter.api.Test;

/** Against the real databases of a Debian-like system (root, nobody, nogroup). */
class UserDatabaseTest {
  private static final User ROOT = new User("root", 0, 0, "/root");

  @Test
  void rootIsFoundByNameAndByUid() {
    assertEquals(Optional.of(ROOT), UserDatabase.userNamed("root"));
    assertEquals(Optional.of(ROOT), UserDatabase.userWithUid(0));
  }

  @Test
  void nobodyIsFoundByNameAndItsUidLeadsBack() {
    User nobody = UserDatabase.userNamed("nobody").orElseThrow();
    assertEquals("nobody", nobody.name());
    assertTrue(nobody.uid() > 0, "uid " + nobody.uid());
    assertEquals(Optional.of(nobody), UserDatabase.userWithUid(nobody.uid()));
  }

  @Test
  void anUnknownNameOrUidIsEmpty() {
    assertEquals(Optional.empty(), UserDatabase.userNamed("no-such-user-jsupervisor"));
    assertEquals(Optional.empty(), UserDatabase.userWithUid(1_999_999_999));
    assertEquals(Optional.empty(), UserDatabase.userNamed("root\0x"));
  }

  @Test
  void aTooSmallBufferIsRetriedBiggerAfterErange() {
    assertEquals(Optional.of(ROOT), UserDatabase.userNamed("root", 1));
  }

  @Test
  void groupsAreFoundByNameAndByGid() {
    assertEquals(Optional.of(new Group("root", 0)), UserDatabase.groupNamed("root"));
    assertEquals(Optional.of(new Group("root", 0)), UserDatabase.groupWithGid(0));
    Group nogroup = UserDatabase.groupNamed("nogroup").orElseThrow();
    assertTrue(nogroup.gid() > 0, "gid " + nogroup.gid());
    assertEquals(Optional.of(nogroup), UserDatabase.groupWithGid(nogroup.gid()));
  }

  @Test
  void anUnknownGroupNameOrGidIsEmpty() {
    assertEquals(Optional.empty(), UserDatabase.groupNamed("no-such-group-jsupervisor"));
    assertEquals(Optional.empty(), UserDatabase.groupWithGid(1_999_999_999));
  }
}

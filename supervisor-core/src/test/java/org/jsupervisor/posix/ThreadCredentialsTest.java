package org.jsupervisor.posix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ThreadCredentialsTest {
  @Test
  void knowsTheSyscallNumbersOfBothArchitectures() {
    assertEquals("Numbers[setgroups=116, setresuid=117, setresgid=119]",
        ThreadCredentials.numbersFor("amd64").toString());
    assertEquals("Numbers[setgroups=159, setresuid=147, setresgid=149]",
        ThreadCredentials.numbersFor("aarch64").toString());
    assertNull(ThreadCredentials.numbersFor("ppc64le"));
    assertNotNull(ThreadCredentials.numbersFor(System.getProperty("os.arch")));
  }
}

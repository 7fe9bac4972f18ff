package org.jsupervisor.ctl;

import org.jsupervisor.testing.ProjectRoot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

final class CompletionScriptTest {
  @Test
  void shippedScriptIsWhatPicocliGenerates() throws Exception {
    Path shipped = ProjectRoot.get().resolve("supervisorctl/src/main/resources/completion/supervisorctl.bash");
    String generated = CompletionScript.generate();
    assertEquals(generated, Files.readString(shipped),
        "regenerate with: java -cp ... org.jsupervisor.ctl.CompletionScript > " + shipped);
    assertTrue(generated.contains("maintail"), "actions are completed");
    assertTrue(generated.contains("--serverurl"), "options are completed");
  }
}

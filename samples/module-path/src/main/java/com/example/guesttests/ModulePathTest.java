package com.example.guesttests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import org.junit.jupiter.api.Test;

@VirtioFsVm
class ModulePathTest {

  Guest injected;

  @Test
  void runsOnTheModulePath() {
    assertEquals("com.example.guesttests", getClass().getModule().getName());
    Module extension = Guest.class.getModule();
    assertEquals("dev.virtiofs.junit", extension.getName());
    assertTrue(extension.isExported("dev.virtiofs.junit"));
    assertFalse(extension.isExported("dev.virtiofs.junit.internal.lifecycle"),
        "internals must not be exported");
  }

  @Test
  void guestReadsWhatTheModuleWrote(Guest guest) throws IOException {
    Greeting.write(guest.sharedDir(), "module path");

    ExecResult result = guest.exec("cat " + guest.mountPoint() + "/hello.txt");

    assertEquals(0, result.exitCode());
    assertEquals("hello, module path", result.stdout());
  }

  @Test
  void fieldsAreInjectedToo() {
    assertNotNull(injected);
    assertEquals(0, injected.exec("true").exitCode());
  }
}

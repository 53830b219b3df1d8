package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.VirtioFsVm;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.Test;

/** Run by Surefire: ./mvnw test. Fields are injected too, and sshj is there to use directly. */
@VirtioFsVm(memoryMiB = 256)
class GuestKernelTest {

  static Guest guest;
  SSHClient ssh;

  @Test
  void theGuestRunsLinux() {
    assertEquals("Linux\n", guest.exec("uname -s").stdout());
  }

  @Test
  void theSshClientIsReady() {
    assertEquals(true, ssh.isAuthenticated());
  }

  @Test
  void theExtensionBringsNothingButSshjAndJUnit() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.awaitility.Awaitility"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("org.hamcrest.Matcher"));
  }
}

package com.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestProcess;
import dev.virtiofs.junit.ShareDaemon;
import dev.virtiofs.junit.VirtioFsVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The share's daemon crashes while the guest writes: the writer is stuck, a restarted daemon takes new writes. */
@VirtioFsVm
class DaemonCrashIT {

  @Test
  void aWriterIsStuckAfterTheCrashAndARestartedShareTakesNewWrites(Guest guest) throws Exception {
    Path log = guest.sharedDir().resolve("log");
    GuestProcess writer = guest.start("while echo line >> " + guest.mountPoint() + "/log; do sleep 0.1; done");
    guest.waitUntilSucceeds("test -s " + guest.mountPoint() + "/log", Duration.ofSeconds(30));

    ShareDaemon daemon = guest.shareDaemon("share0");
    daemon.kill();
    assertFalse(daemon.isAlive());
    long written = Files.size(log);
    // the writer's next write waits for an answer that never comes: no error, no progress
    assertTrue(writer.waitFor(Duration.ofSeconds(3)).isEmpty(), "the writer should be stuck");
    assertEquals(written, Files.size(log));

    daemon.restart();
    guest.exec("echo after the restart > " + guest.mountPoint() + "/after");
    assertEquals("after the restart\n", Files.readString(guest.sharedDir().resolve("after")));
  }
}

package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.Share;
import dev.virtiofs.junit.VirtioFsVm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The sharing path's faults, each injected into three shares at once (one per cache mode) while a
 * fourth share stays untouched; {@link ShareFaults} tables what the guest saw. Run by {@link
 * ShareFaultsIT}, which checks the table and that nothing is left running after the class.
 */
@VirtioFsVm
@Share(tag = "always", mountPoint = "/mnt/always", cache = "always")
@Share(tag = "never", mountPoint = "/mnt/never", cache = "never")
@Share(tag = "bystander", mountPoint = "/mnt/bystander")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Disabled("Run by ShareFaultsIT")
class SharePathFaultsTestCase {

  static final FaultTable TABLE = new FaultTable();
  static final Duration PAUSE = Duration.ofSeconds(5);

  /** Tells a fixture's failure at once: the runner sees it only at the end. */
  @RegisterExtension
  static final TestWatcher PRINT_FAILURES = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      System.out.println("share fault fixture " + context.getDisplayName() + " failed: " + cause);
      cause.printStackTrace(System.out);
    }
  };

  /** A test that failed half-way leaves the next one shares that answer. */
  @BeforeEach
  void healthyShares(Guest guest) throws Exception {
    new ShareFaults(guest, TABLE).restartUnhealthy();
  }

  @Test
  @Order(1)
  void killedThenRestarted(Guest guest) throws Exception {
    ShareFaults faults = new ShareFaults(guest, TABLE);
    faults.writeFiles("before");
    faults.readAll(); // the cells are for files the guest has read before the fault
    try (ShareFaults.Writers writers = faults.openWriters()) {
      ShareFaults.outwaitAutoTimeout();
      faults.forEachDaemon(daemon -> daemon.kill());
      faults.forEachDaemon(daemon -> assertThat(daemon.isAlive()).as(daemon.tag()).isFalse());
      faults.probe("killed", writers, FaultProbe.HANG);
      faults.forEachDaemon(daemon -> daemon.restart());
      faults.probe("restarted after the kill", writers, FaultProbe.HANG);
    }
    faults.assertWrittenOnHost("after");
  }

  @Test
  @Order(2)
  void pausedThenResumed(Guest guest) throws Exception {
    ShareFaults faults = new ShareFaults(guest, TABLE);
    faults.writeFiles("before");
    faults.readAll();
    try (ShareFaults.Writers writers = faults.openWriters()) {
      ShareFaults.outwaitAutoTimeout();
      faults.forEachDaemon(daemon -> daemon.pause());
      CompletableFuture<Void> probed = CompletableFuture.runAsync(() ->
          faults.probePaused("paused " + PAUSE.toSeconds() + " s, then resumed", writers, PAUSE));
      await("the guest's requests to wait while the daemons are paused").during(PAUSE).atMost(PAUSE.plusSeconds(5))
          .until(() -> !probed.isDone());
      faults.forEachDaemon(daemon -> daemon.resume());
      probed.get();
    }
    faults.assertWrittenOnHost("after");
  }

  @Test
  @Order(3)
  void fileReplacedOnTheHost(Guest guest) throws Exception {
    ShareFaults faults = new ShareFaults(guest, TABLE);
    faults.writeFiles("before");
    faults.readAll(); // the guest has read, and may cache, the file
    for (Path dir : faults.hostDirs().values()) {
      Path next = Files.writeString(dir.resolve("existing.next"), "replaced\n");
      Files.move(next, dir.resolve("existing"), StandardCopyOption.ATOMIC_MOVE);
    }
    faults.probeContent("file replaced on the host: read at once", "replaced");
    Thread.sleep(2_000); // longer than cache=auto's 1 s timeout: what the guest reads once it has run out
    faults.probeContent("file replaced on the host: read 2 s later", "replaced");
    faults.probeDeletedThenAppended("file deleted on the host, then appended to by the guest");
  }

  @Test
  @Order(4)
  void directoryRenamedOnTheHost(Guest guest) throws Exception {
    ShareFaults faults = new ShareFaults(guest, TABLE);
    faults.writeFiles("before");
    faults.readAll();
    for (Path dir : faults.hostDirs().values()) {
      Files.move(dir, dir.resolveSibling(dir.getFileName() + ".moved"));
    }
    try (ShareFaults.Writers writers = faults.openWriters()) {
      faults.probe("shared directory renamed on the host", writers, FaultProbe.HANG);
    } finally {
      for (Path dir : faults.hostDirs().values()) {
        Files.move(dir.resolveSibling(dir.getFileName() + ".moved"), dir);
      }
    }
    faults.assertWrittenOnHost("after");
  }

  @Test
  @Order(5)
  void directoryRemovedOnTheHost(Guest guest) throws Exception {
    ShareFaults faults = new ShareFaults(guest, TABLE);
    faults.writeFiles("before");
    try (ShareFaults.Writers writers = faults.openWriters()) {
      faults.readAll();
      for (Path dir : faults.hostDirs().values()) {
        ShareFaults.deleteTree(dir);
      }
      ShareFaults.outwaitAutoTimeout();
      faults.probe("shared directory removed on the host", writers, FaultProbe.HANG);
      for (Path dir : faults.hostDirs().values()) {
        Files.createDirectory(dir);
      }
      faults.writeFiles("before");
      faults.forEachDaemon(daemon -> daemon.restart());
      faults.probe("removed, made again, restarted", writers, FaultProbe.HANG);
    }
    faults.assertWrittenOnHost("after");
  }

}

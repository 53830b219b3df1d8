package dev.virtiofs.junit.internal.sharefaults;

import dev.virtiofs.junit.ExecResult;
import dev.virtiofs.junit.ShareDaemon;
import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** A test's handle on one share's daemon ({@link ShareDaemon}). */
final class ShareDaemonHandle implements ShareDaemon {

  private static final Duration GUEST_TIMEOUT = Duration.ofSeconds(30);

  private final ServedShare share;
  private final QemuProcess qemu;
  private final GuestShell guest;
  private final AtomicInteger restarts;

  ShareDaemonHandle(ServedShare share, QemuProcess qemu, GuestShell guest, AtomicInteger restarts) {
    this.share = share;
    this.qemu = qemu;
    this.guest = guest;
    this.restarts = restarts;
  }

  @Override
  public String tag() {
    return share.tag();
  }

  @Override
  public void kill() {
    share.kill();
  }

  @Override
  public void pause() {
    share.pause();
  }

  @Override
  public void resume() {
    share.resume();
  }

  @Override
  public synchronized void restart() {
    int restart = restarts.incrementAndGet();
    if (restart > qemu.sparePorts()) {
      throw new IllegalStateException(String.format("Cannot restart the virtiofsd of share [%s]: this guest has"
          + " had its %d restarts (a spare PCIe root port each)%s; use another test class for more",
          share.tag(), qemu.sparePorts(), qemu.sparePorts() == 0 ? ", being of another image than the project's" : ""));
    }
    share.kill();
    VirtiofsdProcess fresh = share.launch(restart);
    String tag = GuestShareCommands.restartedTag(share.tag(), restart);
    qemu.plugRestartedShare(restart - 1, fresh.socket(), tag);
    ExecResult mounted = guest.run(GuestShareCommands.mount(tag, share.mountPoint(), share.mountOptions()), GUEST_TIMEOUT);
    if (!mounted.succeeded()) {
      throw new IllegalStateException(String.format("The guest did not mount the restarted share [%s] (device tag"
          + " %s) at %s: status %d, %s", share.tag(), tag, share.mountPoint(), mounted.exitCode(),
          mounted.stderr().strip()));
    }
  }

  @Override
  public boolean isAlive() {
    return share.current().isAlive();
  }

  @Override
  public boolean isPaused() {
    return share.state() == ServedShare.State.PAUSED;
  }

  @Override
  public long pid() {
    return share.current().pid();
  }

  @Override
  public Path log() {
    return share.current().log();
  }
}

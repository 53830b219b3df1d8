package dev.virtiofs.junit.vm;

import dev.virtiofs.junit.config.VmSpec;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Boots the next class's guest while the current class runs, so that a class's boot hides behind
 * its predecessor's tests. Holds one guest at most: the next class takes it if it asks for the very
 * same guest ({@link VmSpec} equal), and any other class's start gives it up. A guest that failed
 * to boot ahead is given up too, and its class boots its own, which reports the failure.
 *
 * <p>One per test run, in the root store: closing it stops a guest nobody took.
 */
public final class BootAhead implements AutoCloseable {

  private static final System.Logger LOGGER = System.getLogger(BootAhead.class.getName());

  private Pending pending;
  private boolean closed;

  private record Pending(VmSpec spec, HeldResources resources, CompletableFuture<RunningGuest> guest) {}

  /** Nothing booted ahead yet. */
  public BootAhead() {}

  /**
   * Starts booting a guest for a class that has not started yet, unless one is already booting.
   *
   * @param spec the guest the next class asks for
   * @param host what the host offers
   */
  public synchronized void start(VmSpec spec, HostEnvironment host) {
    if (closed || pending != null) {
      return;
    }
    HeldResources resources = new HeldResources();
    CompletableFuture<RunningGuest> guest = new CompletableFuture<>();
    Thread boot = new Thread(() -> {
      try {
        guest.complete(GuestStarter.start(spec, host, resources));
      } catch (RuntimeException | Error e) {
        guest.completeExceptionally(e);
      }
    }, "virtiofs-junit-boot-ahead-" + spec.testClass().getSimpleName());
    boot.setDaemon(true);
    pending = new Pending(spec, resources, guest);
    boot.start();
  }

  /**
   * Takes the guest booted ahead for this spec, waiting for its boot to end, and hands its parts
   * to the class's resources. Gives up (stops) a guest booted for anything else.
   *
   * @param spec the guest the starting class asks for
   * @param target the class's resources
   * @return the guest, or empty when none was booted for this spec or its boot failed
   */
  public Optional<RunningGuest> claim(VmSpec spec, Resources target) {
    Pending taken;
    synchronized (this) {
      taken = pending;
      pending = null;
    }
    if (taken == null) {
      return Optional.empty();
    }
    if (!taken.spec().equals(spec)) {
      giveUp(taken, "booted for " + taken.spec().testClass().getName() + ", but " + spec.testClass().getName() + " started");
      return Optional.empty();
    }
    try {
      RunningGuest guest = taken.guest().get(spec.bootTimeout().toMillis() + Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
      taken.resources().handOver(target);
      return Optional.of(guest);
    } catch (ExecutionException | TimeoutException e) {
      giveUp(taken, "its boot failed: " + (e.getCause() == null ? e : e.getCause()).getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      giveUp(taken, "interrupted");
      return Optional.empty();
    }
  }

  private static void giveUp(Pending pending, String why) {
    LOGGER.log(System.Logger.Level.DEBUG, "virtiofs-junit gives up the guest booted ahead: {0}", why);
    // its boot may still be going: stop it once it has ended, on the boot's own thread
    pending.guest().whenComplete((guest, failure) -> pending.resources().close());
  }

  /** Stops a guest nobody took (waiting for its boot to end). Idempotent. */
  @Override
  public void close() {
    Pending left;
    synchronized (this) {
      closed = true;
      left = pending;
      pending = null;
    }
    if (left != null) {
      try {
        left.guest().get(left.spec().bootTimeout().toMillis() + Duration.ofSeconds(5).toMillis(), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // it failed or hangs: its parts are stopped below either way
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      left.resources().close();
    }
  }
}

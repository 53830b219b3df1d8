package dev.virtiofs.junit.internal.ahead;

import dev.virtiofs.junit.internal.config.VmSpec;
import dev.virtiofs.junit.internal.host.HostEnvironment;
import dev.virtiofs.junit.internal.lifecycle.GuestStarter;
import dev.virtiofs.junit.internal.lifecycle.HeldResources;
import dev.virtiofs.junit.internal.lifecycle.Resources;
import dev.virtiofs.junit.internal.lifecycle.RunningGuest;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Boots the guests of the next classes while the current class runs, so that boots hide behind
 * earlier classes. Holds a few guests at most ({@link #DEPTH}): a class takes the one booted for
 * it if it asks for the very same guest ({@link VmSpec} equal); guests booted for classes that are
 * no longer coming are given up. A guest that failed to boot ahead is given up too, and its class
 * boots its own, which reports the failure.
 *
 * <p>One per test run, in the root store: closing it stops every guest nobody took.
 */
public final class BootAhead implements AutoCloseable {

  /** How many guests boot ahead at most: two, or one on a single-CPU host (boots are CPU-bound). */
  public static final int DEPTH = Math.min(2, Runtime.getRuntime().availableProcessors());

  private static final System.Logger LOGGER = System.getLogger(BootAhead.class.getName());

  private final List<Pending> pending = new ArrayList<>();
  private boolean closed;

  private record Pending(VmSpec spec, HeldResources resources, CompletableFuture<RunningGuest> guest) {}

  /** Nothing booted ahead yet. */
  public BootAhead() {}

  /**
   * Starts booting the guests of the classes that run after this one ({@link #DEPTH} of them),
   * when the run's order is known ({@link UpcomingClasses}) and those classes ask for a guest;
   * gives up guests booted for classes that are no longer coming. A class whose annotation is
   * wrong is left to report that itself when it runs.
   *
   * @param current the class that is starting
   * @param host what the host offers
   * @param specOf the guest a class asks for, if it asks for one; may throw for a wrong annotation
   */
  public void startAfter(Class<?> current, HostEnvironment host, Function<Class<?>, Optional<VmSpec>> specOf) {
    List<Class<?>> upcoming = new ArrayList<>();
    for (String name : UpcomingClasses.after(current.getName(), DEPTH)) {
      try {
        upcoming.add(Class.forName(name, false, current.getClassLoader()));
      } catch (ClassNotFoundException | LinkageError e) {
        LOGGER.log(Level.DEBUG, "virtiofs-junit does not boot the guest of {0} ahead: {1}", name, e.toString());
      }
    }
    keepOnly(upcoming);
    for (Class<?> next : upcoming) {
      try {
        specOf.apply(next).ifPresent(spec -> start(spec, host));
      } catch (RuntimeException e) {
        LOGGER.log(Level.DEBUG, "virtiofs-junit does not boot the guest of {0} ahead: {1}", next.getName(), e.toString());
      }
    }
  }

  /**
   * Starts booting a guest for a class that has not started yet, unless one is booting for it
   * already or {@link #DEPTH} are.
   *
   * @param spec the guest that class asks for
   * @param host what the host offers
   */
  public synchronized void start(VmSpec spec, HostEnvironment host) {
    if (closed || pending.size() >= DEPTH
        || pending.stream().anyMatch(p -> p.spec().testClass().equals(spec.testClass()))) {
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
    pending.add(new Pending(spec, resources, guest));
    boot.start();
  }

  /**
   * Gives up the guests booted for classes other than these.
   *
   * @param upcoming the classes still to come that may take a guest
   */
  public void keepOnly(Collection<Class<?>> upcoming) {
    List<Pending> dropped = new ArrayList<>();
    synchronized (this) {
      pending.removeIf(p -> !upcoming.contains(p.spec().testClass()) && dropped.add(p));
    }
    dropped.forEach(p -> giveUp(p, p.spec().testClass().getName() + " is not coming next"));
  }

  /**
   * Takes the guest booted ahead for this spec's class, waiting for its boot to end, and hands its
   * parts to the class's resources. A guest booted for the class with another spec is given up.
   *
   * @param spec the guest the starting class asks for
   * @param target the class's resources
   * @return the guest, or empty when none was booted for this spec or its boot failed
   */
  public Optional<RunningGuest> claim(VmSpec spec, Resources target) {
    Pending taken = null;
    synchronized (this) {
      for (Pending p : pending) {
        if (p.spec().testClass().equals(spec.testClass())) {
          taken = p;
        }
      }
      pending.remove(taken);
    }
    if (taken == null) {
      return Optional.empty();
    }
    if (!taken.spec().equals(spec)) {
      giveUp(taken, "booted for another configuration of " + spec.testClass().getName());
      return Optional.empty();
    }
    try {
      RunningGuest guest = taken.guest().get(waitLimit(spec), TimeUnit.MILLISECONDS);
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

  private static long waitLimit(VmSpec spec) {
    return spec.bootTimeout().plusSeconds(5).toMillis();
  }

  private static void giveUp(Pending pending, String why) {
    LOGGER.log(System.Logger.Level.DEBUG, "virtiofs-junit gives up the guest booted ahead: {0}", why);
    // its boot may still be going: stop it once it has ended, on the boot's own thread
    pending.guest().whenComplete((guest, failure) -> pending.resources().close());
  }

  /** Stops every guest nobody took (waiting for their boots to end). Idempotent. */
  @Override
  public void close() {
    List<Pending> left;
    synchronized (this) {
      closed = true;
      left = List.copyOf(pending);
      pending.clear();
    }
    for (Pending p : left) {
      try {
        p.guest().get(waitLimit(p.spec()), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        // it failed or hangs: its parts are stopped below either way
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      p.resources().close();
    }
  }
}

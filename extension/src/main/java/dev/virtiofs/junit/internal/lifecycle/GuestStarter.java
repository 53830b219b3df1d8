package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.internal.config.ShareSpec;
import dev.virtiofs.junit.internal.config.VmSpec;
import dev.virtiofs.junit.internal.exec.CommandRunner;
import dev.virtiofs.junit.internal.exec.ExecChannel;
import dev.virtiofs.junit.internal.files.OwnedDirectory;
import dev.virtiofs.junit.internal.files.TmpfsMount;
import dev.virtiofs.junit.internal.host.HostEnvironment;
import dev.virtiofs.junit.internal.qemu.QemuCommandLine;
import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.qemu.QemuSpec;
import dev.virtiofs.junit.internal.readiness.DeadProcess;
import dev.virtiofs.junit.internal.readiness.GuestReadiness;
import dev.virtiofs.junit.internal.rundir.RunDirectory;
import dev.virtiofs.junit.internal.sharefaults.ServedShares;
import dev.virtiofs.junit.internal.snapshot.GuestSnapshots;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Boots one guest for a {@link VmSpec}: run directory, shares, keys, virtiofsd, QEMU, readiness,
 * exec channel (SSH logs in on first use). A guest of the project's image is restored from a
 * snapshot of a booted guest ({@link GuestSnapshots}), its shares plugged in and its
 * configuration applied through the exec agent ({@link GuestConfiguration}); other guests boot.
 * Each part is handed to {@link Resources} the moment it exists, virtiofsd before QEMU, so that
 * closing in reverse order stops QEMU first, and a failure half-way leaves nothing running.
 *
 * <p>The steps, in order: what is settled before any process starts ({@link GuestPlan}); the
 * snapshot and the copy of its RAM ({@link SnapshotRestore}); the keys ({@link GuestKeys});
 * virtiofsd; QEMU, and the restore; the channels ({@link GuestChannels}); readiness. What they
 * made ({@link GuestParts}) becomes the {@link RunningGuest}.
 */
public final class GuestStarter {

  /** Store key of the run directory: {@value}. */
  public static final String RUN_DIR_KEY = "run-dir";

  /** Store key prefix of a temporary share, followed by its tag: {@value}. */
  public static final String SHARE_KEY_PREFIX = "share-";

  private static final System.Logger LOGGER = System.getLogger(GuestStarter.class.getName());

  private GuestStarter() {}

  /**
   * Boots the guest and waits until it is ready.
   *
   * @param spec what the class asked for
   * @param host what the host offers
   * @param resources takes ownership of every part
   * @return the running guest
   * @throws IllegalStateException when a part fails to start or the guest does not get ready; the
   *     message explains and shows the console tail
   */
  public static RunningGuest start(VmSpec spec, HostEnvironment host, Resources resources) {
    return start(spec, host, resources, "", shareDirectories(spec, resources));
  }

  /**
   * The host directory of each share virtiofsd serves: a temporary share is made here, owned by
   * {@code resources} under {@link #SHARE_KEY_PREFIX} and its tag; guests of one class that are
   * given the same map share the same directories.
   *
   * @param spec what the class asked for
   * @param resources takes ownership of the temporary directories
   * @return the directories, in the order of {@link VmSpec#daemonShares()}
   */
  public static Map<ShareSpec, Path> shareDirectories(VmSpec spec, Resources resources) {
    Map<ShareSpec, Path> hostDirs = new LinkedHashMap<>();
    for (ShareSpec share : spec.daemonShares()) {
      hostDirs.put(share, share.temporary()
          ? resources.own(SHARE_KEY_PREFIX + share.tag(), OwnedDirectory.class, () -> OwnedDirectory.create(RunDirectory.TEMPORARY_SHARE_PREFIX)).path()
          : share.hostDir());
      int sizeMiB = share.limits().sizeLimitMiB();
      if (sizeMiB > 0) {
        // owned after its directory: unmounted before the directory goes
        resources.own("share-size-" + share.tag(), TmpfsMount.class, () -> TmpfsMount.mount(hostDirs.get(share), sizeMiB,
            "The size limit of share [" + share.tag() + "] of " + spec.testClass().getName()));
      }
    }
    return hostDirs;
  }

  /**
   * Boots one of a class's guests on directories made for it already and waits until it is ready.
   *
   * @param spec what the class asked for
   * @param host what the host offers
   * @param resources takes ownership of every part
   * @param name the guest's name among the class's guests (its host name and log subdirectory),
   *     or empty for a class's only guest
   * @param hostDirs the directories its shares serve ({@link #shareDirectories})
   * @return the running guest
   * @throws IllegalStateException as {@link #start(VmSpec, HostEnvironment, Resources)} does
   */
  public static RunningGuest start(VmSpec spec, HostEnvironment host, Resources resources, String name,
      Map<ShareSpec, Path> hostDirs) {
    long started = System.nanoTime();
    GuestPlan plan = GuestPlan.prepare(spec, host, resources, name, hostDirs);
    Optional<SnapshotRestore> restore = SnapshotRestore.begin(plan, resources);
    GuestKeys keys = GuestKeys.write(plan);
    List<VirtiofsdProcess> daemons = startDaemons(plan, resources);
    ServedShares served = resources.own("served-shares", ServedShares.class, () -> DaemonRestarts.serve(plan, daemons));
    QemuProcess qemu = startQemu(plan, restore, daemons, resources);
    GuestParts parts = new GuestParts(plan, daemons, served, qemu, GuestChannels.open(plan, keys, qemu, resources));

    long booting = System.nanoTime();
    CommandRunner runner = parts.channels().runner();
    awaitReady(parts, keys, restore);
    // Closed first (the store closes in reverse): the guest's writes reach the shares before
    // the channels close and QEMU stops. Only a guest that got ready has anything to flush.
    // What tests did to the shares' daemons is settled first, so that the sync never waits on a share.
    resources.own("sync", AutoCloseable.class, () -> () -> served.lastSync(DaemonRestarts.shell(runner)));
    LOGGER.log(System.Logger.Level.DEBUG, "{0}: processes started in {1} ms, {2} answered after {3} ms",
        spec.testClass().getName(), (booting - started) / 1_000_000, runner.name(),
        (System.nanoTime() - booting) / 1_000_000);
    return new RunningGuest(parts);
  }

  /** One virtiofsd per share, each owned the moment it runs: before QEMU, which connects to them. */
  private static List<VirtiofsdProcess> startDaemons(GuestPlan plan, Resources resources) {
    HostEnvironment host = plan.host();
    ClassLogDirectory logs = plan.logs();
    List<VirtiofsdProcess> daemons = new ArrayList<>();
    for (Map.Entry<ShareSpec, Path> share : plan.hostDirs().entrySet()) {
      String tag = share.getKey().tag();
      Path socket = plan.socket(tag);
      List<String> command = DaemonRestarts.commandLine(plan, share.getKey(), socket);
      logs.writeCommandLine("virtiofsd-" + tag, command);
      daemons.add(resources.own("virtiofsd-" + tag, VirtiofsdProcess.class,
          () -> VirtiofsdProcess.start(command, socket, logs.virtiofsdLog(tag))));
    }
    return List.copyOf(daemons);
  }

  /**
   * Starts QEMU once a restored guest's RAM is copied, owned as {@code qemu}, and restores the
   * guest from its snapshot if it has one.
   */
  private static QemuProcess startQemu(GuestPlan plan, Optional<SnapshotRestore> restore,
      List<VirtiofsdProcess> daemons, Resources resources) {
    restore.ifPresent(saved -> saved.memory().awaitCopied());
    plan.logs().writeCommandLine("qemu", QemuCommandLine.of(plan.qemuSpec()));
    QemuProcess qemu = resources.own("qemu", QemuProcess.class, () -> launchQemu(plan.qemuSpec(), plan.logs(), daemons));
    restore.ifPresent(saved -> saved.restoreInto(qemu, plan.logs(), plan.spec().bootTimeout()));
    return qemu;
  }

  /**
   * Waits until the guest answers: over SSH for a guest without the exec agent, through the agent
   * otherwise, which also configures a restored guest.
   */
  private static void awaitReady(GuestParts parts, GuestKeys keys, Optional<SnapshotRestore> restore) {
    Duration timeout = parts.plan().spec().bootTimeout();
    Optional<ExecChannel> exec = parts.channels().exec();
    if (exec.isEmpty()) {
      GuestReadiness.awaitSsh(parts.qemu(), parts.daemons(), timeout);
      parts.channels().ssh().connection();
      return;
    }
    try {
      if (restore.isPresent()) {
        // the agent ran when the snapshot was taken: its first request needs no ping before it
        GuestConfiguration.apply(exec.get(), List.copyOf(keys.files().values()), parts.qemu(), timeout);
      } else {
        GuestReadiness.awaitAgent(exec.get(), parts.qemu(), parts.daemons(), parts.plan().logs().console(), timeout);
      }
    } catch (IllegalStateException e) {
      restore.ifPresent(saved -> discardAfterFailure(saved.snapshot(), parts.qemu(), parts.daemons()));
      throw e;
    }
  }

  /**
   * A restored guest that QEMU and every virtiofsd still run but that does not answer, or cannot
   * be configured, may come from a bad snapshot: it is removed, so that the next guest makes it
   * again (a guest that died is not the snapshot's fault).
   */
  private static void discardAfterFailure(GuestSnapshots.Snapshot snapshot, QemuProcess qemu, List<VirtiofsdProcess> daemons) {
    if (DeadProcess.find(qemu, daemons).isEmpty()) {
      GuestSnapshots.discard(snapshot);
      LOGGER.log(System.Logger.Level.WARNING, "removed the guest snapshot {0}: a guest restored from it did"
          + " not get ready; the next guest makes it again", snapshot.directory());
    }
  }

  /** Starts QEMU; when it fails because a virtiofsd died first, tells that story. */
  private static QemuProcess launchQemu(QemuSpec spec, ClassLogDirectory logs, List<VirtiofsdProcess> daemons) {
    try {
      return QemuProcess.start(spec, logs.qemuLog());
    } catch (IllegalStateException e) {
      for (VirtiofsdProcess daemon : daemons) {
        // its guard may take up to 2 s to see the last of the daemon's process group go
        if (!daemon.isAlive() || daemon.process().awaitExit(Duration.ofSeconds(3))) {
          throw new IllegalStateException(daemon.failure("exited before QEMU connected to it") + System.lineSeparator() + e.getMessage(), e);
        }
      }
      throw e;
    }
  }
}

package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.internal.readiness.DeadProcess;
import dev.virtiofs.junit.internal.readiness.GuestReadiness;
import dev.virtiofs.junit.SharedDirectory;
import dev.virtiofs.junit.internal.config.ShareSpec;
import dev.virtiofs.junit.internal.config.VmSpec;
import dev.virtiofs.junit.internal.exec.CommandRunner;
import dev.virtiofs.junit.internal.exec.ExecChannel;
import dev.virtiofs.junit.internal.files.OwnedDirectory;
import dev.virtiofs.junit.internal.host.HostEnvironment;
import dev.virtiofs.junit.internal.rundir.RunDirectory;
import dev.virtiofs.junit.internal.image.GuestImage;
import dev.virtiofs.junit.internal.qemu.QemuProcess;
import dev.virtiofs.junit.internal.qemu.QemuSpec;
import dev.virtiofs.junit.internal.snapshot.GuestMemory;
import dev.virtiofs.junit.internal.snapshot.GuestSnapshots;
import dev.virtiofs.junit.internal.qemu.SnapshotLayout;
import dev.virtiofs.junit.internal.ssh.ClientKey;
import dev.virtiofs.junit.internal.ssh.GuestConnection;
import dev.virtiofs.junit.internal.ssh.GuestHostKey;
import dev.virtiofs.junit.internal.ssh.SshAccess;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdCommandLine;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdFlavour;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdProcess;
import java.io.IOException;
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
 * configuration applied through the exec agent ({@link GuestConfiguration}); other guests boot. Each part is handed to {@link Resources} the moment it exists, virtiofsd before QEMU, so
 * that closing in reverse order stops QEMU first, and a failure half-way leaves nothing running.
 */
public final class GuestStarter {

  // no_timer_check: under TCG on a loaded host the emulated PIT can miss the kernel's IO-APIC timer
  // check, which then panics ("IO-APIC + timer doesn't work!"); seen with 2 test runs at once
  // init_on_alloc=1: virtiofsd writes file pages into guest RAM behind QEMU's back, so under TCG
  // (QEMU 8+, which finds translations by physical page) a page reused for other code could run
  // its stale translation: Debian 13's binaries over hostUserland died with SIGSEGV/SIGILL under
  // QEMU 10. The guest zeroing each page with its own CPU before reuse makes TCG drop them.
  // Debian's kernels default to it; this keeps users' own kernels (virtiofs.kernel) safe too.
  static final String KERNEL_ARGUMENTS = "console=ttyS0 panic=-1 quiet no_timer_check init_on_alloc=1";
  static final String DEBUG_KERNEL_ARGUMENTS = "console=ttyS0 panic=-1 loglevel=8 no_timer_check init_on_alloc=1";

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
    GuestImage image = host.image().withKernelLine(spec.guestKernel(), spec.variant().isEmpty()
        ? "@VirtioFsVm on " + spec.testClass().getName() + ": attribute guestKernel"
        : "@GuestKernels on " + spec.testClass().getName());
    if (!host.image().ours()) {
      GuestConnection.prepareInBackground(); // SSH is the only way in: overlap its set-up with the boot
    }
    ClassLogDirectory logs = ClassLogDirectory.create(host.settings().logDir(), spec, name);
    Path run = resources.own(RUN_DIR_KEY, OwnedDirectory.class, () -> OwnedDirectory.createForSockets(RunDirectory.PREFIX)).path();

    hostDirs.forEach((share, dir) -> checkSupported(host, share, dir));

    RunDirectory.recordOwner(run, hostDirs.entrySet().stream()
        .filter(share -> share.getKey().temporary()).map(Map.Entry::getValue).toList());

    boolean restore = GuestSnapshots.usable(host, hostDirs.size());
    Map<String, Path> sockets = new LinkedHashMap<>();
    hostDirs.keySet().forEach(share -> sockets.put(share.tag(), run.resolve(share.tag() + ".sock")));
    QemuSpec qemuSpec = new QemuSpec(host.qemu(), spec.testClass().getSimpleName(), host.accel().accel(),
        spec.memoryMiB(), spec.cpus(), image.kernel(), image.initramfs(),
        host.settings().debug() ? DEBUG_KERNEL_ARGUMENTS : KERNEL_ARGUMENTS, host.qemu().qboot(),
        sockets, restore ? Map.of() : GuestFiles.paths(run), logs.console(), run.resolve("qmp.sock"), true,
        host.image().ours() ? Optional.of(run.resolve("exec.sock")) : Optional.empty(),
        restore ? Optional.of(new SnapshotLayout(RunDirectory.memoryFile(run), sockets.size(), true)) : Optional.empty());
    // made once per machine and guest shape; the first guest of a shape pays for it
    Optional<GuestSnapshots.Snapshot> snapshot = restore
        ? Optional.of(GuestSnapshots.obtain(qemuSpec, spec.bootTimeout())) : Optional.empty();

    // the RAM is copied while the keys are made and virtiofsd starts
    Optional<GuestMemory> memory = snapshot.map(saved -> resources.own("memory", GuestMemory.class,
        () -> GuestMemory.startCopy(saved.memory(), RunDirectory.memoryFile(run))));
    GuestHostKey hostKey = GuestHostKey.generate();
    ClientKey clientKey = ClientKey.generate();
    Map<String, Path> guestFiles = GuestFiles.write(run, hostKey, clientKey, spec.daemonShares(),
        host.settings().debug(), name.isEmpty() ? "guest" : name, spec.hostUserland(), restore);
    List<VirtiofsdProcess> daemons = new ArrayList<>();
    for (Map.Entry<ShareSpec, Path> share : hostDirs.entrySet()) {
      String tag = share.getKey().tag();
      Path socket = sockets.get(tag);
      List<String> command = VirtiofsdCommandLine.of(host.virtiofsd(), share.getKey(), share.getValue(),
          socket, host.root(), host.settings().debug());
      logs.writeCommandLine("virtiofsd-" + tag, command);
      daemons.add(resources.own("virtiofsd-" + tag, VirtiofsdProcess.class,
          () -> VirtiofsdProcess.start(command, socket, logs.virtiofsdLog(tag))));
    }

    memory.ifPresent(GuestMemory::awaitCopied);
    logs.writeCommandLine("qemu", dev.virtiofs.junit.internal.qemu.QemuCommandLine.of(qemuSpec));
    QemuProcess qemu = resources.own("qemu", QemuProcess.class, () -> startQemu(qemuSpec, logs, daemons));
    snapshot.ifPresent(saved -> {
      logs.write("snapshot.txt", saved.directory() + "\n");
      restore(qemu, saved, memory.orElseThrow(), spec.bootTimeout());
    });
    GuestFiles.writeSshAccess(run, clientKey, hostKey, qemu.sshPort());
    logs.write("ssh.txt", GuestFiles.sshCommand(run, qemu.sshPort()) + "\n");

    SshAccess ssh = resources.own("ssh", SshAccess.class, () -> new SshAccess(qemu.sshPort(), clientKey, hostKey));
    Optional<ExecChannel> exec = qemuSpec.execSocket().map(socket ->
        resources.own("exec", ExecChannel.class, () -> connectExec(qemu, socket)));

    long booting = System.nanoTime();
    CommandRunner runner = exec.isPresent() ? exec.get() : ssh;
    if (exec.isPresent()) {
      try {
        if (restore) {
          // the agent ran when the snapshot was taken: its first request needs no ping before it
          GuestConfiguration.apply(exec.get(), List.copyOf(guestFiles.values()), qemu, spec.bootTimeout());
        } else {
          GuestReadiness.awaitAgent(exec.get(), qemu, daemons, logs.console(), spec.bootTimeout());
        }
      } catch (IllegalStateException e) {
        snapshot.ifPresent(saved -> discardAfterFailure(saved, qemu, daemons));
        throw e;
      }
    } else {
      GuestReadiness.awaitSsh(qemu, daemons, spec.bootTimeout());
      ssh.connection();
    }
    // Closed first (the store closes in reverse): the guest's writes reach the shares before
    // the channels close and QEMU stops. Only a guest that got ready has anything to flush.
    resources.own("sync", AutoCloseable.class, () -> runner::syncQuietly);
    LOGGER.log(System.Logger.Level.DEBUG, "{0}: processes started in {1} ms, {2} answered after {3} ms",
        spec.testClass().getName(), (booting - started) / 1_000_000, runner.name(),
        (System.nanoTime() - booting) / 1_000_000);
    List<SharedDirectory> shares = hostDirs.entrySet().stream()
        .filter(share -> spec.shares().contains(share.getKey()))
        .map(share -> new SharedDirectory(share.getKey().tag(), share.getValue(), share.getKey().mountPoint(),
            share.getKey().readOnly()))
        .toList();
    return new RunningGuest(shares, run, runner, ssh, qemu, List.copyOf(daemons),
        logs.console(), logs.path(), host.settings().execTimeout());
  }

  /**
   * Restores the guest into a QEMU started for it, then plugs its shares in. A snapshot that does
   * not restore is removed, so that the next guest makes it again.
   */
  private static void restore(QemuProcess qemu, GuestSnapshots.Snapshot snapshot, GuestMemory memory, Duration timeout) {
    try {
      qemu.restoreSnapshot(snapshot.state(), timeout);
    } catch (IllegalStateException e) {
      GuestSnapshots.discard(snapshot);
      throw new IllegalStateException("Could not restore the guest from the snapshot " + snapshot.directory()
          + "; it has been removed, and the next guest makes it again (or " + GuestSnapshots.OPT_OUT + "). "
          + e.getMessage(), e);
    }
    memory.close(); // QEMU maps it, and virtiofsd gets its descriptor from QEMU: the name can go
    qemu.plugShares();
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
  private static QemuProcess startQemu(QemuSpec spec, ClassLogDirectory logs, List<VirtiofsdProcess> daemons) {
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

  private static ExecChannel connectExec(QemuProcess qemu, Path socket) {
    try {
      return ExecChannel.connect(socket);
    } catch (IOException e) {
      throw new IllegalStateException(qemu.failure("started, but its exec port socket " + socket
          + " refused a connection: " + e.getMessage()), e);
    }
  }

  private static void checkSupported(HostEnvironment host, ShareSpec share, Path dir) {
    if (host.virtiofsd().flavour() == VirtiofsdFlavour.C && dir.toString().contains(",")) {
      throw new IllegalArgumentException(String.format(
          "The share directory [%s] contains a comma, which the legacy C virtiofsd [%s] cannot take"
              + " (-o source= splits on commas); rename the directory or use the Rust virtiofsd"
              + " (virtiofs.virtiofsd)", dir, host.virtiofsd().path()));
    }
    if (host.virtiofsd().flavour() == VirtiofsdFlavour.C && !host.root()) {
      throw new IllegalArgumentException(String.format(
          "The legacy C virtiofsd [%s] needs root; run the tests as root or use the Rust"
              + " virtiofsd 1.x (virtiofs.virtiofsd)", host.virtiofsd().path()));
    }
  }
}

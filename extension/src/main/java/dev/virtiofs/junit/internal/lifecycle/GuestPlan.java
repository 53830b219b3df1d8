package dev.virtiofs.junit.internal.lifecycle;

import dev.virtiofs.junit.internal.config.ShareSpec;
import dev.virtiofs.junit.internal.config.VmSpec;
import dev.virtiofs.junit.internal.files.OwnedDirectory;
import dev.virtiofs.junit.internal.host.HostEnvironment;
import dev.virtiofs.junit.internal.image.GuestImage;
import dev.virtiofs.junit.internal.qemu.QemuSpec;
import dev.virtiofs.junit.internal.qemu.SnapshotLayout;
import dev.virtiofs.junit.internal.rundir.RunDirectory;
import dev.virtiofs.junit.internal.snapshot.GuestSnapshots;
import dev.virtiofs.junit.internal.ssh.GuestConnection;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdFlavour;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What is settled about one guest before any of its processes starts: the first step of {@link
 * GuestStarter}, and what the later steps read.
 *
 * @param spec what the class asked for
 * @param host what the host offers
 * @param name the guest's name among the class's guests, or empty for a class's only guest
 * @param hostDirs the directory each share serves, in the order of {@link VmSpec#daemonShares()}
 * @param logs where the guest logs
 * @param runDir its private run directory, owned under {@link GuestStarter#RUN_DIR_KEY}
 * @param qemuSpec what QEMU runs: its vhost-user sockets are the shares' in the run directory, and
 *     a snapshot layout when the guest is restored from a snapshot
 */
record GuestPlan(
    VmSpec spec,
    HostEnvironment host,
    String name,
    Map<ShareSpec, Path> hostDirs,
    ClassLogDirectory logs,
    Path runDir,
    QemuSpec qemuSpec) {

  // no_timer_check: under TCG on a loaded host the emulated PIT can miss the kernel's IO-APIC timer
  // check, which then panics ("IO-APIC + timer doesn't work!"); seen with 2 test runs at once
  // init_on_alloc=1: virtiofsd writes file pages into guest RAM behind QEMU's back, so under TCG
  // (QEMU 8+, which finds translations by physical page) a page reused for other code could run
  // its stale translation: Debian 13's binaries over hostUserland died with SIGSEGV/SIGILL under
  // QEMU 10. The guest zeroing each page with its own CPU before reuse makes TCG drop them.
  // Debian's kernels default to it; this keeps users' own kernels (virtiofs.kernel) safe too.
  static final String KERNEL_ARGUMENTS = "console=ttyS0 panic=-1 quiet no_timer_check init_on_alloc=1";
  static final String DEBUG_KERNEL_ARGUMENTS = "console=ttyS0 panic=-1 loglevel=8 no_timer_check init_on_alloc=1";

  /**
   * Resolves the kernel, makes the log and run directories (the run directory owned by {@code
   * resources} at once), checks that virtiofsd can serve the shares, and decides whether the
   * guest is restored from a snapshot.
   */
  static GuestPlan prepare(VmSpec spec, HostEnvironment host, Resources resources, String name,
      Map<ShareSpec, Path> hostDirs) {
    GuestImage image = host.image().withKernelLine(spec.guestKernel(), spec.variant().isEmpty()
        ? "@VirtioFsVm on " + spec.testClass().getName() + ": attribute guestKernel"
        : "@GuestKernels on " + spec.testClass().getName());
    if (!host.image().ours()) {
      GuestConnection.prepareInBackground(); // SSH is the only way in: overlap its set-up with the boot
    }
    ClassLogDirectory logs = ClassLogDirectory.create(host.settings().logDir(), spec, name);
    Path run = resources.own(GuestStarter.RUN_DIR_KEY, OwnedDirectory.class, () -> OwnedDirectory.createForSockets(RunDirectory.PREFIX)).path();

    hostDirs.forEach((share, dir) -> checkSupported(spec, host, share, dir));

    RunDirectory.recordOwner(run, hostDirs.entrySet().stream()
        .filter(share -> share.getKey().temporary()).map(Map.Entry::getValue).toList());

    boolean restore = GuestSnapshots.usable(host, hostDirs.size());
    Map<String, Path> sockets = new LinkedHashMap<>();
    hostDirs.keySet().forEach(share -> sockets.put(share.tag(), run.resolve(share.tag() + ".sock")));
    return new GuestPlan(spec, host, name, hostDirs, logs, run,
        qemuSpec(spec, host, image, logs, run, sockets, restore));
  }

  /**
   * Whether the guest is restored from a snapshot rather than booted.
   *
   * @return whether QEMU is laid out for a snapshot
   */
  boolean restored() {
    return qemuSpec.snapshot().isPresent();
  }

  /**
   * The vhost-user socket virtiofsd serves a share on and QEMU connects to.
   *
   * @param tag the share's tag
   * @return the socket in the run directory
   */
  Path socket(String tag) {
    return qemuSpec.vhostUserFs().get(tag);
  }

  private static QemuSpec qemuSpec(VmSpec spec, HostEnvironment host, GuestImage image, ClassLogDirectory logs,
      Path run, Map<String, Path> sockets, boolean restore) {
    return new QemuSpec(host.qemu(), spec.testClass().getSimpleName(), host.accel().accel(),
        spec.memoryMiB(), spec.cpus(), image.kernel(), image.initramfs(),
        host.settings().debug() ? DEBUG_KERNEL_ARGUMENTS : KERNEL_ARGUMENTS, host.qemu().qboot(),
        sockets, restore ? Map.of() : GuestFiles.paths(run), logs.console(), run.resolve("qmp.sock"), true,
        host.image().ours() ? Optional.of(run.resolve("exec.sock")) : Optional.empty(),
        restore ? Optional.of(new SnapshotLayout(RunDirectory.memoryFile(run), sockets.size(), true)) : Optional.empty());
  }

  private static void checkSupported(VmSpec spec, HostEnvironment host, ShareSpec share, Path dir) {
    if (host.virtiofsd().flavour() == VirtiofsdFlavour.C && dir.toString().contains(",")) {
      throw new IllegalArgumentException(String.format(
          "The share directory [%s] contains a comma, which the legacy C virtiofsd [%s] cannot take"
              + " (-o source= splits on commas); rename the directory or use the Rust virtiofsd"
              + " (virtiofs.virtiofsd)", dir, host.virtiofsd().path()));
    }
    if (host.virtiofsd().flavour() == VirtiofsdFlavour.C && share.cache().equals("metadata")) {
      throw new IllegalArgumentException(String.format(
          "Share [%s] of %s asks for cache [metadata], which only the Rust virtiofsd has; the legacy"
              + " C virtiofsd [%s] has auto, always and none (never here): use one of those, or the"
              + " Rust virtiofsd 1.x (virtiofs.virtiofsd)", share.tag(), spec.testClass().getName(),
          host.virtiofsd().path()));
    }
    if (host.virtiofsd().flavour() == VirtiofsdFlavour.C && !host.root()) {
      throw new IllegalArgumentException(String.format(
          "The legacy C virtiofsd [%s] needs root; run the tests as root or use the Rust"
              + " virtiofsd 1.x (virtiofs.virtiofsd)", host.virtiofsd().path()));
    }
  }
}

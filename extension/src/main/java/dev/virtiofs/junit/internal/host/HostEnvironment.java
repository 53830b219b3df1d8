package dev.virtiofs.junit.internal.host;

import dev.virtiofs.junit.internal.prerequisites.PrerequisitesMissingException;
import dev.virtiofs.junit.internal.rundir.LeftoverSweep;
import dev.virtiofs.junit.internal.cache.CacheDirectory;
import dev.virtiofs.junit.internal.cache.CachePruning;
import dev.virtiofs.junit.internal.config.Settings;
import dev.virtiofs.junit.internal.image.GuestImage;
import dev.virtiofs.junit.internal.prerequisites.PrerequisiteReport;
import dev.virtiofs.junit.internal.prerequisites.Prerequisites;
import dev.virtiofs.junit.internal.qemu.AccelChoice;
import dev.virtiofs.junit.internal.qemu.AccelSelector;
import dev.virtiofs.junit.internal.qemu.QemuBinary;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdBinary;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What this host offers guests, found once per JVM and settings: the settings, the binaries and
 * image that passed the prerequisite check, and the accelerator. A failed check is not kept: the
 * next run checks again.
 *
 * @param settings the machine-wide settings
 * @param qemu the QEMU
 * @param virtiofsd the virtiofsd
 * @param image the guest image
 * @param accel KVM or TCG, and why
 * @param root whether the JVM runs as root (virtiofsd's sandbox depends on it)
 */
public record HostEnvironment(
    Settings settings,
    QemuBinary qemu,
    VirtiofsdBinary virtiofsd,
    GuestImage image,
    AccelChoice accel,
    boolean root) {

  /** Probing QEMU and virtiofsd costs a few hundred milliseconds; the host does not change under a JVM. */
  private static final Map<Settings, HostEnvironment> FOUND = new ConcurrentHashMap<>();

  /**
   * Removes the files that test JVMs killed hard left behind, then checks the prerequisites and
   * chooses the accelerator (pruning the cache the first time), or gives what an earlier run with
   * the same settings found.
   *
   * @param settings the machine-wide settings
   * @return the environment
   * @throws PrerequisitesMissingException with the report when something is missing
   * @throws IllegalStateException when KVM was demanded and does not work
   */
  public static HostEnvironment discover(Settings settings) {
    LeftoverSweep.sweep(); // every run: a JVM killed since the last one may have left files
    return FOUND.computeIfAbsent(settings, HostEnvironment::check);
  }

  private static HostEnvironment check(Settings settings) {
    PrerequisiteReport report = Prerequisites.check(settings);
    if (!report.ok()) {
      throw new PrerequisitesMissingException(report);
    }
    QemuBinary qemu = report.qemu().orElseThrow();
    GuestImage image = report.image().orElseThrow();
    Path cache = CacheDirectory.get();
    if (image.kernel().startsWith(cache)) {
      CachePruning.markUsed(image.kernel().getParent());
    }
    CachePruning.pruneOnce(cache);
    return new HostEnvironment(
        settings,
        qemu,
        report.virtiofsd().orElseThrow(),
        image,
        AccelSelector.choose(settings.accel(), qemu, image),
        runsAsRoot());
  }

  private static boolean runsAsRoot() {
    try {
      return Integer.valueOf(0).equals(java.nio.file.Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:uid"));
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return false;
    }
  }
}

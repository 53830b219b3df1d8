package dev.virtiofs.junit.internal.prerequisites;

import dev.virtiofs.junit.internal.config.Settings;
import dev.virtiofs.junit.internal.image.GuestImage;
import dev.virtiofs.junit.internal.qemu.QemuBinary;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdBinary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks the prerequisites of virtio-fs guests: QEMU at least 4.2 with {@code vhost-user-fs-pci},
 * a virtiofsd, a guest kernel with {@code CONFIG_VIRTIO_FS}, an initramfs, and the tools the
 * process guard uses. Nothing is started but short {@code --version}-style probes.
 */
public final class Prerequisites {

  static final String SETUP_HINT = "on Debian 12 or 13 run 'sudo host/setup-host.sh' from the"
      + " virtiofs-junit sources (it prints the packages for Ubuntu, Fedora, Arch and NixOS)";

  private Prerequisites() {}

  /**
   * Runs every check.
   *
   * @param settings where the binaries and image are configured
   * @return the report
   */
  public static PrerequisiteReport check(Settings settings) {
    List<Check> checks = new ArrayList<>();
    Optional<QemuBinary> qemu = checkQemu(settings, checks);
    Optional<VirtiofsdBinary> virtiofsd = checkVirtiofsd(settings, checks);
    Optional<GuestImage> image = checkImage(settings, checks);
    checks.add(checkGuardTools());
    return new PrerequisiteReport(List.copyOf(checks), qemu, virtiofsd, image);
  }

  private static Optional<QemuBinary> checkQemu(Settings settings, List<Check> checks) {
    String fix = SETUP_HINT + " (package qemu-system-x86); elsewhere install QEMU >= "
        + QemuBinary.MIN_VERSION + ", or set " + Settings.QEMU_PROPERTY_NAME;
    Optional<Path> path = settings.qemu()
        .or(() -> BinaryLocations.ofHost().find(QemuBinary.DEFAULT_NAME, BinaryLocations.QEMU_PLACES));
    if (path.isEmpty()) {
      checks.add(Check.missing("QEMU", QemuBinary.DEFAULT_NAME + " is not on PATH, in a Nix profile or in "
          + BinaryLocations.QEMU_PLACES + ", and " + Settings.QEMU_PROPERTY_NAME + " is not set", fix));
      return Optional.empty();
    }
    QemuBinary qemu;
    try {
      qemu = QemuBinary.probe(path.get());
    } catch (IllegalArgumentException e) {
      checks.add(Check.missing("QEMU", "[" + path.get() + "] " + e.getMessage() + source(settings.qemu(), Settings.QEMU_PROPERTY_NAME), fix));
      return Optional.empty();
    }
    if (!qemu.newEnough()) {
      checks.add(Check.missing("QEMU", qemu.describe() + " is older than " + QemuBinary.MIN_VERSION, fix));
      return Optional.empty();
    }
    checks.add(Check.ok("QEMU", qemu.describe()));
    if (!qemu.hasVhostUserFs()) {
      checks.add(Check.missing("vhost-user-fs-pci", qemu.describe() + " has no vhost-user-fs-pci device",
          "use a QEMU built with vhost-user support (Debian's qemu-system-x86 has it), or set "
              + Settings.QEMU_PROPERTY_NAME));
      return Optional.empty();
    }
    checks.add(Check.ok("vhost-user-fs-pci", "present"));
    return Optional.of(qemu);
  }

  private static Optional<VirtiofsdBinary> checkVirtiofsd(Settings settings, List<Check> checks) {
    String fix = SETUP_HINT + " (it installs the Rust virtiofsd 1.13.2; qemu-system-x86 ships"
        + " the C one at /usr/lib/qemu/virtiofsd); elsewhere install the package virtiofsd, or set "
        + Settings.VIRTIOFSD_PROPERTY_NAME;
    Optional<Path> path = settings.virtiofsd()
        .or(() -> BinaryLocations.ofHost().find("virtiofsd", BinaryLocations.VIRTIOFSD_PLACES));
    if (path.isEmpty()) {
      checks.add(Check.missing("virtiofsd", "none on PATH, in a Nix profile or in " + BinaryLocations.VIRTIOFSD_PLACES
          + ", and " + Settings.VIRTIOFSD_PROPERTY_NAME + " is not set", fix));
      return Optional.empty();
    }
    try {
      VirtiofsdBinary binary = VirtiofsdBinary.probe(path.get());
      checks.add(Check.ok("virtiofsd", binary.describe()));
      return Optional.of(binary);
    } catch (IllegalArgumentException e) {
      checks.add(Check.missing("virtiofsd", "[" + path.get() + "] " + e.getMessage()
          + source(settings.virtiofsd(), Settings.VIRTIOFSD_PROPERTY_NAME), fix));
      return Optional.empty();
    }
  }

  private static Optional<GuestImage> checkImage(Settings settings, List<Check> checks) {
    GuestImage image;
    try {
      image = GuestImage.locate(settings.guestKernel(), settings.kernel(), settings.initramfs(), settings.modules());
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      checks.add(Check.missing("guest image", e.getMessage(),
          "add the test dependency dev.virtiofs:virtiofs-junit-guest-image, or set "
              + Settings.KERNEL_PROPERTY_NAME + " and " + Settings.INITRAMFS_PROPERTY_NAME));
      return Optional.empty();
    }
    Check kernel = GuestKernelCheck.check(image);
    Check initramfs = InitramfsCheck.check(image.initramfs());
    checks.add(kernel);
    checks.add(initramfs);
    return kernel.ok() && initramfs.ok() ? Optional.of(image) : Optional.empty();
  }

  private static Check checkGuardTools() {
    List<String> missing = Stream.of("setsid", "setpriv").filter(t -> onPath(t).isEmpty()).toList();
    if (missing.isEmpty()) {
      return Check.ok("process guard", "setsid and setpriv (util-linux)");
    }
    return Check.missing("process guard", String.join(" and ", missing) + " not on PATH",
        "install util-linux (it has setsid and setpriv)");
  }

  static String source(Optional<Path> configured, String property) {
    return configured.isPresent() ? " (from " + property + ")" : "";
  }

  static Optional<Path> onPath(String name) {
    return BinaryLocations.ofHost().findOnPath(name);
  }

  static byte[] head(Path file, int bytes) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(bytes);
    }
  }

}

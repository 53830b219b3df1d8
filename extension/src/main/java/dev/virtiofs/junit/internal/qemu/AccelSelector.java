package dev.virtiofs.junit.internal.qemu;

import static org.awaitility.Awaitility.await;

import dev.virtiofs.junit.internal.cache.CacheDirectory;
import dev.virtiofs.junit.internal.config.Accel;
import dev.virtiofs.junit.internal.files.Directories;
import dev.virtiofs.junit.internal.image.GuestImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Chooses KVM or TCG. {@code auto} takes KVM only when it really boots the guest kernel: a {@code
 * /dev/kvm} can open fine and still hang every guest (nested or paravirtual hypervisors such as
 * PVM). The verdict of that boot probe is cached on disk per host boot, QEMU and kernel, so it is
 * paid once, not per class.
 */
public final class AccelSelector {

  static final Path KVM_DEVICE = Path.of("/dev/kvm");
  static final Duration PROBE_TIMEOUT = Duration.ofSeconds(15);
  static final String KERNEL_REACHED_INIT = "Freeing unused kernel";

  private AccelSelector() {}

  /**
   * Chooses the accelerator.
   *
   * @param wanted what the configuration asked for
   * @param qemu the QEMU to probe with
   * @param image the guest to probe with
   * @return the choice and its reason
   * @throws IllegalStateException when KVM was demanded and does not work, saying why
   */
  public static AccelChoice choose(Accel wanted, QemuBinary qemu, GuestImage image) {
    if (wanted == Accel.TCG) {
      return new AccelChoice(Accel.TCG, "virtiofs.accel=tcg");
    }
    Optional<String> unusable = kvmUnusable(qemu, image);
    if (unusable.isEmpty()) {
      return new AccelChoice(Accel.KVM, "/dev/kvm boots guests");
    }
    if (wanted == Accel.KVM) {
      throw new IllegalStateException(
          "Configuration parameter [virtiofs.accel] is [kvm], but KVM cannot run guests here: "
              + unusable.get()
              + ". Fix KVM (see README, Troubleshooting) or set virtiofs.accel=auto");
    }
    return new AccelChoice(Accel.TCG, unusable.get());
  }

  private static Optional<String> kvmUnusable(QemuBinary qemu, GuestImage image) {
    if (!Files.exists(KVM_DEVICE)) {
      return Optional.of("no /dev/kvm (no hardware virtualization, or the kvm module is not loaded)");
    }
    if (!Files.isReadable(KVM_DEVICE) || !Files.isWritable(KVM_DEVICE)) {
      return Optional.of("no read-write access to /dev/kvm (add this user to the group kvm)");
    }
    if (Files.exists(Path.of("/sys/module/kvm_pvm"))) {
      return Optional.of("/dev/kvm is the PVM hypervisor (kvm_pvm), which hangs stock guest kernels");
    }
    Path verdict = verdictFile(qemu, image);
    try {
      if (Files.isRegularFile(verdict)) {
        String cached = Files.readString(verdict).trim();
        return cached.equals("ok") ? Optional.empty() : Optional.of(cached + " (cached probe)");
      }
      Optional<String> result = probe(qemu, image);
      Files.createDirectories(verdict.getParent());
      Files.writeString(verdict, result.orElse("ok"));
      return result;
    } catch (IOException e) {
      return Optional.of("the KVM boot probe failed: " + e.getMessage());
    }
  }

  private static Optional<String> probe(QemuBinary qemu, GuestImage image) throws IOException {
    Path dir = Directories.createPrivate(Path.of(System.getProperty("java.io.tmpdir")), "virtiofs-kvm-probe-");
    try {
      QemuSpec spec =
          new QemuSpec(
              qemu, "kvm-probe", Accel.KVM, 256, 1, image.kernel(), image.initramfs(),
              "console=ttyS0 loglevel=7 panic=-1", qemu.qboot(), Map.of(), Map.of(),
              dir.resolve("console.log"), dir.resolve("qmp.sock"), false, Optional.empty(), Optional.empty());
      try (QemuProcess probe = QemuProcess.start(spec, dir.resolve("qemu.log"))) {
        try {
          await("guest kernel reaching init under KVM")
              .atMost(PROBE_TIMEOUT)
              .pollDelay(Duration.ZERO)
              .pollInterval(Duration.ofMillis(20))
              .until(() -> !probe.isAlive() || reachedInit(spec.console()));
        } catch (ConditionTimeoutException e) {
          return Optional.of("a guest kernel did not boot under KVM within " + PROBE_TIMEOUT.toSeconds() + " s");
        }
        return probe.isAlive()
            ? Optional.empty()
            : Optional.of("QEMU with KVM exited: " + Files.readString(dir.resolve("qemu.log")).strip());
      } catch (IllegalStateException e) {
        String output = Files.readString(dir.resolve("qemu.log")).strip();
        return Optional.of("QEMU with KVM failed: " + (output.isEmpty() ? e.getMessage().lines().findFirst().orElse("") : output));
      }
    } finally {
      Directories.deleteRecursively(dir);
    }
  }

  private static boolean reachedInit(Path console) throws IOException {
    return Files.exists(console)
        && Files.readString(console, StandardCharsets.ISO_8859_1).contains(KERNEL_REACHED_INIT);
  }

  private static Path verdictFile(QemuBinary qemu, GuestImage image) {
    String bootId;
    try {
      bootId = Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
    } catch (IOException e) {
      bootId = "unknown";
    }
    String key = bootId + "|" + qemu.path() + "|" + qemu.version() + "|" + image.kernel() + "|" + image.kernel().toFile().length();
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      String name = HexFormat.of().formatHex(digest, 0, 8);
      return CacheDirectory.get().resolve("kvm-probe").resolve(name);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

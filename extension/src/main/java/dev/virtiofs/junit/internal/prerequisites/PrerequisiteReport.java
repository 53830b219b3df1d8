package dev.virtiofs.junit.internal.prerequisites;

import dev.virtiofs.junit.internal.image.GuestImage;
import dev.virtiofs.junit.internal.qemu.QemuBinary;
import dev.virtiofs.junit.internal.virtiofsd.VirtiofsdBinary;
import java.util.List;
import java.util.Optional;

/**
 * What this host has of what virtio-fs guests need, and what it lacks.
 *
 * @param checks every check, in order
 * @param qemu the QEMU found, when usable
 * @param virtiofsd the virtiofsd found, when usable
 * @param image the guest image found, when usable
 */
public record PrerequisiteReport(
    List<Check> checks,
    Optional<QemuBinary> qemu,
    Optional<VirtiofsdBinary> virtiofsd,
    Optional<GuestImage> image) {

  /**
   * Tells whether every check passed.
   *
   * @return {@code true} when guests can be booted
   */
  public boolean ok() {
    return checks.stream().allMatch(Check::ok);
  }

  /**
   * The report as text, one line a check, with the fix under each failed one.
   *
   * @return the report
   */
  public String render() {
    StringBuilder text = new StringBuilder("virtiofs-junit prerequisites:");
    for (Check check : checks) {
      text.append(System.lineSeparator())
          .append(String.format("  [%s] %s: %s", check.ok() ? "ok" : "MISSING", check.name(), check.found()));
      if (!check.ok()) {
        text.append(System.lineSeparator()).append("       fix: ").append(check.fix());
      }
    }
    return text.toString();
  }

  /**
   * The message a class fails with when a prerequisite is missing.
   *
   * @return the failure message
   */
  public String failureMessage() {
    List<String> missing = checks.stream().filter(c -> !c.ok()).map(Check::name).toList();
    return "virtiofs-junit cannot boot a guest on this host: missing "
        + String.join(", ", missing)
        + System.lineSeparator()
        + render();
  }
}

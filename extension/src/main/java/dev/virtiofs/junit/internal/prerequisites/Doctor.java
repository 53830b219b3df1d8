package dev.virtiofs.junit.internal.prerequisites;

import dev.virtiofs.junit.internal.config.Settings;
import dev.virtiofs.junit.internal.qemu.AccelChoice;
import dev.virtiofs.junit.internal.qemu.AccelSelector;

/**
 * The {@code doctor} command: prints the prerequisite report and the accelerator guests would get,
 * for the settings given as {@code -D} system properties. Exits with status 1 when a prerequisite
 * is missing.
 */
public final class Doctor {

  private Doctor() {}

  /**
   * Prints the report.
   *
   * @param args ignored; settings come from system properties
   */
  public static void main(String[] args) {
    Settings settings = Settings.fromSystemProperties();
    PrerequisiteReport report = Prerequisites.check(settings);
    System.out.println(report.render());
    if (!report.ok()) {
      System.out.println("Some prerequisites are missing: guests cannot boot on this host.");
      System.exit(1);
    }
    try {
      AccelChoice accel = AccelSelector.choose(settings.accel(), report.qemu().orElseThrow(), report.image().orElseThrow());
      System.out.printf("  [ok] accelerator: %s (%s)%n", accel.accel().qemuName(), accel.reason());
    } catch (IllegalStateException e) {
      System.out.println("  [MISSING] accelerator: " + e.getMessage());
      System.exit(1);
    }
    System.out.println("All prerequisites are met.");
  }
}

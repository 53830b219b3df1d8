package dev.virtiofs.junit.internal.prerequisites;

/**
 * The outcome of one prerequisite check.
 *
 * @param name what was checked ({@code "QEMU"})
 * @param ok whether it is met
 * @param found what was found, with versions and paths
 * @param fix how to meet it, when it is not
 */
public record Check(String name, boolean ok, String found, String fix) {

  static Check ok(String name, String found) {
    return new Check(name, true, found, "");
  }

  static Check missing(String name, String found, String fix) {
    return new Check(name, false, found, fix);
  }
}

package dev.virtiofs.junit.internal.testsupport;

import dev.virtiofs.junit.internal.cache.CacheDirectory;
import dev.virtiofs.junit.internal.config.Settings;
import dev.virtiofs.junit.internal.files.Directories;
import dev.virtiofs.junit.internal.image.GuestImage;
import dev.virtiofs.junit.internal.kept.KeptGuest;
import dev.virtiofs.junit.internal.kept.KeptGuestRegistry;
import dev.virtiofs.junit.internal.kept.KeptGuestStop;
import dev.virtiofs.junit.internal.ssh.ClientKey;
import dev.virtiofs.junit.internal.ssh.GuestConnection;
import dev.virtiofs.junit.internal.ssh.GuestHostKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one seam through which the project's own integration tests ({@code it/}) and benchmark
 * reach the extension's internals, beside {@link GuestInternals} for one guest. Not API: nothing
 * here is for users' tests, and it changes with the internals.
 */
public final class ExtensionInternals {

  /** The configuration parameter that picks the guest kernel line: {@value}. */
  public static final String GUEST_KERNEL_PROPERTY_NAME = Settings.GUEST_KERNEL_PROPERTY_NAME;

  private ExtensionInternals() {}

  /**
   * The kernel of the guest image's default line.
   *
   * @return the kernel file, unpacked in the cache
   */
  public static Path imageKernel() {
    return GuestImage.locate(Optional.empty(), Optional.empty()).kernel();
  }

  /**
   * The initramfs of the guest image's default line.
   *
   * @return the initramfs file, unpacked in the cache
   */
  public static Path imageInitramfs() {
    return GuestImage.locate(Optional.empty(), Optional.empty()).initramfs();
  }

  /**
   * The cache directory this JVM uses.
   *
   * @return the directory
   */
  public static Path cacheDirectory() {
    return CacheDirectory.get();
  }

  /**
   * Removes a tree, unreadable directories and all, as the extension removes its own.
   *
   * @param dir the tree
   * @throws IOException when it cannot be removed
   */
  public static void deleteRecursively(Path dir) throws IOException {
    Directories.deleteRecursively(dir);
  }

  /**
   * The guests kept after failed classes.
   *
   * @return them, by id
   */
  public static List<KeptGuest> keptGuests() {
    return KeptGuestRegistry.list();
  }

  /**
   * Stops a kept guest as {@code host/kept-guests stop ID} does.
   *
   * @param id its id
   */
  public static void stopKeptGuest(String id) {
    KeptGuestStop.stop(id);
  }

  /**
   * Logs in to a guest's SSH port with a client key it never authorized, pinning a host key it
   * does not have: the login must fail.
   *
   * @param port the guest's forwarded SSH port
   * @param timeout the connect timeout
   * @throws IOException as the login fails
   */
  public static void loginWithStrangerKeys(int port, Duration timeout) throws IOException {
    GuestConnection.open(port, ClientKey.generate(), GuestHostKey.generate(), timeout).close();
  }
}

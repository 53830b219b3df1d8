package dev.virtiofs.junit.image;

import dev.virtiofs.junit.cache.CacheDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * The kernel and initramfs a guest boots.
 *
 * <p>Found, in this order: the configuration parameters {@code virtiofs.kernel} and {@code
 * virtiofs.initramfs} (both or neither); else the image of the artifact {@code
 * dev.virtiofs:virtiofs-junit-guest-image} on the test classpath, unpacked once into {@code
 * images/<key>} of the cache ({@link CacheDirectory}, by default {@code ~/.cache/virtiofs-junit}).
 *
 * @param kernel the kernel: an ELF {@code vmlinux} (booted PVH) or a bzImage
 * @param initramfs the initramfs
 * @param kernelConfig the kernel's {@code .config}, when known, for the prerequisite check
 * @param ours whether this is virtiofs-junit's own image, whose init prints ready and error lines
 * @param description where it came from, for reports
 */
public record GuestImage(
    Path kernel, Path initramfs, Optional<Path> kernelConfig, boolean ours, String description) {

  static final String RESOURCE_DIR = "dev/virtiofs/junit/image/";

  /** The line the image's init prints when SSH is up: {@value}. */
  public static final String READY_LINE = "virtiofs-junit: guest ready";

  /** The prefix of the line the image's init prints when it cannot go on: {@value}. */
  public static final String ERROR_LINE = "virtiofs-junit: error:";

  /**
   * Locates the image.
   *
   * @param kernel the configured kernel, if any
   * @param initramfs the configured initramfs, if any
   * @return the image
   * @throws IllegalArgumentException naming the setting to fix
   */
  public static GuestImage locate(Optional<Path> kernel, Optional<Path> initramfs) {
    if (kernel.isPresent() != initramfs.isPresent()) {
      throw new IllegalArgumentException(
          String.format(
              "Configuration parameters [virtiofs.kernel] = [%s] and [virtiofs.initramfs] = [%s]"
                  + " go together: set both, or neither to use the image on the classpath",
              kernel.map(Path::toString).orElse(""), initramfs.map(Path::toString).orElse("")));
    }
    if (kernel.isPresent()) {
      Path k = kernel.get().toAbsolutePath();
      Path i = initramfs.get().toAbsolutePath();
      return new GuestImage(k, i, siblingConfig(k), false, "kernel " + k + ", initramfs " + i);
    }
    URL marker = GuestImage.class.getClassLoader().getResource(RESOURCE_DIR + "image.properties");
    if (marker == null) {
      throw new IllegalArgumentException(
          "No guest image: add the test dependency dev.virtiofs:virtiofs-junit-guest-image, or set"
              + " the configuration parameters virtiofs.kernel and virtiofs.initramfs");
    }
    Path dir = unpacked(marker);
    return new GuestImage(
        dir.resolve("vmlinux"),
        dir.resolve("initramfs.cpio"),
        Optional.of(dir.resolve("config")),
        true,
        "virtiofs-junit guest image " + properties(marker).getProperty("kernel", "") + " in " + dir);
  }

  private static Optional<Path> siblingConfig(Path kernel) {
    Path dir = kernel.getParent();
    String name = kernel.getFileName().toString();
    for (String candidate :
        new String[] {name + ".config", "config", name.replaceFirst("^vmlinu[xz]", "config")}) {
      Path config = dir.resolve(candidate);
      if (!candidate.equals(name) && Files.isRegularFile(config)) {
        return Optional.of(config);
      }
    }
    return Optional.empty();
  }

  private static Path unpacked(URL marker) {
    try {
      if (marker.getProtocol().equals("file")) {
        return Path.of(marker.toURI()).getParent();
      }
      String key = read(RESOURCE_DIR + "image.key").trim();
      Path cache = cacheRoot().resolve(key);
      if (!Files.isRegularFile(cache.resolve("initramfs.cpio"))) {
        unpack(cache);
      }
      return cache;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not unpack the guest image: " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void unpack(Path cache) throws IOException {
    Files.createDirectories(cache.getParent());
    Path staging = Files.createTempDirectory(cache.getParent(), ".unpack-");
    for (String name : new String[] {"vmlinux", "config", "image.properties", "initramfs.cpio"}) {
      try (InputStream in = resource(RESOURCE_DIR + name)) {
        Files.copy(in, staging.resolve(name));
      }
    }
    try {
      Files.move(staging, cache, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException e) {
      // another JVM unpacked it first
      dev.virtiofs.junit.files.Directories.deleteRecursively(staging);
    } catch (IOException e) {
      if (!Files.isRegularFile(cache.resolve("initramfs.cpio"))) {
        throw e;
      }
      dev.virtiofs.junit.files.Directories.deleteRecursively(staging);
    }
  }

  static Path cacheRoot() {
    return CacheDirectory.get().resolve("images");
  }

  private static Properties properties(URL marker) {
    Properties properties = new Properties();
    try (InputStream in = marker.openStream()) {
      properties.load(in);
    } catch (IOException e) {
      // the description just lacks the kernel version
    }
    return properties;
  }

  private static String read(String name) throws IOException {
    try (InputStream in = resource(name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static InputStream resource(String name) throws IOException {
    InputStream in = GuestImage.class.getClassLoader().getResourceAsStream(name);
    if (in == null) {
      throw new IOException(name + " is missing from the guest image artifact");
    }
    return in;
  }
}

package dev.virtiofs.junit.internal.image;

import dev.virtiofs.junit.internal.cache.CacheDirectory;
import dev.virtiofs.junit.internal.cache.CachePruning;
import dev.virtiofs.junit.internal.kernel.KernelLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel and initramfs a guest boots.
 *
 * <p>Found, in this order: the configuration parameters {@code virtiofs.kernel} and {@code
 * virtiofs.initramfs} (both or neither); else the image of the artifact {@code
 * dev.virtiofs:virtiofs-junit-guest-image} on the test classpath, which carries several kernel
 * lines ({@link KernelLines}: Debian's 6.12, the default, and 6.1), each with an initramfs of its
 * own. A line is unpacked once, when a guest first asks for it, into {@code
 * images/<key>/kernels/<line>} of the cache ({@link CacheDirectory}, by default {@code
 * ~/.cache/virtiofs-junit}).
 *
 * @param kernel the kernel: an ELF {@code vmlinux} (booted PVH) or a bzImage
 * @param initramfs the initramfs
 * @param kernelConfig the kernel's {@code .config}, when known, for the prerequisite check
 * @param ours whether the initramfs is virtiofs-junit's own, whose init prints ready and error lines
 *     and runs the exec agent (the image's, or a kernel of the user's own with its modules: {@code
 *     virtiofs.modules})
 * @param line the image's kernel line this is, or empty for a kernel of the user's own
 * @param description where it came from, for reports
 */
public record GuestImage(
    Path kernel, Path initramfs, Optional<Path> kernelConfig, boolean ours, Optional<String> line,
    String description) {

  static final String RESOURCE_DIR = "virtiofs-junit-image/";

  /** The line the image's init prints when SSH is up: {@value}. */
  public static final String READY_LINE = "virtiofs-junit: guest ready";

  /** The prefix of the line the image's init prints when it cannot go on: {@value}. */
  public static final String ERROR_LINE = "virtiofs-junit: error:";

  /** Each line of our image, once located in this JVM. */
  private static final Map<String, GuestImage> OURS = new ConcurrentHashMap<>();

  /**
   * Locates the image, with our image's default kernel line.
   *
   * @param kernel the configured kernel, if any
   * @param initramfs the configured initramfs, if any
   * @return the image
   * @throws IllegalArgumentException naming the setting to fix
   */
  public static GuestImage locate(Optional<Path> kernel, Optional<Path> initramfs) {
    return locate(Optional.empty(), kernel, initramfs, Optional.empty());
  }

  /**
   * Locates the image.
   *
   * @param kernelLine the kernel line asked for by the configuration parameter {@code
   *     virtiofs.guestKernel}, if any; our image's default otherwise
   * @param kernel the configured kernel, if any
   * @param initramfs the configured initramfs, if any
   * @param modules the configured module tree of that kernel, if any ({@code virtiofs.modules})
   * @return the image
   * @throws IllegalArgumentException naming the setting to fix
   */
  public static GuestImage locate(
      Optional<String> kernelLine, Optional<Path> kernel, Optional<Path> initramfs, Optional<Path> modules) {
    if (modules.isPresent() && (kernel.isEmpty() || initramfs.isPresent())) {
      throw new IllegalArgumentException(String.format("Configuration parameter [virtiofs.modules] = [%s] goes"
          + " with [virtiofs.kernel] (the kernel those modules are for; it is [%s]) and without"
          + " [virtiofs.initramfs] (it is [%s]): the modules go into virtiofs-junit's initramfs, so set"
          + " virtiofs.kernel, and unset virtiofs.initramfs or virtiofs.modules", modules.get(),
          kernel.map(Path::toString).orElse(""), initramfs.map(Path::toString).orElse("")));
    }
    if (modules.isPresent()) {
      return OwnKernelImage.of(kernel.get().toAbsolutePath(), modules.get().toAbsolutePath(),
          ours(Optional.empty(), "the default kernel line"));
    }
    if (kernel.isPresent() != initramfs.isPresent()) {
      throw new IllegalArgumentException(
          String.format(
              "Configuration parameters [virtiofs.kernel] = [%s] and [virtiofs.initramfs] = [%s]"
                  + " go together: set both, or neither to use the image on the classpath; with a kernel"
                  + " whose drivers are modules, set virtiofs.modules to its modules directory instead of"
                  + " virtiofs.initramfs",
              kernel.map(Path::toString).orElse(""), initramfs.map(Path::toString).orElse("")));
    }
    if (kernel.isPresent()) {
      Path k = kernel.get().toAbsolutePath();
      Path i = initramfs.get().toAbsolutePath();
      return new GuestImage(k, i, siblingConfig(k), false, Optional.empty(), "kernel " + k + ", initramfs " + i);
    }
    return ours(kernelLine, "Configuration parameter [virtiofs.guestKernel]");
  }

  /**
   * This image with another kernel line of ours: what {@code @VirtioFsVm(guestKernel = ...)} asks
   * for. A kernel of the user's own ({@code virtiofs.kernel}) has no lines and stays.
   *
   * @param kernelLine the line asked for, if any
   * @param source where the request came from, named when the line does not exist
   * @return the image with that line's kernel and initramfs
   * @throws IllegalArgumentException naming the source, the value and the lines there are
   */
  public GuestImage withKernelLine(Optional<String> kernelLine, String source) {
    return line.isPresent() && kernelLine.isPresent() ? ours(kernelLine, source) : this;
  }

  private static GuestImage ours(Optional<String> kernelLine, String source) {
    URL marker = GuestImage.class.getClassLoader().getResource(RESOURCE_DIR + "image.properties");
    if (marker == null) {
      throw new IllegalArgumentException(
          "No guest image: add the test dependency dev.virtiofs:virtiofs-junit-guest-image, or set"
              + " the configuration parameters virtiofs.kernel and virtiofs.initramfs");
    }
    String line = KernelLines.from(properties(marker)).choose(kernelLine, source);
    GuestImage image = OURS.computeIfAbsent(line, l -> unpackedLine(marker, l));
    markUsed(image);
    return image;
  }

  private static GuestImage unpackedLine(URL marker, String line) {
    String prefix = RESOURCE_DIR + "kernels/" + line + "/";
    Properties kernel = properties(GuestImage.class.getClassLoader().getResource(prefix + "kernel.properties"));
    String file = kernel.getProperty("file", "vmlinux");
    Path dir = ImageUnpacking.unpacked(marker, prefix, List.of(file, "config", "kernel.properties", "initramfs.cpio"));
    return new GuestImage(
        dir.resolve(file),
        dir.resolve("initramfs.cpio"),
        Optional.of(dir.resolve("config")),
        true,
        Optional.of(line),
        String.format("virtiofs-junit guest image, kernel %s (%s %s) in %s", kernel.getProperty("release", line),
            kernel.getProperty("package", "?"), kernel.getProperty("version", "?"), dir));
  }

  /** The image's directory in the cache is pruned when no run has used it for a while. */
  private static void markUsed(GuestImage image) {
    Path imageDir = image.kernel().getParent().getParent().getParent();
    if (image.kernel().startsWith(cacheRoot())) {
      CachePruning.markUsed(imageDir);
    }
  }

  static Optional<Path> siblingConfig(Path kernel) {
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

  static Path cacheRoot() {
    return CacheDirectory.get().resolve("images");
  }

  private static Properties properties(URL resource) {
    Properties properties = new Properties();
    if (resource == null) {
      throw new IllegalArgumentException("The guest image artifact lacks a kernel line's"
          + " kernel.properties: rebuild it (guest-image/build-image.sh)");
    }
    try (InputStream in = resource.openStream()) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + resource + ": " + e.getMessage(), e);
    }
    return properties;
  }
}

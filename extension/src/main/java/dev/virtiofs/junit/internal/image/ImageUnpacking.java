package dev.virtiofs.junit.internal.image;

import dev.virtiofs.junit.internal.files.Directories;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * Unpacks a kernel line of the guest image artifact into the cache, once per machine: {@code
 * images/<key>/image.properties} (which marks an unpacked image for {@code CachePruning}) and
 * {@code images/<key>/kernels/<line>/}, each made in a staging directory and renamed into place
 * whole, so JVMs unpacking at once never see half a line. An image on the file system (the build's
 * {@code target/classes}) is used where it is.
 */
final class ImageUnpacking {

  private ImageUnpacking() {}

  /**
   * The directory of a kernel line, unpacked if need be.
   *
   * @param marker the image's {@code image.properties} on the classpath
   * @param prefix the line's resource directory, {@code virtiofs-junit-image/kernels/<line>/}
   * @param names the line's files
   * @return the directory
   * @throws UncheckedIOException when unpacking fails
   */
  static Path unpacked(URL marker, String prefix, List<String> names) {
    String relative = prefix.substring(GuestImage.RESOURCE_DIR.length());
    try {
      if (marker.getProtocol().equals("file")) {
        return Path.of(marker.toURI()).getParent().resolve(relative);
      }
      Path image = GuestImage.cacheRoot().resolve(read(GuestImage.RESOURCE_DIR + "image.key").trim());
      Files.createDirectories(image);
      if (!Files.isRegularFile(image.resolve("image.properties"))) {
        unpack(image, "image.properties", List.of("image.properties"), GuestImage.RESOURCE_DIR);
      }
      Path line = image.resolve(relative);
      if (!Files.isRegularFile(line.resolve("initramfs.cpio"))) {
        Files.createDirectories(line.getParent());
        unpack(line.getParent(), line.getFileName().toString(), names, prefix);
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not unpack the guest image: " + e.getMessage(), e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Copies the resources into a staging directory in {@code parent}, then renames it (or, for one file, the file) to {@code target}. */
  private static void unpack(Path parent, String target, List<String> names, String prefix) throws IOException {
    Path staging = Files.createTempDirectory(parent, ".unpack-");
    try {
      for (String name : names) {
        try (InputStream in = resource(prefix + name)) {
          Files.copy(in, staging.resolve(name));
        }
      }
      Path from = names.size() == 1 && names.get(0).equals(target) ? staging.resolve(target) : staging;
      Files.move(from, parent.resolve(target), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (!Files.exists(parent.resolve(target))) {
        throw e;
      } // else another JVM unpacked it first
    } finally {
      Directories.deleteRecursively(staging);
    }
  }

  private static String read(String name) throws IOException {
    try (InputStream in = resource(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
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

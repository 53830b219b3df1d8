package dev.virtiofs.junit.internal.kept;

import dev.virtiofs.junit.internal.cache.CacheDirectory;
import dev.virtiofs.junit.internal.rundir.RunDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The registry of kept guests: one {@code kept/<id>.properties} a guest in the cache ({@code
 * CacheDirectory}, by default {@code ~/.cache/virtiofs-junit}), written when a guest is kept and
 * removed when it is stopped. Knows nothing of processes.
 */
public final class KeptGuestRegistry {

  private static final String SUFFIX = ".properties";

  private KeptGuestRegistry() {}

  /**
   * Registers a guest whose processes were detached, and marks its run directory kept.
   *
   * @param kept the entry
   * @throws UncheckedIOException when it cannot be written
   */
  public static void register(KeptGuest kept) {
    Properties properties = new Properties();
    properties.setProperty("testClass", kept.testClass());
    properties.setProperty("ssh", kept.sshCommand());
    properties.setProperty("guards", String.join(",", kept.guards().stream().map(String::valueOf).toList()));
    properties.setProperty("runDir", kept.runDir().toString());
    properties.setProperty("temporaryShares",
        String.join("\n", kept.temporaryShares().stream().map(Path::toString).toList()));
    try {
      Files.createDirectories(directory());
      try (OutputStream out = Files.newOutputStream(entry(kept.id()))) {
        properties.store(out, "a guest kept by virtiofs-junit; stop it with host/kept-guests stop " + kept.id());
      }
      RunDirectory.markKept(kept.runDir(), kept.id());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not register the kept guest in " + directory(), e);
    }
  }

  /**
   * The kept guests.
   *
   * @return them, by id
   */
  public static List<KeptGuest> list() {
    List<KeptGuest> kept = new ArrayList<>();
    if (!Files.isDirectory(directory())) {
      return kept;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory(), "*" + SUFFIX)) {
      for (Path entry : entries) {
        kept.add(read(entry));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    kept.sort((a, b) -> a.id().compareTo(b.id()));
    return kept;
  }

  /**
   * The entry of one kept guest.
   *
   * @param id its id, as {@link #list()} gives it
   * @return the entry
   * @throws IllegalArgumentException when there is no such guest
   */
  public static KeptGuest get(String id) {
    Path entry = entry(id);
    if (!Files.isRegularFile(entry)) {
      throw new IllegalArgumentException("No kept guest [" + id + "]; kept are "
          + list().stream().map(KeptGuest::id).toList() + ": see host/kept-guests list");
    }
    return read(entry);
  }

  /**
   * Removes the entry of a guest that was stopped.
   *
   * @param id its id
   * @throws IOException when it cannot be removed
   */
  static void remove(String id) throws IOException {
    Files.delete(entry(id));
  }

  private static Path directory() {
    return CacheDirectory.get().resolve("kept");
  }

  private static Path entry(String id) {
    return directory().resolve(id + SUFFIX);
  }

  private static KeptGuest read(Path entry) {
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(entry)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String name = entry.getFileName().toString();
    return new KeptGuest(
        name.substring(0, name.length() - SUFFIX.length()),
        properties.getProperty("testClass", ""),
        properties.getProperty("ssh", ""),
        Stream.of(properties.getProperty("guards", "").split(",")).filter(s -> !s.isBlank()).map(Long::valueOf).toList(),
        Path.of(properties.getProperty("runDir", "")),
        properties.getProperty("temporaryShares", "").lines().filter(s -> !s.isBlank()).map(Path::of).toList());
  }
}

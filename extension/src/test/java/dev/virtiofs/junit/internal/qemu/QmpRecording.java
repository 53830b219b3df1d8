package dev.virtiofs.junit.internal.qemu;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Exchanges recorded from a real QEMU (see {@code src/test/resources/qmp/README.md}): the lines the
 * client sent, marked {@code ->}, and those QEMU wrote back, marked {@code <-}.
 *
 * @param requests what the client sent
 * @param replies what QEMU wrote, events included
 */
record QmpRecording(List<String> requests, List<String> replies) {

  /**
   * The recorded QEMU versions, as their directories are named.
   *
   * @return such as {@code qemu-7.2}
   */
  static Stream<String> versions() {
    try (Stream<Path> directories = Files.list(root())) {
      return directories.filter(Files::isDirectory).map(dir -> dir.getFileName().toString())
          .filter(name -> name.startsWith("qemu-")).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Recordings of one version, one after the other.
   *
   * @param version such as {@code qemu-7.2}
   * @param names the files, without {@code .qmp}
   * @return the exchanges, in the order given
   */
  static QmpRecording of(String version, String... names) {
    List<String> requests = new ArrayList<>();
    List<String> replies = new ArrayList<>();
    for (String name : names) {
      for (String line : lines(version, name)) {
        if (line.startsWith("-> ")) {
          requests.add(line.substring(3));
        } else if (line.startsWith("<- ")) {
          replies.add(line.substring(3));
        } else if (!line.isBlank()) {
          throw new IllegalStateException("Not a recorded line in " + version + "/" + name + ": " + line);
        }
      }
    }
    return new QmpRecording(List.copyOf(requests), List.copyOf(replies));
  }

  /**
   * Tells whether a version has a recording (a migration may end before it is seen in progress).
   *
   * @param version such as {@code qemu-7.2}
   * @param name the file, without {@code .qmp}
   * @return {@code true} when there is one
   */
  static boolean exists(String version, String name) {
    return Files.exists(root().resolve(version).resolve(name + ".qmp"));
  }

  /**
   * The one reply of a recording, parsed with no code of the extension's.
   *
   * @return the reply's JSON
   */
  JsonElement reply() {
    return JsonParser.parseString(replies.get(replies.size() - 1));
  }

  /**
   * The requests, parsed: JSON equal to what the client must send.
   *
   * @return one element a request
   */
  List<JsonElement> parsedRequests() {
    return requests.stream().map(JsonParser::parseString).toList();
  }

  static List<String> lines(String version, String name) {
    try {
      return Files.readAllLines(root().resolve(version).resolve(name + ".qmp"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path root() {
    try {
      return Path.of(QmpRecording.class.getResource("/qmp").toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}

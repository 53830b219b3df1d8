package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of what the guest sees of each share fault, one row per fault and guest operation, one
 * column per cache mode, as a run measured it; checked, cell by cell, against the table published
 * for the daemon ({@code share-faults/<daemon>.md}) and the README's copy, so that a change in
 * QEMU, virtiofsd or the kernel turns the run red instead of silently changing the table.
 */
final class FaultTable {

  static final List<String> CACHES = List.of("auto", "always", "never");

  private final Map<String, Map<String, String>> rows = new LinkedHashMap<>();
  private final List<String> timings = new ArrayList<>();

  synchronized void record(String row, String cache, String value) {
    rows.computeIfAbsent(row, r -> new LinkedHashMap<>()).put(cache, value);
  }

  synchronized void timing(String line) {
    timings.add(line);
  }

  /** The rows as the README's Markdown table rows: {@code | fault, operation | auto | always | never |}. */
  synchronized List<String> markdownRows() {
    List<String> lines = new ArrayList<>();
    rows.forEach((row, cells) -> {
      StringBuilder line = new StringBuilder("| ").append(row).append(" |");
      CACHES.forEach(cache -> line.append(' ').append(cells.getOrDefault(cache, "-")).append(" |"));
      lines.add(line.toString());
    });
    return lines;
  }

  /**
   * Writes the table and its timings to {@code target/share-faults/}, then checks each row against
   * the published one.
   *
   * @param name the fixture the rows come from
   * @param daemon {@code rust} or {@code c}
   */
  synchronized void writeAndCheck(String name, String daemon) throws IOException {
    Path out = Files.createDirectories(Path.of("target", "share-faults"));
    List<String> measured = markdownRows();
    Files.write(out.resolve(name + "-" + daemon + ".md"), measured);
    Files.write(out.resolve(name + "-" + daemon + "-timings.txt"), timings);
    System.out.println("Share faults, " + name + ", " + daemon + " virtiofsd:\n" + String.join("\n", measured)
        + "\n" + String.join("\n", timings));
    List<String> published = published(daemon);
    List<String> rust = published("rust");
    String readme = Files.readString(Path.of("..", "README.md"));
    for (String row : measured) {
      String key = row.substring(0, row.indexOf(" |", 2) + 2);
      assertThat(published.stream().filter(line -> line.startsWith(key)).toList())
          .as("the published row for [%s] (%s virtiofsd); measured:%n%s", key, daemon, String.join("\n", measured))
          .containsExactly(row);
      // the README shows the Rust daemon's table, and the C daemon's rows where they differ
      if (daemon.equals("rust") || !rust.contains(row)) {
        assertThat(readme).as("README.md's share-fault tables").contains(row);
      }
    }
  }

  private static List<String> published(String daemon) throws IOException {
    try (InputStream in = FaultTable.class.getResourceAsStream("/share-faults/" + daemon + ".md")) {
      assertThat(in).as("share-faults/%s.md in the test resources", daemon).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("| ")).toList();
    }
  }
}

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the benchmark's results of several stacks side by side: one row per figure (a
 * {min, median, max} figure by its median), one column per results.json given.
 *
 * <p>{@code java .ci/BenchmarkTables.java A.json B.json}
 */
public class BenchmarkTables {

  public static void main(String[] args) throws Exception {
    List<Map<String, String>> stacks = new ArrayList<>();
    Map<String, Boolean> rows = new LinkedHashMap<>();
    for (String arg : args) {
      Map<String, String> flat = new LinkedHashMap<>();
      Path file = Path.of(arg);
      if (Files.isRegularFile(file)) {
        flatten("", new Parser(Files.readString(file)).value(), flat);
      }
      flat.keySet().forEach(key -> rows.put(key, true));
      stacks.add(flat);
    }
    StringBuilder header = new StringBuilder(String.format("| %-40s |", "figure"));
    for (String arg : args) {
      header.append(String.format(" %-22s |", Path.of(arg).getFileName().toString().replaceAll("^benchmark-|\\.json$", "")));
    }
    System.out.println(header);
    System.out.println(header.toString().replaceAll("[^|]", "-"));
    for (String row : rows.keySet()) {
      StringBuilder line = new StringBuilder(String.format("| %-40s |", row));
      for (Map<String, String> stack : stacks) {
        line.append(String.format(" %-22s |", stack.getOrDefault(row, "-")));
      }
      System.out.println(line);
    }
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Object value, Map<String, String> out) {
    if (value instanceof Map<?, ?> map) {
      if (map.containsKey("median")) {
        out.put(prefix, map.get("min") + " / " + map.get("median") + " / " + map.get("max"));
        return;
      }
      ((Map<String, Object>) map).forEach((key, child) -> flatten(prefix.isEmpty() ? key : prefix + "." + key, child, out));
    } else {
      out.put(prefix, String.valueOf(value));
    }
  }

  /** Just enough JSON for the benchmark's own output: objects, arrays, strings, numbers, literals. */
  private static final class Parser {
    private final String text;
    private int at;

    Parser(String text) {
      this.text = text;
    }

    Object value() {
      skip();
      char c = text.charAt(at);
      if (c == '{') {
        Map<String, Object> map = new LinkedHashMap<>();
        at++;
        while (skip() != '}') {
          String key = (String) value();
          skip();
          at++; // ':'
          map.put(key, value());
          if (skip() == ',') {
            at++;
          }
        }
        at++;
        return map;
      }
      if (c == '[') {
        List<Object> list = new ArrayList<>();
        at++;
        while (skip() != ']') {
          list.add(value());
          if (skip() == ',') {
            at++;
          }
        }
        at++;
        return list;
      }
      if (c == '"') {
        int end = text.indexOf('"', at + 1);
        String s = text.substring(at + 1, end);
        at = end + 1;
        return s;
      }
      int start = at;
      while (at < text.length() && ",}] \n\t\r".indexOf(text.charAt(at)) < 0) {
        at++;
      }
      return text.substring(start, at);
    }

    private char skip() {
      while (Character.isWhitespace(text.charAt(at))) {
        at++;
      }
      return text.charAt(at);
    }
  }
}

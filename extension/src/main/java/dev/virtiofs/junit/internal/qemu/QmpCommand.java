package dev.virtiofs.junit.internal.qemu;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.Map;

/**
 * One QMP command, by the names of QEMU's schema: {@code {"execute": NAME, "arguments": {...}}}.
 * The factories are the commands the extension sends; Gson writes the JSON, so no caller builds
 * or escapes it.
 *
 * @param name the command, such as {@code query-migrate}
 * @param arguments its arguments, empty for none (a copy: the command does not change)
 */
record QmpCommand(String name, JsonObject arguments) {

  /** Leaves QMP's capability negotiation, the first command of every connection. */
  static final QmpCommand CAPABILITIES = new QmpCommand("qmp_capabilities", new JsonObject());

  /** Asks QEMU to exit at once. */
  static final QmpCommand QUIT = new QmpCommand("quit", new JsonObject());

  /** The migration's state: {@code status}, and {@code error-desc} once it has failed. */
  static final QmpCommand QUERY_MIGRATE = new QmpCommand("query-migrate", new JsonObject());

  /**
   * The guest's RAM is a shared file that the other side maps itself: migrations leave it out.
   */
  static final QmpCommand IGNORE_SHARED_MEMORY = of("migrate-set-capabilities",
      Map.of("capabilities", List.of(Map.of("capability", "x-ignore-shared", "state", true))));

  QmpCommand {
    arguments = arguments.deepCopy();
  }

  /**
   * The arguments.
   *
   * @return a copy of them
   */
  @Override
  public JsonObject arguments() {
    return arguments.deepCopy();
  }

  /**
   * A command with arguments given as Java values.
   *
   * @param name the command
   * @param arguments strings, numbers, booleans, and lists and maps of them
   * @return the command
   * @throws IllegalArgumentException for a value of another type
   */
  static QmpCommand of(String name, Map<String, ?> arguments) {
    return new QmpCommand(name, object(arguments));
  }

  /**
   * A human monitor command, whose output QEMU returns as one string.
   *
   * @param commandLine such as {@code info usernet}
   * @return the command
   */
  static QmpCommand humanMonitor(String commandLine) {
    return of("human-monitor-command", Map.of("command-line", commandLine));
  }

  /**
   * Writes the devices' state to a URI.
   *
   * @param uri such as {@code exec:cat > FILE}
   * @return the command
   */
  static QmpCommand migrate(String uri) {
    return of("migrate", Map.of("uri", uri));
  }

  /**
   * Reads the devices' state from a URI, in a QEMU started with {@code -incoming defer}.
   *
   * @param uri such as {@code exec:cat FILE}
   * @return the command
   */
  static QmpCommand migrateIncoming(String uri) {
    return of("migrate-incoming", Map.of("uri", uri));
  }

  /**
   * Plugs a device in.
   *
   * @param properties the driver and its properties, in the order given
   * @return the command
   */
  static QmpCommand deviceAdd(Map<String, ?> properties) {
    return of("device_add", properties);
  }

  /**
   * The command as QMP reads it: one line of JSON.
   *
   * @return the JSON, without a line end
   */
  String json() {
    JsonObject command = new JsonObject();
    command.addProperty("execute", name);
    if (!arguments.isEmpty()) {
      command.add("arguments", arguments);
    }
    // JsonElement's own writer: compact, and it leaves '>' and '=' (in URIs) unescaped
    return command.toString();
  }

  @Override
  public String toString() {
    return json();
  }

  private static JsonObject object(Map<?, ?> map) {
    JsonObject object = new JsonObject();
    map.forEach((key, value) -> object.add(key.toString(), element(value)));
    return object;
  }

  private static JsonElement element(Object value) {
    if (value instanceof String string) {
      return new JsonPrimitive(string);
    } else if (value instanceof Number number) {
      return new JsonPrimitive(number);
    } else if (value instanceof Boolean bool) {
      return new JsonPrimitive(bool);
    } else if (value instanceof Map<?, ?> map) {
      return object(map);
    } else if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(item -> array.add(element(item)));
      return array;
    }
    throw new IllegalArgumentException(String.format(
        "A QMP argument is a string, number, boolean, list or map, not [%s] (%s); convert it first",
        value, value == null ? "null" : value.getClass().getName()));
  }
}

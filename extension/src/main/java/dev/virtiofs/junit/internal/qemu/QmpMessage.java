package dev.virtiofs.junit.internal.qemu;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.IOException;
import java.io.StringReader;

/**
 * One line that QEMU writes on its QMP socket, parsed: the greeting, a command's success or
 * failure, or an event (QEMU's {@code docs/interop/qmp-spec}). Parsing goes by the members QEMU
 * sends, not by their order or spacing, which QEMU versions are free to change.
 */
sealed interface QmpMessage {

  /**
   * The greeting QEMU sends first.
   *
   * @param version QEMU's version, such as {@code 7.2.22}
   */
  record Greeting(String version) implements QmpMessage {}

  /**
   * A command's success.
   *
   * @param value what it returned: an object, or a string for {@code human-monitor-command}
   */
  record Success(JsonElement value) implements QmpMessage {}

  /**
   * A command's failure.
   *
   * @param errorClass QEMU's class of the error, such as {@code GenericError}
   * @param desc QEMU's explanation
   */
  record Failure(String errorClass, String desc) implements QmpMessage {}

  /**
   * Something that happened, between replies, such as {@code SHUTDOWN}.
   *
   * @param name the event
   */
  record Event(String name) implements QmpMessage {}

  /**
   * Parses one line.
   *
   * @param line one JSON object, as QEMU writes it
   * @return the message
   * @throws IOException when the line is not one JSON object of QMP; the message holds the line
   */
  static QmpMessage parse(String line) throws IOException {
    JsonObject object = object(line);
    if (object.has("return")) {
      return new Success(object.get("return"));
    } else if (object.has("error")) {
      JsonObject error = member(object, "error", line);
      return new Failure(string(error, "class", line), string(error, "desc", line));
    } else if (object.has("event")) {
      return new Event(string(object, "event", line));
    } else if (object.has("QMP")) {
      JsonObject qemu = member(member(member(object, "QMP", line), "version", line), "qemu", line);
      return new Greeting(string(qemu, "major", line) + "." + string(qemu, "minor", line) + "."
          + string(qemu, "micro", line));
    }
    throw malformed(line, "it has none of return, error, event, QMP");
  }

  private static JsonObject object(String line) throws IOException {
    try {
      JsonReader reader = new JsonReader(new StringReader(line));
      reader.setStrictness(Strictness.STRICT);
      JsonElement element = JsonParser.parseReader(reader);
      if (!element.isJsonObject() || reader.peek() != JsonToken.END_DOCUMENT) {
        throw malformed(line, "a line holds one JSON object");
      }
      return element.getAsJsonObject();
    } catch (JsonParseException | MalformedJsonException e) {
      throw malformed(line, e.getMessage());
    }
  }

  /** A member that is an object. */
  private static JsonObject member(JsonObject object, String name, String line) throws IOException {
    JsonElement member = object.get(name);
    if (member == null || !member.isJsonObject()) {
      throw malformed(line, "[" + name + "] is no object");
    }
    return member.getAsJsonObject();
  }

  /** A member that is a string or a number, as text. */
  private static String string(JsonObject object, String name, String line) throws IOException {
    JsonElement member = object.get(name);
    if (member == null || !member.isJsonPrimitive()) {
      throw malformed(line, "[" + name + "] is missing or no string");
    }
    return member.getAsString();
  }

  private static IOException malformed(String line, String why) {
    return new IOException("QEMU sent a line that is no QMP message (" + why + "): [" + line + "]");
  }
}

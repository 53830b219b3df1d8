package dev.virtiofs.junit.internal.qemu;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import java.util.stream.Stream;

/**
 * A {@link Qmp} talking to recorded QEMU replies instead of a socket: QMP is a dialogue of one
 * command, one reply, so the replies can be read from the start; what the client sends is kept to
 * compare with what was sent when they were recorded.
 */
final class QmpReplay {

  private final QmpRecording recording;
  private final StringWriter sent = new StringWriter();
  private boolean closed;

  private QmpReplay(QmpRecording recording) {
    this.recording = recording;
  }

  /**
   * Replays a connection: the greeting, {@code qmp_capabilities}, then the recordings named.
   *
   * @param version such as {@code qemu-7.2}
   * @param names the recordings after the handshake, in order
   * @return the replay
   */
  static QmpReplay of(String version, String... names) {
    String[] all = Stream.concat(Stream.of("greeting", "qmp_capabilities"), Stream.of(names))
        .toArray(String[]::new);
    return new QmpReplay(QmpRecording.of(version, all));
  }

  /**
   * Replays lines that are not recorded (a QEMU that misbehaves).
   *
   * @param replies what the other side writes
   * @return the replay
   */
  static QmpReplay ofLines(String... replies) {
    return new QmpReplay(new QmpRecording(List.of(), List.of(replies)));
  }

  /**
   * Connects a client to the replies.
   *
   * @return the client, past the handshake
   * @throws IOException as {@link Qmp#over} does
   */
  Qmp connect() throws IOException {
    String replies = String.join("\n", recording.replies()) + "\n";
    return Qmp.over(new BufferedReader(new StringReader(replies)), sent, () -> closed = true);
  }

  /**
   * What the client sent, parsed.
   *
   * @return one element a line
   */
  List<JsonElement> sent() {
    return sent.toString().lines().map(JsonParser::parseString).toList();
  }

  /**
   * What the client sent when the replies were recorded, parsed.
   *
   * @return one element a line
   */
  List<JsonElement> recorded() {
    return recording.parsedRequests();
  }

  /**
   * Tells whether the client closed its connection.
   *
   * @return {@code true} once it did
   */
  boolean closed() {
    return closed;
  }
}

package dev.virtiofs.junit.internal.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class QmpMessageTests {

  private static final String VERSIONS = "dev.virtiofs.junit.internal.qemu.QmpRecording#versions";

  private static final String[] RECORDINGS = {"greeting", "qmp_capabilities", "query-status",
    "query-status-inmigrate", "info-usernet", "info-usernet-two-forwards", "hostfwd_add",
    "hostfwd_add-unknown-netdev", "error-unknown-command", "error-device_add-bad-driver",
    "error-device_add-no-chardev", "device_add", "event-before-reply", "query-migrate-none",
    "migrate-set-capabilities", "migrate-to-nowhere", "query-migrate-failed", "migrate",
    "query-migrate-completed", "migrate-incoming", "query-migrate-incoming-completed", "quit"};

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void parsesEveryLineQemuWrote(String version) throws IOException {
    List<QmpMessage> messages = new ArrayList<>();
    for (String line : QmpRecording.of(version, RECORDINGS).replies()) {
      messages.add(QmpMessage.parse(line));
    }
    assertThat(messages.get(0)).isInstanceOf(QmpMessage.Greeting.class);
    assertThat(messages).filteredOn(QmpMessage.Greeting.class::isInstance).hasSize(1);
    assertThat(messages).filteredOn(QmpMessage.Failure.class::isInstance).hasSize(3);
    assertThat(messages).filteredOn(QmpMessage.Event.class::isInstance)
        .extracting(message -> ((QmpMessage.Event) message).name())
        .contains("RESET", "SHUTDOWN");
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void readsAnErrorsClassAndReason(String version) throws IOException {
    String line = QmpRecording.of(version, "error-device_add-bad-driver").replies().get(0);
    QmpMessage.Failure failure = (QmpMessage.Failure) QmpMessage.parse(line);
    assertThat(failure.errorClass()).isEqualTo("GenericError");
    assertThat(failure.desc()).contains("'no-such-device'");
  }

  @Test
  void readsWhatItNeedsWhateverTheOrderAndSpacing() throws IOException {
    assertThat(QmpMessage.parse("{\"return\":\"a\\r\\nb\"}"))
        .isEqualTo(new QmpMessage.Success(new JsonPrimitive("a\r\nb")));
    assertThat(QmpMessage.parse("{ \"error\" : { \"desc\" : \"no\" , \"class\" : \"GenericError\" } }"))
        .isEqualTo(new QmpMessage.Failure("GenericError", "no"));
    assertThat(QmpMessage.parse("{\"data\": {}, \"event\": \"STOP\", \"timestamp\": {}}"))
        .isEqualTo(new QmpMessage.Event("STOP"));
    assertThat(QmpMessage.parse("{\"QMP\": {\"capabilities\": [], \"version\": {\"package\": \"\","
        + " \"qemu\": {\"major\": 10, \"minor\": 0, \"micro\": 2}}}}"))
        .isEqualTo(new QmpMessage.Greeting("10.0.2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "{'return': {}}",
    "{\"return\": {}} {\"return\": {}}",
    "[{\"return\": {}}]",
    "{\"return\": {}",
    "{\"id\": 1}",
    "{\"error\": \"no\"}",
    "{\"error\": {\"class\": \"GenericError\"}}",
    "{\"QMP\": {\"version\": {}}}",
    ""
  })
  void aLineThatIsNoQmpMessageIsAnErrorThatShowsIt(String line) {
    assertThatThrownBy(() -> QmpMessage.parse(line)).isInstanceOf(IOException.class)
        .hasMessageStartingWith("QEMU sent a line that is no QMP message (")
        .hasMessageEndingWith("): [" + line + "]");
  }
}

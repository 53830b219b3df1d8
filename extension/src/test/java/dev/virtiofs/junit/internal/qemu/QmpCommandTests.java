package dev.virtiofs.junit.internal.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonParser;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QmpCommandTests {

  @Test
  void writesOneLineOfCompactJson() {
    assertThat(QmpCommand.QUIT.json()).isEqualTo("{\"execute\":\"quit\"}");
    assertThat(QmpCommand.migrate("exec:cat > /run/vm/state").json())
        .isEqualTo("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"exec:cat > /run/vm/state\"}}");
    assertThat(QmpCommand.IGNORE_SHARED_MEMORY.json()).contains("\"x-ignore-shared\"", "\"state\":true");
  }

  @Test
  void keepsTheOrderAndTypesOfTheArguments() {
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("driver", "vhost-user-fs-pci");
    device.put("queue-size", 1024);
    device.put("x-flag", false);
    assertThat(QmpCommand.deviceAdd(device).json()).isEqualTo("{\"execute\":\"device_add\",\"arguments\":"
        + "{\"driver\":\"vhost-user-fs-pci\",\"queue-size\":1024,\"x-flag\":false}}");
  }

  @Test
  void escapesWhatJsonMust() {
    String awkward = "exec:cat '/tmp/a \"b\"\\c' \t\n\u0001 é > x";
    String json = QmpCommand.humanMonitor(awkward).json();
    assertThat(json).doesNotContain("\n");
    assertThat(JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("arguments")
        .get("command-line").getAsString()).isEqualTo(awkward);
  }

  @Test
  void isAValueThatItsArgumentsCannotChange() {
    QmpCommand command = QmpCommand.migrate("exec:cat a");
    command.arguments().addProperty("uri", "exec:cat b");
    assertThat(command).isEqualTo(QmpCommand.migrate("exec:cat a"));
  }

  @Test
  void anArgumentOfAnotherTypeIsRefusedByName() {
    assertThatThrownBy(() -> QmpCommand.of("migrate", Map.of("uri", List.of(Path.of("/x")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A QMP argument is a string, number, boolean, list or map, not [/x] (sun.nio.fs.UnixPath);"
            + " convert it first");
  }
}

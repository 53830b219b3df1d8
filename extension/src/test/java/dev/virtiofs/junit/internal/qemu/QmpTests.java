package dev.virtiofs.junit.internal.qemu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link Qmp} against the replies of real QEMUs, one run a recorded version. */
class QmpTests {

  private static final String VERSIONS = "dev.virtiofs.junit.internal.qemu.QmpRecording#versions";

  /** Where RecordQmp.java had QEMU save its state. */
  private static final String STATE = "/tmp/qmp-rec/state";

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void readsQemusVersionFromItsGreeting(String version) throws IOException {
    QmpReplay replay = QmpReplay.of(version);
    try (Qmp qmp = replay.connect()) {
      assertThat(qmp.version()).startsWith(version.substring("qemu-".length()) + ".");
    }
    assertThat(replay.sent()).isEqualTo(replay.recorded());
    assertThat(replay.closed()).isTrue();
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void readsTheHostPortOfTheSshForward(String version) throws IOException {
    QmpReplay replay = QmpReplay.of(version, "info-usernet");
    try (Qmp qmp = replay.connect()) {
      assertThat(qmp.forwardedSshPort()).isEqualTo(recordedPort(version, "info-usernet", 22));
    }
    assertThat(replay.sent()).isEqualTo(replay.recorded());
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void returnsAHumanMonitorCommandsOutputAsText(String version) throws IOException {
    QmpReplay replay = QmpReplay.of(version, "hostfwd_add", "info-usernet-two-forwards");
    try (Qmp qmp = replay.connect()) {
      assertThat(qmp.humanMonitor("hostfwd_add net0 tcp:127.0.0.1:0-:8080")).isEmpty();
      String usernet = qmp.humanMonitor("info usernet");
      assertThat(usernet).contains("TCP[HOST_FORWARD]").contains("\r\n").doesNotContain("\\r");
      assertThat(UsernetForwards.hostPort(usernet, 8080))
          .hasValue(recordedPort(version, "info-usernet-two-forwards", 8080));
    }
    assertThat(replay.sent()).isEqualTo(replay.recorded());
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void aRefusalOfTheHumanMonitorIsItsOutputNotAnError(String version) throws IOException {
    try (Qmp qmp = QmpReplay.of(version, "hostfwd_add-unknown-netdev").connect()) {
      assertThat(qmp.humanMonitor("hostfwd_add net9 tcp:127.0.0.1:0-:8080")).contains("net9");
    }
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void anUnknownCommandFailsWithTheCommandAndQemusReason(String version) throws IOException {
    JsonObject error = QmpRecording.of(version, "error-unknown-command").reply().getAsJsonObject()
        .getAsJsonObject("error");
    try (Qmp qmp = QmpReplay.of(version, "error-unknown-command").connect()) {
      assertThatThrownBy(() -> qmp.execute(QmpCommand.of("no-such-command", Map.of())))
          .isInstanceOfSatisfying(QmpException.class, e -> {
            assertThat(e.command()).isEqualTo("no-such-command");
            assertThat(e.errorClass()).isEqualTo("CommandNotFound");
            assertThat(e.desc()).isEqualTo(error.get("desc").getAsString()).contains("no-such-command");
          })
          .hasMessage("QEMU %s refused the QMP command [{\"execute\":\"no-such-command\"}] with"
              + " CommandNotFound: %s", qmp.version(), error.get("desc").getAsString());
    }
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void aDeviceOfAnUnknownDriverFailsWithQemusReason(String version) throws IOException {
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("driver", "no-such-device");
    device.put("id", "x0");
    QmpReplay replay = QmpReplay.of(version, "error-device_add-bad-driver");
    try (Qmp qmp = replay.connect()) {
      assertThatThrownBy(() -> qmp.deviceAdd(device))
          .isInstanceOfSatisfying(QmpException.class, e -> {
            assertThat(e.command()).isEqualTo("device_add");
            assertThat(e.errorClass()).isEqualTo("GenericError");
          })
          .hasMessageContainingAll("device_add", "no-such-device", "GenericError");
    }
    assertThat(replay.sent()).isEqualTo(replay.recorded());
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void sendsAShareDeviceAsQemuProcessPlugsItIn(String version) throws IOException {
    Map<String, Object> device = new LinkedHashMap<>();
    device.put("driver", "vhost-user-fs-pci");
    device.put("id", "fs0");
    device.put("bus", SnapshotLayout.portId(0));
    device.put("chardev", QemuCommandLine.shareChardevId(0));
    device.put("tag", "data");
    device.put("queue-size", QemuCommandLine.VIRTIO_FS_QUEUE_SIZE);
    QmpReplay replay = QmpReplay.of(version, "error-device_add-no-chardev");
    try (Qmp qmp = replay.connect()) {
      // no virtiofsd behind it when recorded: QEMU finds no such chardev
      assertThatThrownBy(() -> qmp.deviceAdd(device)).isInstanceOf(QmpException.class)
          .hasMessageContaining("vfs0");
    }
    assertThat(replay.sent()).isEqualTo(replay.recorded());
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void addsADevice(String version) throws IOException {
    QmpReplay replay = QmpReplay.of(version, "device_add");
    try (Qmp qmp = replay.connect()) {
      qmp.deviceAdd(Map.of("driver", "virtio-rng-pci", "id", "rng0", "bus", "port0"));
    }
    assertThat(replay.sent()).isEqualTo(replay.recorded());
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void skipsEventsBeforeAReply(String version) throws IOException {
    assertThat(QmpRecording.of(version, "event-before-reply").replies())
        .anyMatch(line -> line.contains("\"RESET\""));
    QmpReplay replay = QmpReplay.of(version, "event-before-reply");
    try (Qmp qmp = replay.connect()) {
      assertThat(qmp.execute(QmpCommand.of("system_reset", Map.of()))).isEqualTo(new JsonObject());
      assertThat(qmp.execute(QmpCommand.of("query-status", Map.of())).getAsJsonObject()
          .get("status").getAsString()).isEqualTo("prelaunch");
    }
    assertThat(replay.sent()).isEqualTo(replay.recorded());
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void savesTheDevicesStateUntilTheMigrationCompletes(String version) throws IOException {
    QmpReplay replay = QmpReplay.of(version, "query-migrate-none", "migrate-set-capabilities", "migrate",
        "query-migrate-completed");
    try (Qmp qmp = replay.connect()) {
      assertThat(qmp.migrationStatus()).isEqualTo(MigrationStatus.NONE);
      qmp.migrate("exec:cat > " + STATE);
      MigrationStatus status = qmp.migrationStatus();
      assertThat(status.completed()).isTrue();
      assertThat(status.ended()).isTrue();
      assertThat(status).hasToString("completed");
    }
    assertThat(replay.sent()).isEqualTo(replay.recorded());
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void aMigrationInProgressHasNotEnded(String version) throws IOException {
    assumeThat(QmpRecording.exists(version, "query-migrate-in-progress"))
        .as("the migration was seen in progress when recorded").isTrue();
    try (Qmp qmp = QmpReplay.of(version, "query-migrate-in-progress").connect()) {
      MigrationStatus status = qmp.migrationStatus();
      assertThat(status.ended()).isFalse();
      assertThat(status.error()).isEmpty();
    }
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void aFailedMigrationHasQemusReason(String version) throws IOException {
    QmpReplay replay = QmpReplay.of(version, "migrate-set-capabilities", "migrate-to-nowhere",
        "query-migrate-failed");
    try (Qmp qmp = replay.connect()) {
      qmp.migrate("unix:/tmp/qmp-rec/nobody-listens.sock");
      MigrationStatus status = qmp.migrationStatus();
      assertThat(status.ended()).isTrue();
      assertThat(status.completed()).isFalse();
      assertThat(status.toString()).startsWith("failed: ").contains("nobody-listens.sock");
    }
    assertThat(replay.sent()).isEqualTo(replay.recorded());
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void restoresTheDevicesStateUntilTheMigrationCompletes(String version) throws IOException {
    QmpReplay replay = QmpReplay.of(version, "query-status-inmigrate", "migrate-set-capabilities",
        "migrate-incoming", "query-migrate-incoming-completed");
    try (Qmp qmp = replay.connect()) {
      assertThat(qmp.execute(QmpCommand.of("query-status", Map.of())).getAsJsonObject()
          .get("status").getAsString()).isEqualTo("inmigrate");
      qmp.migrateIncoming("exec:cat " + STATE);
      assertThat(qmp.migrationStatus().completed()).isTrue();
    }
    assertThat(replay.sent()).isEqualTo(replay.recorded());
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void quitsWithoutWaitingForTheReply(String version) throws IOException {
    QmpReplay replay = QmpReplay.of(version, "quit");
    try (Qmp qmp = replay.connect()) {
      qmp.quit();
    }
    assertThat(replay.sent()).isEqualTo(replay.recorded());
  }

  @ParameterizedTest
  @MethodSource(VERSIONS)
  void aSocketThatClosesIsAnError(String version) throws IOException {
    try (Qmp qmp = QmpReplay.of(version).connect()) {
      assertThatThrownBy(qmp::migrationStatus).isInstanceOf(IOException.class)
          .hasMessage("QEMU closed its QMP socket");
    }
  }

  @Test
  void aSocketThatDoesNotGreetIsClosed() {
    QmpReplay replay = QmpReplay.ofLines("{\"return\": {}}");
    assertThatThrownBy(replay::connect).isInstanceOf(IOException.class)
        .hasMessage("QEMU's QMP socket did not start with a greeting but with Success[value={}]");
    assertThat(replay.closed()).isTrue();
  }

  /** The port in the recorded reply, found in its raw JSON text, with no code of the extension's. */
  private static int recordedPort(String version, String name, int guestPort) {
    Matcher matcher = Pattern.compile("127\\.0\\.0\\.1 +(\\d+) +10\\.0\\.2\\.15 +" + guestPort + " ")
        .matcher(String.join("\n", QmpRecording.lines(version, name)));
    assertThat(matcher.find()).as("a forward to guest port %d in %s/%s", guestPort, version, name).isTrue();
    return Integer.parseInt(matcher.group(1));
  }
}

package dev.virtiofs.junit.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettingsTests {

  @Test
  void defaultsWhenNothingIsSet() {
    Settings settings = Settings.from(name -> Optional.empty());

    assertThat(settings.qemu()).isEmpty();
    assertThat(settings.virtiofsd()).isEmpty();
    assertThat(settings.accel()).isEqualTo(Accel.AUTO);
    assertThat(settings.logDir()).isEqualTo(Path.of("target/virtiofs-junit").toAbsolutePath());
    assertThat(settings.debug()).isFalse();
    assertThat(settings.execTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(settings.bootAhead()).isTrue();
    assertThat(settings.snapshots()).isTrue();
    assertThat(settings.guestKernel()).isEmpty(); // the image's default line
  }

  @Test
  void readsEveryParameterAndTreatsBlankAsUnset() {
    Map<String, String> values = Map.of(
        "virtiofs.qemu", "/opt/qemu/bin/qemu-system-x86_64",
        "virtiofs.virtiofsd", " ",
        "virtiofs.accel", "TCG",
        "virtiofs.debug", "true",
        "virtiofs.execTimeoutSeconds", "5",
        "virtiofs.keepOnFailure", "TRUE",
        "virtiofs.bootAhead", "false",
        "virtiofs.snapshots", "false",
        "virtiofs.guestKernel", " 6.1 ");

    Settings settings = Settings.from(name -> Optional.ofNullable(values.get(name)));

    assertThat(settings.qemu()).contains(Path.of("/opt/qemu/bin/qemu-system-x86_64"));
    assertThat(settings.virtiofsd()).isEmpty();
    assertThat(settings.accel()).isEqualTo(Accel.TCG);
    assertThat(settings.debug()).isTrue();
    assertThat(settings.execTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(settings.keepOnFailure()).isTrue();
    assertThat(settings.disabledWithoutPrerequisites()).isFalse();
    assertThat(settings.bootAhead()).isFalse();
    assertThat(settings.snapshots()).isFalse();
    assertThat(settings.guestKernel()).contains("6.1");
  }

  @Test
  void namesTheParameterAndValueThatIsWrong() {
    assertThatThrownBy(() -> Settings.from(name -> Optional.of(name.equals("virtiofs.accel") ? "hvf" : "")))
        .hasMessage("Configuration parameter [virtiofs.accel] has value [hvf]; use auto, kvm or tcg");
    assertThatThrownBy(() -> Settings.from(name -> Optional.of(name.equals("virtiofs.execTimeoutSeconds") ? "0" : "")))
        .hasMessage("Configuration parameter [virtiofs.execTimeoutSeconds] has value [0]; use a whole number of seconds above 0");
    assertThatThrownBy(() -> Settings.from(name -> Optional.of(name.equals("virtiofs.debug") ? "yes" : "")))
        .hasMessage("Configuration parameter [virtiofs.debug] has value [yes]; use true or false");
    assertThatThrownBy(() -> Settings.from(name -> Optional.of(name.equals("virtiofs.snapshots") ? "off" : "")))
        .hasMessage("Configuration parameter [virtiofs.snapshots] has value [off]; use true or false");
    assertThatThrownBy(() -> Settings.from(name -> Optional.of(name.equals("virtiofs.guestKernel") ? "6" : "")))
        .hasMessage("Configuration parameter [virtiofs.guestKernel] has value [6]; use a kernel line of the"
            + " guest image such as 6.12 or 6.1");
  }
}

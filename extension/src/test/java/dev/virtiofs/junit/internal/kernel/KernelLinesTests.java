package dev.virtiofs.junit.internal.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KernelLinesTests {

  private static final String SOURCE = "Configuration parameter [virtiofs.guestKernel]";

  private static KernelLines image(String lines, String defaultLine) {
    Properties properties = new Properties();
    properties.setProperty("lines", lines);
    properties.setProperty("default", defaultLine);
    return KernelLines.from(properties);
  }

  @Test
  void readsTheLinesInTheImagesOrder() {
    KernelLines lines = image("6.12, 6.1", "6.12");

    assertThat(lines.lines()).containsExactly("6.12", "6.1");
    assertThat(lines.defaultLine()).isEqualTo("6.12");
  }

  @Test
  void givesTheDefaultWhenNothingOrABlankIsAsked() {
    KernelLines lines = image("6.12,6.1", "6.12");

    assertThat(lines.choose(Optional.empty(), SOURCE)).isEqualTo("6.12");
    assertThat(lines.choose(Optional.of(" "), SOURCE)).isEqualTo("6.12");
    assertThat(lines.choose(Optional.of("6.1"), SOURCE)).isEqualTo("6.1");
  }

  @Test
  void namesTheSourceTheValueAndTheLinesThereAre() {
    KernelLines lines = image("6.12,6.1", "6.12");

    assertThatThrownBy(() -> lines.choose(Optional.of("6.6"), SOURCE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Configuration parameter [virtiofs.guestKernel] has value [6.6]; use one of the"
            + " guest image's kernel lines: 6.12 (the default), 6.1");
  }

  @Test
  void refusesAnImageWhoseDefaultIsNotOneOfItsLines() {
    assertThatThrownBy(() -> image("6.1", "6.12"))
        .hasMessage("The guest image's image.properties has lines=[6.1] and default=[6.12]; the"
            + " default must be one of the lines: rebuild the image (guest-image/build-image.sh)");
    assertThatThrownBy(() -> new KernelLines(List.of(), ""))
        .isInstanceOf(IllegalArgumentException.class);
  }
}

package dev.virtiofs.junit.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class FramesTests {

  @Test
  void aFrameIsIdTypeLengthAndPayloadBigEndian() {
    ByteBuffer frame = Frames.frame(0x01020304, FrameType.STDIN, new byte[] {9, 8});
    byte[] bytes = new byte[frame.remaining()];
    frame.get(bytes);
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("01020304" + "49" + "00000002" + "0908");
  }

  @Test
  void aStreamingStartCarriesTheWindowThenTheCommand() {
    assertThat(HexFormat.of().formatHex(Frames.streamingStart(1 << 20, "ls")))
        .isEqualTo("00100000" + "00000002" + "6c73");
  }

  @Test
  void aCommandCarriesItsLengthThenItsStdin() {
    assertThat(HexFormat.of().formatHex(Frames.command(new byte[0], "é", new byte[] {1})))
        .isEqualTo("00000002" + "c3a9" + "01");
  }

  @Test
  void anAcknowledgementCarriesBothStreams() {
    assertThat(HexFormat.of().formatHex(Frames.acknowledgement(5, 0x10000))).isEqualTo("00000005" + "00010000");
    assertThat(Frames.u32(Frames.u32(143))).isEqualTo(143);
  }
}

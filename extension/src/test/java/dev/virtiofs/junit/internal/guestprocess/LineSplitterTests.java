package dev.virtiofs.junit.internal.guestprocess;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineSplitterTests {

  private final List<String> lines = new ArrayList<>();
  private final LineSplitter splitter = new LineSplitter(lines::add);

  @Test
  void linesAcrossChunksAreWholeAndCrlfEndsAreDropped() {
    feed("one\ntw");
    feed("o\r\n\nthree");
    assertThat(lines).containsExactly("one", "two", "");
    splitter.finish();
    assertThat(lines).containsExactly("one", "two", "", "three");
  }

  @Test
  void aCharacterSplitAcrossChunksIsDecodedWhole() {
    byte[] text = "é\n".getBytes(StandardCharsets.UTF_8);
    splitter.feed(text, 0, 1);
    splitter.feed(text, 1, 2);
    assertThat(lines).containsExactly("é");
  }

  @Test
  void nothingAfterTheLastLineEndIsNoLine() {
    feed("a\n");
    splitter.finish();
    assertThat(lines).containsExactly("a");
  }

  private void feed(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    splitter.feed(bytes, 0, bytes.length);
  }
}

package dev.virtiofs.junit.internal.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The other implementations of the exec protocol, read as text and held to {@link FrameType}: the
 * guest's agent (C) and the benchmark's Perl clients. Maven runs the tests in the module's
 * directory, so the repository is its parent.
 */
class FrameTypeTests {

  private static final Path REPOSITORY = Path.of(System.getProperty("user.dir")).getParent();
  private static final Path AGENT = REPOSITORY.resolve("guest-image/src/main/guest/agent.c");
  private static final Path PERL_CLIENTS = REPOSITORY.resolve("benchmark/src/test/resources");

  /** What in C is no code: comments, and string literals (whose text may look like code). */
  private static final Pattern C_NOT_CODE =
      Pattern.compile("/\\*.*?\\*/|//[^\\n]*|\"(?:\\\\.|[^\"\\\\\\n])*\"", Pattern.DOTALL);
  private static final Pattern C_DEFINE = Pattern.compile("(?m)^#define FRAME_(\\w+) '(.)'.*$");
  private static final Pattern C_HANDLE = Pattern.compile("static void handle\\([^)]*\\) \\{(.*?)\\n\\}", Pattern.DOTALL);
  private static final Pattern C_CASE = Pattern.compile("case (\\w+):");
  private static final Pattern C_SENT =
      Pattern.compile("\\b(?:send_frame|send_u32)\\([^,]+,\\s*FRAME_(\\w+)|\\bpump\\([^,]+,[^,]+,\\s*FRAME_(\\w+)");
  private static final Pattern LETTER_LITERAL = Pattern.compile("'[A-Za-z]'");

  private static final Pattern PERL_COMMENT = Pattern.compile("(?m)(?:^|\\s)#[^\\n]*");
  private static final Pattern PERL_CONSTANTS = Pattern.compile("use constant \\{([^}]*)\\};");
  private static final Pattern PERL_CONSTANT = Pattern.compile("FRAME_(\\w+)\\s*=>\\s*'(.)'");
  private static final Pattern PERL_PACK_TEMPLATE = Pattern.compile("\\b(?:un)?pack\\('[^']*'");

  @Test
  void eachTypeHasAByteOfItsOwn() {
    for (FrameType type : FrameType.values()) {
      assertThat(FrameType.of(type.code())).as(type.name()).contains(type);
    }
    assertThat(FrameType.of((byte) 'Z')).isEmpty();
    assertThat(FrameType.of((byte) 0xd0)).isEmpty();
  }

  @Test
  void theAgentNamesEveryTypeWithTheSameByte() throws IOException {
    assertThat(constants(C_DEFINE.matcher(agentCode()))).as("the FRAME_* defines of %s", AGENT).isEqualTo(types());
  }

  @Test
  void theAgentHandlesExactlyTheTypesTheHostSends() throws IOException {
    Matcher handle = C_HANDLE.matcher(agentCode());
    assertThat(handle.find()).as("handle() in %s", AGENT).isTrue();
    Set<String> cases = C_CASE.matcher(handle.group(1)).results()
        .map(match -> match.group(1).replaceFirst("^FRAME_", ""))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(cases).as("the cases of handle() in %s", AGENT).isEqualTo(sentBy(FrameType.Sender.HOST));
  }

  @Test
  void theAgentSendsExactlyTheTypesTheHostReads() throws IOException {
    Set<String> sent = C_SENT.matcher(agentCode()).results()
        .map(match -> match.group(1) != null ? match.group(1) : match.group(2))
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(sent).as("the frames %s sends", AGENT).isEqualTo(sentBy(FrameType.Sender.AGENT));
  }

  /** A type written as a bare literal would escape the checks above. */
  @Test
  void theAgentWritesEveryTypeByItsName() throws IOException {
    String code = C_DEFINE.matcher(agentCode()).replaceAll("");
    assertThat(LETTER_LITERAL.matcher(code).results().map(MatchResult::group).toList())
        .as("character literals in %s", AGENT).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"exec-true.pl", "restore.pl"})
  void theBenchmarksPerlClientsUseTheHostsTypesByName(String script) throws IOException {
    String code = PERL_COMMENT.matcher(Files.readString(PERL_CLIENTS.resolve(script))).replaceAll("");
    Matcher declaration = PERL_CONSTANTS.matcher(code);
    assertThat(declaration.find()).as("the frame types' constants in %s", script).isTrue();
    Map<String, Character> constants = constants(PERL_CONSTANT.matcher(declaration.group(1)));
    assertThat(constants).isNotEmpty();
    assertThat(types()).as("the host's types").containsAllEntriesOf(constants);
    String uses = PERL_PACK_TEMPLATE.matcher(declaration.replaceFirst("")).replaceAll("");
    assertThat(LETTER_LITERAL.matcher(uses).results().map(MatchResult::group).toList()).as(script).isEmpty();
  }

  private static String agentCode() throws IOException {
    return C_NOT_CODE.matcher(Files.readString(AGENT)).replaceAll(" ");
  }

  /** Name (without {@code FRAME_}) to byte, from matches of a name and a one-character literal. */
  private static Map<String, Character> constants(Matcher matcher) {
    return matcher.results()
        .collect(Collectors.toMap(match -> match.group(1), match -> match.group(2).charAt(0), (a, b) -> {
          throw new AssertionError("one name for two bytes: " + a + " and " + b);
        }, TreeMap::new));
  }

  private static Map<String, Character> types() {
    return Arrays.stream(FrameType.values())
        .collect(Collectors.toMap(FrameType::name, type -> (char) type.code(), (a, b) -> a, TreeMap::new));
  }

  private static Set<String> sentBy(FrameType.Sender sender) {
    return Arrays.stream(FrameType.values()).filter(type -> type.sender() == sender).map(FrameType::name)
        .collect(Collectors.toCollection(TreeSet::new));
  }
}

package dev.virtiofs.junit.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.virtiofs.junit.Guest;
import dev.virtiofs.junit.GuestKernels;
import dev.virtiofs.junit.VirtioFsVm;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeClassTemplateInvocationCallback;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code @GuestKernels} runs the class once per kernel line, in the order listed, each run with a
 * guest of its own on that kernel, logging in a directory named after it, ready (and in the static
 * fields) before the run's own callbacks.
 */
@VirtioFsVm
@GuestKernels({"6.12", "6.1"})
class KernelMatrixIT {

  /** One entry per run: the release its guest runs and the directory it logs in. */
  private static final List<String> RUNS = new CopyOnWriteArrayList<>();

  static Guest guest;

  @RegisterExtension
  static final BeforeClassTemplateInvocationCallback RECORD_THE_RUNS_KERNEL =
      context -> RUNS.add(guest.exec("uname -r").stdout().trim() + " in " + guest.consoleLog().getParent().getFileName());

  @Test
  void eachRunSharesItsOwnDirectory() throws IOException {
    assertThat(guest.sharedDir()).isEmptyDirectory(); // not the previous run's
    Files.writeString(guest.sharedDir().resolve("kernel"), RUNS.get(RUNS.size() - 1));
    assertThat(guest.exec("cat " + guest.mountPoint() + "/kernel").stdout())
        .isEqualTo(guest.exec("uname -r").stdout().trim() + " in " + guest.consoleLog().getParent().getFileName());
  }

  @AfterAll
  static void ranOnceOnEachKernelInOrder() {
    assertThat(RUNS).hasSize(2);
    assertThat(RUNS.get(0)).startsWith("6.12.").endsWith(" in kernel-6.12");
    assertThat(RUNS.get(1)).startsWith("6.1.").endsWith(" in kernel-6.1");
  }
}

package dev.virtiofs.junit;

import dev.virtiofs.junit.internal.ahead.BootAhead;
import dev.virtiofs.junit.internal.config.Settings;
import dev.virtiofs.junit.internal.config.VmSpec;
import dev.virtiofs.junit.internal.group.GuestGroup;
import dev.virtiofs.junit.internal.host.HostEnvironment;
import dev.virtiofs.junit.internal.prerequisites.PrerequisitesMissingException;
import dev.virtiofs.junit.internal.kept.KeptGuests;
import dev.virtiofs.junit.internal.lifecycle.GuestStarter;
import dev.virtiofs.junit.internal.lifecycle.RunningGuest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The extension behind {@link VirtioFsVm}: wires JUnit's callbacks to the parts that do the work.
 * {@code beforeAll} takes the class's guest from {@link BootAhead} or starts it ({@link
 * GuestStarter}), every part of it owned by the class's store (so JUnit stops them in reverse order
 * when the class ends, whatever happened), and starts the next classes' guests ({@link
 * NextClasses}); {@code afterAll} keeps a failed class's guests when asked to ({@link
 * FailedClassGuests}, {@link KeptGuests}); {@link Guest} and {@link SSHClient} are injected into
 * parameters and fields ({@link GuestFields}, {@link TestGuest} for a test's own directory); the
 * host is discovered once per run ({@link HostDiscovery}); the keys live in {@link ClassGuests}.
 */
final class VirtioFsVmExtension
    implements ExecutionCondition,
        BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler {

  static final String LOG_DIR_REPORT_KEY = "virtiofs.logDir";

  /**
   * Skips a class on a host that lacks a prerequisite, when the class or the configuration opted
   * in; otherwise lets {@link #beforeAll} fail it with the report.
   */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    Optional<VirtioFsVm> annotation = context.getTestClass()
        .flatMap(testClass -> AnnotationSupport.findAnnotation(testClass, VirtioFsVm.class));
    // malformed settings opt in to nothing here: beforeAll reports them
    boolean optedIn = annotation.map(VirtioFsVm::disabledWithoutPrerequisites).orElse(false)
        || HostDiscovery.settings(context).found().map(Settings::disabledWithoutPrerequisites).orElse(false);
    if (context.getTestMethod().isEmpty() && annotation.isPresent() && optedIn
        && HostDiscovery.hostOrError(context).error() instanceof PrerequisitesMissingException missing) {
      return ConditionEvaluationResult.disabled(missing.getMessage());
    }
    return ConditionEvaluationResult.enabled("virtiofs-junit prerequisites are met or not asked about");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    Optional<VirtioFsVm> annotation = AnnotationSupport.findAnnotation(testClass, VirtioFsVm.class);
    if (annotation.isEmpty()) {
      RunningGuest enclosing = ClassGuests.guest(context);
      if (enclosing == null) {
        throw new ExtensionConfigurationException(String.format(
            "%s is extended with VirtioFsVmExtension but not annotated with @VirtioFsVm; annotate"
                + " it with @VirtioFsVm instead of @ExtendWith", testClass.getName()));
      }
      // a @Nested class shares its enclosing class's guests
      GuestFields.injectStatic(testClass, enclosing, ClassGuests.guests(ClassGuests.store(context)));
      return;
    }
    if (AnnotationSupport.isAnnotated(testClass, GuestKernels.class)) {
      KernelMatrixClass.lines(testClass); // each run of the class template starts its own guest
      HostDiscovery.host(context); // a host that cannot run guests fails the class once, not each run
      return;
    }
    start(context, spec(annotation.get(), testClass));
  }

  /**
   * Starts the guest of one run of a {@link GuestKernels} class, in the run's store.
   *
   * @param run the run's context
   * @param line the run's kernel line, or null for the run's own kernel ({@code virtiofs.kernel})
   */
  static void startRun(ExtensionContext run, String line) {
    Class<?> testClass = run.getRequiredTestClass();
    VmSpec spec = spec(AnnotationSupport.findAnnotation(testClass, VirtioFsVm.class).orElseThrow(), testClass);
    start(run, line == null ? spec : spec.onKernel(line));
  }

  private static void start(ExtensionContext context, VmSpec spec) {
    Class<?> testClass = spec.testClass();
    Store store = ClassGuests.store(context);
    HostEnvironment host = HostDiscovery.host(context);
    long start = System.nanoTime();
    BootAhead ahead = NextClasses.bootAhead(context);
    Optional<RunningGuest> bootedAhead = spec.guests() == 1 ? ahead.claim(spec, ClassGuests.resources(store)) : Optional.empty();
    List<RunningGuest> guests;
    try {
      guests = bootedAhead.isPresent() ? List.of(bootedAhead.get())
          : spec.guests() == 1 ? List.of(GuestStarter.start(spec, host, ClassGuests.resources(store)))
          : GuestGroup.start(spec, host, ClassGuests.resources(store));
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new GuestException(String.format("The guest of %s did not start: %s", testClass.getName(), e.getMessage()), e);
    }
    RunningGuest guest = guests.get(0);
    store.put(ClassGuests.GUEST_KEY, guest);
    store.put(ClassGuests.GUESTS_KEY, guests);
    ProcessScopes.ownForClass(store, guests);
    FailedClassGuests.started(store);
    System.out.printf("virtiofs-junit: %s%s %s ready in %d ms (%s%s: %s; logs in %s)%n",
        testClass.getSimpleName(), spec.variant().isEmpty() ? "" : " [" + spec.variant() + "]", guests.size() == 1 ? "guest" : guests.size() + " guests",
        (System.nanoTime() - start) / 1_000_000,
        bootedAhead.isPresent() ? "booted ahead, " : "", host.accel().accel().qemuName(), host.accel().reason(),
        guests.size() == 1 ? guest.logDir() : guest.logDir().getParent());
    if (host.settings().bootAhead()) {
      ahead.startAfter(testClass, host, next -> NextClasses.spec(next, host));
    }
    GuestFields.injectStatic(testClass, guest, guests);
  }

  /** Keeps the guest of a failed class running, when asked to ({@code keepOnFailure}). */
  @Override
  public void afterAll(ExtensionContext context) {
    FailedClassGuests.keepIfFailed(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    List<RunningGuest> guests = ClassGuests.guests(ClassGuests.store(context));
    ProcessScopes.openForTest(context, ClassGuests.store(context), guests);
    Guest guest = TestGuest.of(context);
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      GuestFields.injectInstance(instance, guest, guests);
    }
  }

  /**
   * Adds the guest's side of the story to a failing test: its console tail (as a suppressed
   * exception) and its log directory (as a report entry, {@value #LOG_DIR_REPORT_KEY}).
   */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    RunningGuest guest = ClassGuests.guest(context);
    if (guest != null) {
      FailedClassGuests.testFailed(ClassGuests.store(context));
      context.publishReportEntry(LOG_DIR_REPORT_KEY, guest.logDir().toString());
      for (RunningGuest each : ClassGuests.guests(ClassGuests.store(context))) {
        throwable.addSuppressed(new GuestConsoleTail(each.consoleLog(), each.logDir()));
      }
    }
    throw throwable;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Guest.class || type == SSHClient.class
        || GuestFields.isGuestList(parameter.getParameter().getParameterizedType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Guest guest = TestGuest.of(context);
    if (guest == null) {
      throw GuestTooEarly.exception(parameter, context);
    }
    if (GuestFields.isGuestList(parameter.getParameter().getParameterizedType())) {
      return ClassGuests.guests(ClassGuests.store(context));
    }
    return parameter.getParameter().getType() == Guest.class ? guest : guest.ssh();
  }

  static VmSpec spec(VirtioFsVm annotation, Class<?> testClass) {
    try {
      return VmSpec.of(annotation, AnnotationSupport.findRepeatableAnnotations(testClass, Share.class),
          testClass, Path.of("").toAbsolutePath());
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
  }
}

package dev.virtiofs.junit;

import dev.virtiofs.junit.internal.ahead.BootAhead;
import dev.virtiofs.junit.internal.config.Settings;
import dev.virtiofs.junit.internal.config.VmSpec;
import dev.virtiofs.junit.internal.files.OwnedDirectory;
import dev.virtiofs.junit.internal.group.GuestGroup;
import dev.virtiofs.junit.internal.host.HostEnvironment;
import dev.virtiofs.junit.internal.prerequisites.PrerequisitesMissingException;
import dev.virtiofs.junit.internal.kept.KeptGuest;
import dev.virtiofs.junit.internal.kept.KeptGuests;
import dev.virtiofs.junit.internal.lifecycle.GuestStarter;
import dev.virtiofs.junit.internal.lifecycle.PerTestGuest;
import dev.virtiofs.junit.internal.lifecycle.Resources;
import dev.virtiofs.junit.internal.lifecycle.RunningGuest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
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
 * when the class ends, whatever happened); {@code afterAll} hands a failed class's guest to {@link
 * KeptGuests} when asked to; {@link Guest} and {@link SSHClient} are injected into parameters and
 * fields ({@link GuestFields}); the host is discovered once per run ({@link HostDiscovery}).
 */
final class VirtioFsVmExtension
    implements ExecutionCondition,
        BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler {

  private static final Namespace NAMESPACE = Namespace.create(VirtioFsVmExtension.class);
  private static final String GUEST_KEY = "guest";
  private static final String GUESTS_KEY = "guests";
  private static final String TEST_GUEST_KEY = "test-guest";
  private static final String FAILED_KEY = "failed";
  private static final String BOOT_AHEAD_KEY = "boot-ahead";
  private static final String RUN_SET_UP_KEY = "run-set-up";
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
        || HostDiscovery.settingsOrError(context) instanceof Settings settings && settings.disabledWithoutPrerequisites();
    if (context.getTestMethod().isEmpty() && annotation.isPresent() && optedIn
        && HostDiscovery.hostOrError(context) instanceof PrerequisitesMissingException missing) {
      return ConditionEvaluationResult.disabled(missing.getMessage());
    }
    return ConditionEvaluationResult.enabled("virtiofs-junit prerequisites are met or not asked about");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    Store store = context.getStore(NAMESPACE);
    Optional<VirtioFsVm> annotation = AnnotationSupport.findAnnotation(testClass, VirtioFsVm.class);
    if (annotation.isEmpty()) {
      RunningGuest enclosing = store.get(GUEST_KEY, RunningGuest.class);
      if (enclosing == null) {
        throw new ExtensionConfigurationException(String.format(
            "%s is extended with VirtioFsVmExtension but not annotated with @VirtioFsVm; annotate"
                + " it with @VirtioFsVm instead of @ExtendWith", testClass.getName()));
      }
      // a @Nested class shares its enclosing class's guests
      GuestFields.injectStatic(testClass, enclosing, guests(store));
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

  /** What the next class asks for, if it asks for a guest that can boot ahead (one guest). */
  private static Optional<VmSpec> nextSpec(Class<?> next, HostEnvironment host) {
    Optional<VmSpec> spec = AnnotationSupport.findAnnotation(next, VirtioFsVm.class)
        .map(annotation -> spec(annotation, next)).filter(nextSpec -> nextSpec.guests() == 1);
    if (spec.isPresent() && AnnotationSupport.isAnnotated(next, GuestKernels.class) && host.image().line().isPresent()
        && KernelMatrixClass.classTemplates()) {
      return Optional.of(spec.get().onKernel(KernelMatrixClass.lines(next).lines().get(0))); // its first run's
    }
    return spec;
  }

  private static void start(ExtensionContext context, VmSpec spec) {
    Class<?> testClass = spec.testClass();
    Store store = context.getStore(NAMESPACE);
    HostEnvironment host = HostDiscovery.host(context);
    long start = System.nanoTime();
    BootAhead ahead = bootAhead(context);
    Optional<RunningGuest> bootedAhead = spec.guests() == 1 ? ahead.claim(spec, resources(store)) : Optional.empty();
    List<RunningGuest> guests;
    try {
      guests = bootedAhead.isPresent() ? List.of(bootedAhead.get())
          : spec.guests() == 1 ? List.of(GuestStarter.start(spec, host, resources(store)))
          : GuestGroup.start(spec, host, resources(store));
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new GuestException(String.format("The guest of %s did not start: %s", testClass.getName(), e.getMessage()), e);
    }
    RunningGuest guest = guests.get(0);
    store.put(GUEST_KEY, guest);
    store.put(GUESTS_KEY, guests);
    ProcessScopes.ownForClass(store, guests);
    store.put(FAILED_KEY, new AtomicBoolean());
    System.out.printf("virtiofs-junit: %s%s %s ready in %d ms (%s%s: %s; logs in %s)%n",
        testClass.getSimpleName(), spec.variant().isEmpty() ? "" : " [" + spec.variant() + "]", guests.size() == 1 ? "guest" : guests.size() + " guests",
        (System.nanoTime() - start) / 1_000_000,
        bootedAhead.isPresent() ? "booted ahead, " : "", host.accel().accel().qemuName(), host.accel().reason(),
        guests.size() == 1 ? guest.logDir() : guest.logDir().getParent());
    if (host.settings().bootAhead()) {
      ahead.startAfter(testClass, host, next -> nextSpec(next, host));
    }
    GuestFields.injectStatic(testClass, guest, guests);
  }

  /** The run's one {@link BootAhead}, closed (stopping a guest nobody took) when the run ends. */
  private static BootAhead bootAhead(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(BOOT_AHEAD_KEY, key -> new StoredResource(new BootAhead()), StoredResource.class)
        .get(BootAhead.class);
  }

  /** Keeps the guest of a failed class running, when asked to ({@code keepOnFailure}). */
  @Override
  public void afterAll(ExtensionContext context) {
    keepIfFailed(context);
  }

  /** A run of a {@link GuestKernels} class whose own set-up callbacks all passed. */
  static void runSetUp(ExtensionContext run) {
    run.getStore(NAMESPACE).put(RUN_SET_UP_KEY, true);
  }

  /** Keeps the guests of a failed run of a {@link GuestKernels} class, as asked; JUnit tells a run no failure of its own. */
  static void keepIfRunFailed(ExtensionContext run) {
    AtomicBoolean failed = run.getStore(NAMESPACE).get(FAILED_KEY, AtomicBoolean.class);
    if (failed != null && run.getStore(NAMESPACE).get(RUN_SET_UP_KEY) == null) {
      failed.set(true);
    }
    keepIfFailed(run);
  }

  /** Keeps the guests of a failed class, as asked. */
  static void keepIfFailed(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    Optional<VirtioFsVm> annotation = AnnotationSupport.findAnnotation(testClass, VirtioFsVm.class);
    Store store = context.getStore(NAMESPACE);
    RunningGuest guest = store.get(GUEST_KEY, RunningGuest.class);
    AtomicBoolean failed = store.get(FAILED_KEY, AtomicBoolean.class);
    boolean keep = annotation.map(VirtioFsVm::keepOnFailure).orElse(false)
        || HostDiscovery.settingsOrError(context) instanceof Settings settings && settings.keepOnFailure();
    if (annotation.isEmpty() || guest == null || !keep
        || !(failed.get() || context.getExecutionException().isPresent())) {
      return;
    }
    for (KeptGuest kept : KeptGuests.keepAll(guests(store), testClass, key -> Optional
        .ofNullable(store.get(key, StoredResource.class)).map(owned -> owned.get(OwnedDirectory.class)))) {
      context.publishReportEntry("virtiofs.keptGuest", kept.sshCommand());
      System.out.print(KeptGuests.instructions(kept, testClass));
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    List<RunningGuest> guests = guests(context.getStore(NAMESPACE));
    ProcessScopes.openForTest(context, context.getStore(NAMESPACE), guests);
    Guest guest = testGuest(context);
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      GuestFields.injectInstance(instance, guest, guests);
    }
  }

  /** The guest as a test method sees it: its own subdirectory when the class asked for one. */
  private static Guest testGuest(ExtensionContext context) {
    RunningGuest guest = context.getStore(NAMESPACE).get(GUEST_KEY, RunningGuest.class);
    boolean perTest = context.getTestMethod().isPresent()
        && AnnotationSupport.findAnnotation(context.getRequiredTestClass(), VirtioFsVm.class)
            .or(() -> context.getTestClass().flatMap(c -> Optional.ofNullable(c.getEnclosingClass()))
                .flatMap(c -> AnnotationSupport.findAnnotation(c, VirtioFsVm.class)))
            .map(VirtioFsVm::perTestDirectory).orElse(false);
    if (guest == null || !perTest) {
      return guest;
    }
    return context.getStore(NAMESPACE).getOrComputeIfAbsent(TEST_GUEST_KEY,
        key -> PerTestGuest.create(guest, context.getRequiredTestMethod().getName()), PerTestGuest.class);
  }

  /**
   * Adds the guest's side of the story to a failing test: its console tail (as a suppressed
   * exception) and its log directory (as a report entry, {@value #LOG_DIR_REPORT_KEY}).
   */
  @Override
  public void handleTestExecutionException(ExtensionContext context, Throwable throwable)
      throws Throwable {
    RunningGuest guest = context.getStore(NAMESPACE).get(GUEST_KEY, RunningGuest.class);
    if (guest != null) {
      context.getStore(NAMESPACE).get(FAILED_KEY, AtomicBoolean.class).set(true);
      context.publishReportEntry(LOG_DIR_REPORT_KEY, guest.logDir().toString());
      for (RunningGuest each : guests(context.getStore(NAMESPACE))) {
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
    Guest guest = testGuest(context);
    if (guest == null) {
      throw GuestTooEarly.exception(parameter, context);
    }
    if (GuestFields.isGuestList(parameter.getParameter().getParameterizedType())) {
      return guests(context.getStore(NAMESPACE));
    }
    return parameter.getParameter().getType() == Guest.class ? guest : guest.ssh();
  }

  /** The class's guests, in order (a class's own, or its enclosing class's for a @Nested one). */
  @SuppressWarnings("unchecked")
  private static List<RunningGuest> guests(Store store) {
    List<RunningGuest> guests = store.get(GUESTS_KEY, List.class);
    return guests == null ? List.of() : guests;
  }

  private static VmSpec spec(VirtioFsVm annotation, Class<?> testClass) {
    try {
      return VmSpec.of(annotation, AnnotationSupport.findRepeatableAnnotations(testClass, Share.class),
          testClass, Path.of("").toAbsolutePath());
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
  }

  /** The class's store as the lifecycle sees it: each part owned under its key, closed with the class. */
  private static Resources resources(Store store) {
    return new Resources() {
      @Override
      public <T extends AutoCloseable> T own(String key, Class<T> type, Supplier<T> create) {
        return store.getOrComputeIfAbsent(key, k -> new StoredResource(create.get()), StoredResource.class).get(type);
      }
    };
  }
}

package dev.virtiofs.junit;

import dev.virtiofs.junit.ahead.UpcomingClasses;
import dev.virtiofs.junit.config.Settings;
import dev.virtiofs.junit.config.VmSpec;
import dev.virtiofs.junit.vm.BootAhead;
import dev.virtiofs.junit.vm.GuestStarter;
import dev.virtiofs.junit.vm.HostEnvironment;
import dev.virtiofs.junit.vm.KeptGuests;
import dev.virtiofs.junit.vm.OwnedDirectory;
import dev.virtiofs.junit.virtiofsd.VirtiofsdProcess;
import dev.virtiofs.junit.vm.PerTestGuest;
import dev.virtiofs.junit.vm.PrerequisitesMissingException;
import dev.virtiofs.junit.vm.Resources;
import dev.virtiofs.junit.vm.RunningGuest;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The extension behind {@link VirtioFsVm}: boots the class's guest in {@code beforeAll}, keeps
 * every part of it in the class's store (so JUnit stops them in reverse order when the class ends,
 * whatever happened), and injects {@link Guest} and {@link SSHClient} into parameters and fields.
 */
final class VirtioFsVmExtension
    implements ExecutionCondition,
        BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        ParameterResolver,
        TestExecutionExceptionHandler {

  private static final Namespace NAMESPACE = Namespace.create(VirtioFsVmExtension.class);
  private static final String HOST_KEY = "host-environment";
  private static final String GUEST_KEY = "guest";
  private static final String TEST_GUEST_KEY = "test-guest";
  private static final String FAILED_KEY = "failed";
  private static final String SETTINGS_KEY = "settings";
  private static final String BOOT_AHEAD_KEY = "boot-ahead";
  static final String LOG_DIR_REPORT_KEY = "virtiofs.logDir";
  private static final System.Logger LOGGER = System.getLogger(VirtioFsVmExtension.class.getName());

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
        || settingsOrError(context) instanceof Settings settings && settings.disabledWithoutPrerequisites();
    if (context.getTestMethod().isEmpty() && annotation.isPresent() && optedIn
        && discover(context) instanceof PrerequisitesMissingException missing) {
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
      if (store.get(GUEST_KEY, RunningGuest.class) == null) {
        throw new ExtensionConfigurationException(String.format(
            "%s is extended with VirtioFsVmExtension but not annotated with @VirtioFsVm; annotate"
                + " it with @VirtioFsVm instead of @ExtendWith", testClass.getName()));
      }
      // a @Nested class shares the guest of its enclosing class
      injectFields(testClass, null, store.get(GUEST_KEY, RunningGuest.class), VirtioFsVmExtension::isStatic);
      return;
    }
    VmSpec spec = spec(annotation.get(), testClass);
    HostEnvironment host = hostEnvironment(context);
    long start = System.nanoTime();
    BootAhead ahead = bootAhead(context);
    Optional<RunningGuest> bootedAhead = ahead.claim(spec, resources(store));
    RunningGuest guest;
    try {
      guest = bootedAhead.isPresent() ? bootedAhead.get() : GuestStarter.start(spec, host, resources(store));
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new GuestException(String.format("The guest of %s did not start: %s", testClass.getName(), e.getMessage()), e);
    }
    store.put(GUEST_KEY, guest);
    store.put(FAILED_KEY, new AtomicBoolean());
    System.out.printf("virtiofs-junit: %s guest ready in %d ms (%s%s: %s; logs in %s)%n",
        testClass.getSimpleName(), (System.nanoTime() - start) / 1_000_000,
        bootedAhead.isPresent() ? "booted ahead, " : "", host.accel().accel().qemuName(), host.accel().reason(),
        guest.logDir());
    bootNextClassesAhead(context, ahead, host);
    injectFields(testClass, null, guest, VirtioFsVmExtension::isStatic);
  }

  /** The run's one {@link BootAhead}, closed (stopping a guest nobody took) when the run ends. */
  private static BootAhead bootAhead(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(BOOT_AHEAD_KEY, key -> new StoredResource(new BootAhead()), StoredResource.class)
        .get(BootAhead.class);
  }

  /**
   * Starts booting the guests of the classes that run next ({@link BootAhead#DEPTH} of them), when
   * the run's order is known, those classes ask for a guest and {@code virtiofs.bootAhead} is on;
   * gives up guests booted for classes that are no longer coming. A class whose annotation is
   * wrong is left to report that itself.
   */
  private static void bootNextClassesAhead(ExtensionContext context, BootAhead ahead, HostEnvironment host) {
    if (!host.settings().bootAhead()) {
      return;
    }
    List<Class<?>> upcoming = new ArrayList<>();
    for (String name : UpcomingClasses.after(context.getRequiredTestClass().getName(), BootAhead.DEPTH)) {
      try {
        upcoming.add(Class.forName(name, false, context.getRequiredTestClass().getClassLoader()));
      } catch (ClassNotFoundException | LinkageError e) {
        LOGGER.log(Level.DEBUG, "virtiofs-junit does not boot the guest of {0} ahead: {1}", name, e.toString());
      }
    }
    ahead.keepOnly(upcoming);
    for (Class<?> next : upcoming) {
      Optional<VirtioFsVm> annotation = AnnotationSupport.findAnnotation(next, VirtioFsVm.class);
      try {
        if (annotation.isPresent()) {
          ahead.start(spec(annotation.get(), next), host);
        }
      } catch (RuntimeException e) {
        LOGGER.log(Level.DEBUG, "virtiofs-junit does not boot the guest of {0} ahead: {1}", next.getName(), e.toString());
      }
    }
  }

  /**
   * Keeps the guest of a failed class running, when asked to ({@code keepOnFailure}): its
   * processes are detached from this JVM and its directories handed to {@link KeptGuests}.
   */
  @Override
  public void afterAll(ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    Optional<VirtioFsVm> annotation = AnnotationSupport.findAnnotation(testClass, VirtioFsVm.class);
    Store store = context.getStore(NAMESPACE);
    RunningGuest guest = store.get(GUEST_KEY, RunningGuest.class);
    AtomicBoolean failed = store.get(FAILED_KEY, AtomicBoolean.class);
    boolean keep = annotation.map(VirtioFsVm::keepOnFailure).orElse(false)
        || settingsOrError(context) instanceof Settings settings && settings.keepOnFailure();
    if (annotation.isEmpty() || guest == null || !keep
        || !(failed.get() || context.getExecutionException().isPresent())) {
      return;
    }
    // Detached processes and kept directories make their own close() a no-op.
    List<Long> guards = new ArrayList<>();
    guest.qemu().detach();
    guards.add(guest.qemu().process().handle().pid());
    for (VirtiofsdProcess daemon : guest.virtiofsds()) {
      daemon.detach();
      guards.add(daemon.process().handle().pid());
    }
    List<Path> temporaryShares = new ArrayList<>();
    for (SharedDirectory share : guest.shares()) {
      StoredResource temporary = store.get(GuestStarter.SHARE_KEY_PREFIX + share.tag(), StoredResource.class);
      if (temporary != null) {
        OwnedDirectory directory = temporary.get(OwnedDirectory.class);
        directory.keep();
        temporaryShares.add(directory.path());
      }
    }
    store.get(GuestStarter.RUN_DIR_KEY, StoredResource.class).get(OwnedDirectory.class).keep();
    KeptGuests.Kept kept = KeptGuests.register(guest, testClass, guards, temporaryShares);
    context.publishReportEntry("virtiofs.keptGuest", kept.sshCommand());
    System.out.printf("virtiofs-junit: kept the guest of %s, which failed. Log in with:%n  %s%n"
            + "Stop it with ./kept-guests stop %s (or: java -cp <virtiofs-junit jar>"
            + " dev.virtiofs.junit.vm.KeptGuests stop %s)%n",
        testClass.getSimpleName(), kept.sshCommand(), kept.id(), kept.id());
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    Guest guest = testGuest(context);
    for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
      injectFields(instance.getClass(), instance, guest, field -> !isStatic(field));
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
      throwable.addSuppressed(new GuestConsoleTail(guest.consoleLog(), guest.logDir()));
    }
    throw throwable;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == Guest.class || type == SSHClient.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Guest guest = testGuest(context);
    if (guest == null) {
      throw new ParameterResolutionException(String.format(
          "Parameter [%s] of [%s] asks for the guest before it is booted (a constructor of a"
              + " @TestInstance(PER_CLASS) class runs before beforeAll); take it in a @BeforeAll"
              + " method, a test method or a field instead",
          parameter.getParameter(), parameter.getDeclaringExecutable()));
    }
    return parameter.getParameter().getType() == Guest.class ? guest : guest.ssh();
  }

  private static VmSpec spec(VirtioFsVm annotation, Class<?> testClass) {
    try {
      return VmSpec.of(annotation, AnnotationSupport.findRepeatableAnnotations(testClass, Share.class),
          testClass, Path.of("").toAbsolutePath());
    } catch (IllegalArgumentException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
  }

  /** Found once per test run and kept in the root store, failures too, so every class fails alike and fast. */
  private static HostEnvironment hostEnvironment(ExtensionContext context) {
    Object found = discover(context);
    if (found instanceof RuntimeException e) {
      throw new ExtensionConfigurationException(e.getMessage(), e);
    }
    return (HostEnvironment) found;
  }

  /** The settings, parsed once per run into the root store, or the error a malformed one gives. */
  private static Object settingsOrError(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(SETTINGS_KEY, key -> {
      try {
        return Settings.from(context::getConfigurationParameter);
      } catch (IllegalArgumentException e) {
        return e;
      }
    });
  }

  /** The host environment, or the exception that discovering it threw. */
  private static Object discover(ExtensionContext context) {
    Object settings = settingsOrError(context);
    if (settings instanceof RuntimeException e) {
      return e;
    }
    return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(HOST_KEY, key -> {
      try {
        HostEnvironment host = HostEnvironment.discover((Settings) settings);
        LOGGER.log(Level.INFO, "virtiofs-junit runs guests with {0}: {1}", host.accel().accel().qemuName(), host.accel().reason());
        return host;
      } catch (RuntimeException e) {
        return e;
      }
    });
  }

  private static Resources resources(Store store) {
    return new Resources() {
      @Override
      public <T extends AutoCloseable> T own(String key, Class<T> type, java.util.function.Supplier<T> create) {
        return store.getOrComputeIfAbsent(key, k -> new StoredResource(create.get()), StoredResource.class).get(type);
      }
    };
  }

  private static boolean isStatic(Field field) {
    return Modifier.isStatic(field.getModifiers());
  }

  private static void injectFields(Class<?> testClass, Object instance, Guest guest, Predicate<Field> which) {
    List<Field> fields = ReflectionSupport.findFields(testClass,
        field -> which.test(field) && (field.getType() == Guest.class || field.getType() == SSHClient.class),
        HierarchyTraversalMode.TOP_DOWN);
    for (Field field : fields) {
      if (Modifier.isFinal(field.getModifiers())) {
        throw new ExtensionConfigurationException(String.format(
            "Field [%s] of %s is final, so the guest cannot be injected into it; remove final",
            field.getName(), field.getDeclaringClass().getName()));
      }
      try {
        field.setAccessible(true);
        field.set(instance, field.getType() == Guest.class ? guest : guest.ssh());
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new ExtensionConfigurationException(String.format(
            "Could not inject the guest into field [%s] of %s: %s",
            field.getName(), field.getDeclaringClass().getName(), e.getMessage()), e);
      }
    }
  }
}

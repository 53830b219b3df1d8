package dev.virtiofs.junit;

import dev.virtiofs.junit.internal.config.Settings;
import dev.virtiofs.junit.internal.host.HostEnvironment;
import java.lang.System.Logger.Level;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;

/**
 * The settings and the host, found once per run in the root store, failures too: every class of the
 * run then reports the same error, and a condition can ask without failing.
 */
final class HostDiscovery {

  private static final Namespace NAMESPACE = Namespace.create(HostDiscovery.class);
  private static final String SETTINGS_KEY = "settings";
  private static final String HOST_KEY = "host-environment";
  private static final System.Logger LOGGER = System.getLogger(HostDiscovery.class.getName());

  private HostDiscovery() {}

  /**
   * What finding a thing gave: the thing, or the error.
   *
   * @param value what was found, or null
   * @param error the error, or null
   */
  record Found<T>(T value, RuntimeException error) {

    static <T> Found<T> of(Supplier<T> find) {
      try {
        return new Found<>(find.get(), null);
      } catch (RuntimeException e) {
        return new Found<>(null, e);
      }
    }

    /** The value, or the error as the class's configuration error. */
    T orFail() {
      if (error != null) {
        throw new ExtensionConfigurationException(error.getMessage(), error);
      }
      return value;
    }

    Optional<T> found() {
      return Optional.ofNullable(value);
    }
  }

  /** The host environment; a host or settings that do not do fail the class. */
  static HostEnvironment host(ExtensionContext context) {
    return hostOrError(context).orFail();
  }

  /** The settings, or the error malformed ones give. */
  @SuppressWarnings("unchecked")
  static Found<Settings> settings(ExtensionContext context) {
    return root(context).getOrComputeIfAbsent(SETTINGS_KEY,
        key -> Found.of(() -> Settings.from(context::getConfigurationParameter)), Found.class);
  }

  /** The host environment, or the error that discovering it (or reading the settings) gave. */
  @SuppressWarnings("unchecked")
  static Found<HostEnvironment> hostOrError(ExtensionContext context) {
    Found<Settings> settings = settings(context);
    if (settings.error() != null) {
      return new Found<>(null, settings.error());
    }
    return root(context).getOrComputeIfAbsent(HOST_KEY, key -> Found.of(() -> {
      HostEnvironment host = HostEnvironment.discover(settings.value);
      LOGGER.log(Level.INFO, "virtiofs-junit runs guests with {0}: {1}", host.accel().accel().qemuName(),
          host.accel().reason());
      return host;
    }), Found.class);
  }

  private static Store root(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE);
  }
}

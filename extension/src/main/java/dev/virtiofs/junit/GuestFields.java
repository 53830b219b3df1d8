package dev.virtiofs.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Injects the guest into a test class's fields of type {@link Guest} and {@link SSHClient}: the
 * static ones once the class's guest is ready, the instance ones before each test, so that
 * {@code @Nested} instances get theirs too.
 */
final class GuestFields {

  private GuestFields() {}

  /** Sets the static fields of this class and its superclasses. */
  static void injectStatic(Class<?> testClass, Guest guest) {
    inject(testClass, null, guest, true);
  }

  /** Sets the instance fields of this test instance. */
  static void injectInstance(Object instance, Guest guest) {
    inject(instance.getClass(), instance, guest, false);
  }

  private static void inject(Class<?> testClass, Object instance, Guest guest, boolean statics) {
    List<Field> fields = ReflectionSupport.findFields(testClass,
        field -> Modifier.isStatic(field.getModifiers()) == statics
            && (field.getType() == Guest.class || field.getType() == SSHClient.class),
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

package dev.virtiofs.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import net.schmizz.sshj.SSHClient;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * Injects the guest into a test class's fields of type {@link Guest}, {@link SSHClient} and
 * {@code List<Guest>} (all of a class's guests, {@code @VirtioFsVm(guests = N)}): the static ones
 * once the class's guests are ready, the instance ones before each test, so that {@code @Nested}
 * instances get theirs too.
 */
final class GuestFields {

  private GuestFields() {}

  /** Sets the static fields of this class and its superclasses. */
  static void injectStatic(Class<?> testClass, Guest guest, List<? extends Guest> guests) {
    inject(testClass, null, guest, guests, true);
  }

  /** Sets the instance fields of this test instance. */
  static void injectInstance(Object instance, Guest guest, List<? extends Guest> guests) {
    inject(instance.getClass(), instance, guest, guests, false);
  }

  /** Whether a field's or parameter's type is {@code List<Guest>}. */
  static boolean isGuestList(Type type) {
    return type instanceof ParameterizedType list && list.getRawType() == List.class
        && list.getActualTypeArguments()[0] == Guest.class;
  }

  private static void inject(Class<?> testClass, Object instance, Guest guest, List<? extends Guest> guests,
      boolean statics) {
    List<Field> fields = ReflectionSupport.findFields(testClass,
        field -> Modifier.isStatic(field.getModifiers()) == statics
            && (field.getType() == Guest.class || field.getType() == SSHClient.class
                || isGuestList(field.getGenericType())),
        HierarchyTraversalMode.TOP_DOWN);
    for (Field field : fields) {
      if (Modifier.isFinal(field.getModifiers())) {
        throw new ExtensionConfigurationException(String.format(
            "Field [%s] of %s is final, so the guest cannot be injected into it; remove final",
            field.getName(), field.getDeclaringClass().getName()));
      }
      Module module = field.getDeclaringClass().getModule();
      String pkg = field.getDeclaringClass().getPackageName();
      if (!module.isOpen(pkg, GuestFields.class.getModule())) {
        throw new ExtensionConfigurationException(String.format(
            "Field [%s] of %s cannot be injected: module [%s] does not open package [%s] to"
                + " dev.virtiofs.junit; add 'opens %s to org.junit.platform.commons, dev.virtiofs.junit;'"
                + " to its module-info.java, or take the Guest as a test method parameter",
            field.getName(), field.getDeclaringClass().getName(), module.getName(), pkg, pkg));
      }
      try {
        field.setAccessible(true);
        field.set(instance, isGuestList(field.getGenericType()) ? List.copyOf(guests)
            : field.getType() == Guest.class ? guest : guest.ssh());
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new ExtensionConfigurationException(String.format(
            "Could not inject the guest into field [%s] of %s: %s",
            field.getName(), field.getDeclaringClass().getName(), e.getMessage()), e);
      }
    }
  }
}

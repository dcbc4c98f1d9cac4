package com.partnerplatform.signer.custody.pkcs11;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the slot of a token by its label. Java 17's SunPKCS11 configuration knows only slot ids
 * and slot list indexes, and SoftHSM assigns a new slot id to every token it initialises, so the
 * id is looked up at start through the JDK's own PKCS#11 wrapper ({@code C_GetSlotList},
 * {@code C_GetTokenInfo}). The wrapper is not exported: the JVM needs
 * {@code --add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED} (set in the
 * jar manifest and for tests), or {@code signer.pkcs11.slot} names the slot directly.
 *
 * <p>The wrapper caches the initialised module per library path, and SunPKCS11 later reuses that
 * instance, so it is initialised the way SunPKCS11 would: with {@code CKF_OS_LOCKING_OK}.
 */
public final class Pkcs11SlotResolver {

    private static final long CKF_OS_LOCKING_OK = 0x2L;

    private Pkcs11SlotResolver() {
    }

    /**
     * @throws IllegalStateException when no present token carries {@code label} (the message lists the labels found)
     */
    public static long slotOf(String library, String label) {
        try {
            Class<?> pkcs11 = Class.forName("sun.security.pkcs11.wrapper.PKCS11");
            Class<?> initArgsType = Class.forName("sun.security.pkcs11.wrapper.CK_C_INITIALIZE_ARGS");
            Object initArgs = initArgsType.getConstructor().newInstance();
            initArgsType.getField("flags").setLong(initArgs, CKF_OS_LOCKING_OK);
            Method getInstance = pkcs11.getMethod("getInstance", String.class, String.class, initArgsType, boolean.class);
            Object module = getInstance.invoke(null, library, "C_GetFunctionList", initArgs, false);
            long[] slots = (long[]) pkcs11.getMethod("C_GetSlotList", boolean.class).invoke(module, true);
            Method tokenInfo = pkcs11.getMethod("C_GetTokenInfo", long.class);
            List<String> seen = new ArrayList<>();
            for (long slot : slots) {
                Object info = tokenInfo.invoke(module, slot);
                String tokenLabel = new String((char[]) info.getClass().getField("label").get(info)).trim();
                if (tokenLabel.equals(label)) {
                    return slot;
                }
                seen.add(tokenLabel.isEmpty() ? "(uninitialised)" : tokenLabel);
            }
            throw new IllegalStateException("no PKCS#11 token labelled '" + label + "' in " + library + "; tokens: " + seen);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot look up the PKCS#11 slot by token label: start the JVM with "
                    + "--add-exports=jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED or set signer.pkcs11.slot", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("PKCS#11 module " + library + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JDK has no usable PKCS#11 wrapper; set signer.pkcs11.slot", e);
        }
    }
}

package io.tickforge.shared.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kryo must not touch {@code sun.misc.Unsafe} (JDK 24+ prints a deprecation warning when it does).
 * Each case runs a fresh JVM, because Kryo decides once per JVM, and watches class loading: the
 * class whose initializer calls Unsafe must stay unloaded unless the user asks for it.
 */
class KryoUnsafeTest {
    private static final String UNSAFE_UTIL = "com.esotericsoftware.kryo.unsafe.UnsafeUtil";

    /** Run in the child JVM: builds the protocol's Kryo and encodes one message. */
    public static void main(String[] args) {
        com.esotericsoftware.kryo.Kryo kryo = Protocol.newKryo();
        com.esotericsoftware.kryo.io.Output output = new com.esotericsoftware.kryo.io.Output(64);
        kryo.writeClassAndObject(output, new Chat("hi"));
        System.out.println("unsafe=" + com.esotericsoftware.kryo.util.Util.unsafe);
    }

    @Test
    @Timeout(60)
    void protocolKryoLeavesUnsafeAlone() throws Exception {
        String out = runChild(null);
        assertTrue(out.contains("unsafe=false"), out);
        assertFalse(out.contains(UNSAFE_UTIL), "Kryo loaded " + UNSAFE_UTIL + ":\n" + out);
    }

    @Test
    @Timeout(60)
    void anExplicitChoiceIsKept() throws Exception {
        String out = runChild("true");
        // The opposite outcome shows the class-load check above can see UnsafeUtil when it loads.
        assertTrue(out.contains(UNSAFE_UTIL), out);
    }

    private static String runChild(String kryoUnsafe) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xlog:class+load=info");
        if (kryoUnsafe != null) {
            command.add("-D" + Protocol.KRYO_UNSAFE_PROPERTY + "=" + kryoUnsafe);
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(KryoUnsafeTest.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] bytes = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String out = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), out);
        return out;
    }
}

package io.tickforge.server.net;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkConfigTest {
    @Test
    void defaults() {
        NetworkConfig c = NetworkConfig.builder().build();
        assertEquals("0.0.0.0", c.bindAddress);
        assertEquals(7777, c.tcpPort);
        assertEquals(7778, c.udpPort);
        assertEquals(5000, c.handshakeTimeoutMs);
        assertEquals(200, c.maxChatChars);
        assertEquals(5.0, c.chatPerSecond);
        assertEquals(24, c.maxNameChars);
        assertNull(c.joinToken);
        NetworkConfig legacy = new NetworkConfig("127.0.0.1", 0, 0);
        assertEquals(0, legacy.tcpPort);
        assertEquals(c.objectBufferBytes, legacy.objectBufferBytes);
    }

    @Test
    void invalidValuesFailInTheConstructor() {
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.builder().tcpPort(70000).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.builder().udpPort(-1).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.builder().handshakeTimeoutMs(0).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.builder().chatPerSecond(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.builder().chatPerSecond(0).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.builder().maxNameChars(25).build());
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.builder().joinToken("").build());
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.builder().extraNameChars("\n").build());
        // The write buffer must hold at least one largest object.
        assertThrows(IllegalArgumentException.class,
                () -> NetworkConfig.builder().objectBufferBytes(65536).writeBufferBytes(32768).build());
        // UDP datagram cap must stay below the receive buffer so truncation is detectable.
        assertThrows(IllegalArgumentException.class,
                () -> NetworkConfig.builder().objectBufferBytes(4096).maxInputDatagramBytes(4096).build());
        // The idle timeout must exceed the keep-alive interval.
        assertThrows(IllegalArgumentException.class, () -> NetworkConfig.builder().keepAliveMs(8000).idleTimeoutMs(8000).build());
        assertThrows(NullPointerException.class, () -> NetworkConfig.builder().bindAddress(null).build());
    }

    @Test
    void names() {
        NetworkConfig c = NetworkConfig.builder().build();
        assertTrue(c.isValidName("alice"));
        assertTrue(c.isValidName("Bot_07-x.y z"));
        assertTrue(c.isValidName("x".repeat(24)));
        assertFalse(c.isValidName("x".repeat(25)));
        assertFalse(c.isValidName(""));
        assertFalse(c.isValidName(null));
        assertFalse(c.isValidName(" alice"));
        assertFalse(c.isValidName("alice "));
        assertFalse(c.isValidName("al\u0000ice"));
        assertFalse(c.isValidName("аlice"), "Cyrillic a: no homoglyphs");
        assertFalse(c.isValidName("<script>"));
    }
}

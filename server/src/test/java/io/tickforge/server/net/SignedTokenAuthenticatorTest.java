package io.tickforge.server.net;

import io.tickforge.server.net.NetworkCounters.Counter;
import io.tickforge.shared.protocol.Hello;
import io.tickforge.shared.protocol.Protocol;
import io.tickforge.shared.protocol.RejectReason;
import io.tickforge.shared.token.ClientToken;
import io.tickforge.shared.token.ConnectTokenMinter;
import io.tickforge.shared.token.TokenClaims;
import io.tickforge.shared.token.TokenSecret;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Socketless: a manual epoch clock, hand-made addresses. */
class SignedTokenAuthenticatorTest {
    static final String SERVER = "game-7.example.net:7777";
    static final long NOW_S = 1_800_000_000L;

    final SecureRandom random = new SecureRandom();
    final TokenSecret secret = TokenSecret.generate(random);
    final ConnectTokenMinter minter = new ConnectTokenMinter(secret, random);
    final AtomicLong nowMs = new AtomicLong(NOW_S * 1000);
    final InetSocketAddress alice = new InetSocketAddress("10.0.0.1", 50_001);
    final InetSocketAddress mallory = new InetSocketAddress("10.0.0.66", 50_001);

    SignedTokenAuthenticator authenticator(int capacity) {
        return new SignedTokenAuthenticator(secret, SERVER, nowMs::get, capacity);
    }

    ClientToken mint(long playerId, long expiresAt, String server) {
        return minter.mint(new TokenClaims(playerId, 9, expiresAt, server, new byte[] {1, 2}));
    }

    static Hello hello(ClientToken token) {
        return new Hello(Protocol.VERSION, "alice", null, token == null ? null : token.sealed());
    }

    @Test
    void genuineTokenIsGrantedWithItsClaimsAndKeys() {
        ClientToken token = mint(1234, NOW_S + 30, SERVER);
        JoinVerdict v = authenticator(8).authenticate(hello(token), alice);
        assertTrue(v.accepted(), v.toString());
        assertEquals(1234, v.grant().playerId());
        assertEquals(9, v.grant().sessionId());
        assertArrayEquals(new byte[] {1, 2}, v.grant().userData());
        assertArrayEquals(token.clientToServerKey(), v.grant().clientToServerKey());
        assertArrayEquals(token.serverToClientKey(), v.grant().serverToClientKey());
    }

    @Test
    void expiryFollowsTheInjectedClock() {
        SignedTokenAuthenticator auth = authenticator(8);
        ClientToken token = mint(1, NOW_S + 30, SERVER);
        nowMs.set((NOW_S + 30) * 1000 - 1); // 1 ms before expiry: still valid
        assertTrue(auth.authenticate(hello(token), alice).accepted());
        nowMs.set((NOW_S + 30) * 1000);
        JoinVerdict late = auth.authenticate(hello(mint(2, NOW_S + 30, SERVER)), alice);
        assertEquals(RejectReason.TOKEN_EXPIRED, late.reason());
        assertEquals(Counter.REJECTED_TOKEN_EXPIRED, late.counter());
    }

    @Test
    void forgedMissingAndGarbageTokensAreInvalid() {
        SignedTokenAuthenticator auth = authenticator(8);
        ClientToken foreign = new ConnectTokenMinter(TokenSecret.generate(random), random)
                .mint(new TokenClaims(1, 1, NOW_S + 30, SERVER, null));
        JoinVerdict forged = auth.authenticate(hello(foreign), alice);
        assertEquals(RejectReason.TOKEN_INVALID, forged.reason());
        assertTrue(forged.text().contains("not signed"), forged.text());

        byte[] altered = mint(1, NOW_S + 30, SERVER).sealed();
        altered[40] ^= 0x10;
        assertEquals(RejectReason.TOKEN_INVALID, auth.authenticate(new Hello(Protocol.VERSION, "a", null, altered), alice).reason());
        assertEquals(RejectReason.TOKEN_INVALID, auth.authenticate(hello(null), alice).reason());
        assertEquals(RejectReason.TOKEN_INVALID, auth.authenticate(new Hello(Protocol.VERSION, "a", "lan-token", new byte[5]), alice).reason());
        assertEquals(RejectReason.TOKEN_INVALID, auth.authenticate(hello(mint(1, NOW_S + 30, SERVER)), null).reason());
        assertEquals(0, auth.rememberedTokens(), "only verified tokens take a table entry");
    }

    @Test
    void tokenForAnotherServerIsWrongServer() {
        JoinVerdict v = authenticator(8).authenticate(hello(mint(1, NOW_S + 30, "game-8.example.net:7777")), alice);
        assertEquals(RejectReason.TOKEN_WRONG_SERVER, v.reason());
        assertTrue(v.text().contains("game-8.example.net:7777") && v.text().contains(SERVER), v.text());
        // The host compares without case; the port must match.
        assertTrue(authenticator(8).authenticate(hello(mint(1, NOW_S + 30, "GAME-7.example.net:7777")), alice).accepted());
        assertEquals(RejectReason.TOKEN_WRONG_SERVER,
                authenticator(8).authenticate(hello(mint(1, NOW_S + 30, "game-7.example.net:7778")), alice).reason());
    }

    @Test
    void replayFromAnotherAddressIsReusedButTheSameAddressMayRetry() {
        SignedTokenAuthenticator auth = authenticator(8);
        ClientToken token = mint(1, NOW_S + 30, SERVER);
        assertTrue(auth.authenticate(hello(token), alice).accepted());
        JoinVerdict replay = auth.authenticate(hello(token), mallory);
        assertEquals(RejectReason.TOKEN_REUSED, replay.reason());
        assertEquals(Counter.REJECTED_TOKEN_REUSED, replay.counter());
        // Another port of the same host is another address too (each TCP connection has its own).
        assertEquals(RejectReason.TOKEN_REUSED,
                auth.authenticate(hello(token), new InetSocketAddress("10.0.0.1", 50_002)).reason());
        assertTrue(auth.authenticate(hello(token), new InetSocketAddress("10.0.0.1", 50_001)).accepted());
    }

    @Test
    void fullTableRefusesUntilEntriesExpireThenPurges() {
        SignedTokenAuthenticator auth = authenticator(2);
        assertTrue(auth.authenticate(hello(mint(1, NOW_S + 10, SERVER)), alice).accepted());
        assertTrue(auth.authenticate(hello(mint(2, NOW_S + 60, SERVER)), alice).accepted());
        JoinVerdict full = auth.authenticate(hello(mint(3, NOW_S + 60, SERVER)), alice);
        assertFalse(full.accepted());
        assertEquals(RejectReason.SERVER_FULL, full.reason());
        assertEquals(Counter.REJECTED_TOKEN_TABLE_FULL, full.counter());
        assertEquals(2, auth.rememberedTokens());

        nowMs.set((NOW_S + 10) * 1000); // token 1 expires: its entry can go
        assertTrue(auth.authenticate(hello(mint(4, NOW_S + 60, SERVER)), alice).accepted());
        assertEquals(2, auth.rememberedTokens());
    }

    @Test
    void staticAndOpenModes() {
        StaticTokenAuthenticator lan = new StaticTokenAuthenticator("sesame");
        assertTrue(lan.authenticate(new Hello(Protocol.VERSION, "a", "sesame"), alice).accepted());
        JoinVerdict wrong = lan.authenticate(new Hello(Protocol.VERSION, "a", "sesam"), alice);
        assertEquals(RejectReason.BAD_TOKEN, wrong.reason());
        assertEquals(Counter.REJECTED_BAD_TOKEN, wrong.counter());
        assertEquals(RejectReason.BAD_TOKEN, lan.authenticate(new Hello(Protocol.VERSION, "a", null), alice).reason());
        JoinVerdict open = JoinAuthenticator.OPEN.authenticate(new Hello(Protocol.VERSION, "a", null), null);
        assertTrue(open.accepted());
        assertNull(open.grant().clientToServerKey());
    }
}

package io.tickforge.shared.token;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * {@code tickforge-token.jar}: generate a token secret, mint a client token, or show one. JDK only
 * (no dependencies), so a backend can shell out to it. Thread: main. Exit codes: 0 ok, 2 usage or
 * input error.
 */
public final class TokenMain {
    static final String ENV_SECRET_FILE = "TICKFORGE_TOKEN_SECRET_FILE";
    static final long DEFAULT_EXPIRES_IN_S = 30;

    private static final String USAGE = String.join("\n",
            "usage: java -jar tickforge-token.jar COMMAND [OPTIONS]",
            "  keygen FILE                    write a new random token secret (64 hex digits) to FILE (must not exist)",
            "  mint --server HOST:PORT --player-id N [--session-id N] [--expires-in 30s|5m|SECONDS]",
            "       [--user-data-hex HEX] [--secret FILE] [--out FILE]",
            "                                 mint a client token; prints it (one line of Base64) unless --out",
            "  inspect FILE                   show a client token's public part (keys redacted)",
            "The secret file comes from --secret, else $" + ENV_SECRET_FILE + ".",
            "Format: docs/SECURITY.md, section \"Connect tokens\".");

    private TokenMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err, Instant.now().getEpochSecond()));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, long nowEpochS) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            (args.length == 0 ? err : out).println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            switch (args[0]) {
                case "keygen" -> {
                    if (args.length != 2) {
                        throw new IllegalArgumentException("keygen takes exactly one FILE");
                    }
                    TokenSecret.generate(new SecureRandom()).write(Path.of(args[1]));
                    out.println("wrote a new token secret to " + args[1]);
                }
                case "mint" -> mint(options(args), env, out, nowEpochS);
                case "inspect" -> {
                    if (args.length != 2) {
                        throw new IllegalArgumentException("inspect takes exactly one FILE");
                    }
                    ClientToken token = ClientToken.read(Path.of(args[1]));
                    out.println("server " + token.serverAddress());
                    out.println("expires " + Instant.ofEpochSecond(token.expiresAtEpochS()) + " ("
                            + (token.expiresAtEpochS() - nowEpochS) + " s from now)");
                    out.println("sealed " + token.sealed().length + " bytes");
                }
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
            return 0;
        } catch (IllegalArgumentException | IOException e) {
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
    }

    private static void mint(Map<String, String> o, Map<String, String> env, PrintStream out, long nowEpochS)
            throws IOException {
        String secretFile = o.containsKey("secret") ? o.remove("secret") : env.get(ENV_SECRET_FILE);
        if (secretFile == null) {
            throw new IllegalArgumentException("no secret: pass --secret FILE or set " + ENV_SECRET_FILE);
        }
        String server = require(o, "server");
        long playerId = parseLong(require(o, "player-id"), "--player-id");
        long sessionId = o.containsKey("session-id") ? parseLong(o.remove("session-id"), "--session-id") : 0;
        long expiresIn = o.containsKey("expires-in") ? parseSeconds(o.remove("expires-in")) : DEFAULT_EXPIRES_IN_S;
        byte[] userData = o.containsKey("user-data-hex") ? HexFormat.of().parseHex(o.remove("user-data-hex")) : new byte[0];
        String outFile = o.remove("out");
        if (!o.isEmpty()) {
            throw new IllegalArgumentException("unknown options for mint: " + o.keySet());
        }
        TokenSecret secret = TokenSecret.read(Path.of(secretFile));
        ClientToken token = new ConnectTokenMinter(secret, new SecureRandom())
                .mint(new TokenClaims(playerId, sessionId, nowEpochS + expiresIn, server, userData));
        if (outFile == null) {
            out.println(token.toBase64());
        } else {
            token.write(Path.of(outFile));
        }
    }

    /** {@code --name value} pairs after the command. */
    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option VALUE, got " + args[i]);
            }
            if (o.put(args[i].substring(2), args[i + 1]) != null) {
                throw new IllegalArgumentException(args[i] + " given twice");
            }
        }
        return o;
    }

    private static String require(Map<String, String> o, String name) {
        String v = o.remove(name);
        if (v == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return v;
    }

    private static long parseLong(String v, String what) {
        try {
            return Long.parseUnsignedLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be an unsigned 64-bit integer, got " + v);
        }
    }

    /** "90", "90s", "5m", "1h" to seconds, 1 s .. 7 days. */
    static long parseSeconds(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("h")) {
            unit = 3600;
        } else if (v.endsWith("m")) {
            unit = 60;
        }
        if (v.endsWith("h") || v.endsWith("m") || v.endsWith("s")) {
            v = v.substring(0, v.length() - 1);
        }
        long seconds;
        try {
            seconds = Long.parseLong(v) * unit;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--expires-in must look like 30s, 5m, 1h or 90, got " + value);
        }
        if (seconds < 1 || seconds > 7 * 24 * 3600) {
            throw new IllegalArgumentException("--expires-in must be 1 s .. 7 days, got " + value);
        }
        return seconds;
    }
}

package io.tickforge.client.attack;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What an attack sent and what came back, as named counts in sections ({@code sent},
 * {@code received}, {@code connections}, {@code messages}, {@code errors}, {@code probe}).
 * Any thread (the attack thread and the join probe add concurrently); read at the end.
 */
public final class AttackTally {
    public static final String SENT = "sent";
    public static final String RECEIVED = "received";
    public static final String CONNECTIONS = "connections";
    /** Decoded server messages by type (and reason, e.g. {@code Rejected.TOO_MANY_ATTEMPTS}). */
    public static final String MESSAGES = "messages";
    /** Local failures by exception class: the attacker never dies of what the server does. */
    public static final String ERRORS = "errors";
    public static final String PROBE = "probe";

    private final Map<String, Map<String, LongAdder>> sections = new ConcurrentHashMap<>();
    private final Map<String, Long> maxima = new ConcurrentHashMap<>();

    public void add(String section, String name, long n) {
        sections.computeIfAbsent(section, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(name, k -> new LongAdder()).add(n);
    }

    public void increment(String section, String name) {
        add(section, name, 1);
    }

    /** Keeps the largest value seen under {@code section.name} (e.g. connections open at once). */
    public void max(String section, String name, long value) {
        maxima.merge(section + "." + name, value, Math::max);
    }

    public long get(String section, String name) {
        final Map<String, LongAdder> s = sections.get(section);
        final LongAdder a = s == null ? null : s.get(name);
        if (a != null) {
            return a.sum();
        }
        return maxima.getOrDefault(section + "." + name, 0L);
    }

    /** Counts an exception by its class (the message could carry per-event detail). */
    public void error(String where, Throwable t) {
        increment(ERRORS, where + ":" + t.getClass().getSimpleName());
    }

    /** Writes every section as a nested object of sorted names. */
    public void writeTo(ObjectNode root) {
        final Map<String, Map<String, Long>> all = new TreeMap<>();
        sections.forEach((section, names) -> names.forEach((name, adder) ->
                all.computeIfAbsent(section, s -> new TreeMap<>()).put(name, adder.sum())));
        maxima.forEach((key, value) -> {
            final int dot = key.indexOf('.');
            all.computeIfAbsent(key.substring(0, dot), s -> new TreeMap<>()).put(key.substring(dot + 1), value);
        });
        all.forEach((section, names) -> {
            final ObjectNode o = root.putObject(section);
            names.forEach(o::put);
        });
    }
}

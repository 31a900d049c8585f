package io.tickforge.server.tick;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * One JFR event per tick, {@code io.tickforge.Tick}. Disabled by default (a recording must enable
 * it, e.g. with the shipped {@code tickforge.jfc} or {@code --jfr FILE}); while disabled the tick
 * thread only asks {@link #enabled()}, which allocates nothing. While enabled, one
 * small event object is allocated and committed per tick. Emitted on the tick thread.
 */
@Name(TickEvent.NAME)
@Label("Tick")
@Category({"Tickforge"})
@Description("One game tick of a session: how late it started, how long it and each phase took, players, snapshot bytes sent.")
@Enabled(false)
@StackTrace(false)
public final class TickEvent extends Event {
    public static final String NAME = "io.tickforge.Tick";

    /** Never committed; asked whether the event type is enabled (no allocation on the tick path). */
    private static final TickEvent PROBE = new TickEvent();

    /** Whether a recording wants this event now. Allocates nothing. Any thread. */
    public static boolean enabled() {
        return PROBE.isEnabled();
    }

    @Label("Session")
    public int session;

    @Label("Tick")
    public long tick;

    @Label("Duration")
    @Timespan(Timespan.NANOSECONDS)
    public long durationNs;

    @Label("Lateness")
    @Description("How long after its deadline the tick started")
    @Timespan(Timespan.NANOSECONDS)
    public long latenessNs;

    @Label("Inputs Phase")
    @Timespan(Timespan.NANOSECONDS)
    public long inputsNs;

    @Label("Simulation Phase")
    @Timespan(Timespan.NANOSECONDS)
    public long simulationNs;

    @Label("Replication Phase")
    @Timespan(Timespan.NANOSECONDS)
    public long replicationNs;

    @Label("Players")
    public int players;

    @Label("Bytes Out")
    @Description("Snapshot bytes handed to the network this tick")
    @DataAmount(DataAmount.BYTES)
    public long bytesOut;
}

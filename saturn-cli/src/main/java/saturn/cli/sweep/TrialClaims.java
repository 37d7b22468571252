package saturn.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import saturn.cli.run.Json;
import saturn.engine.io.AtomicFiles;

/**
 * The claims on the trials of a sweep folder that several processes, on one machine or many
 * sharing a file system, run together ({@code saturn sweep --claim}). A process runs a trial
 * only while it holds the trial's claim, so a trial's run directory has one writer at a time.
 *
 * <p>In the folder {@value #FOLDER}:
 * <ul>
 *   <li>{@code TRIAL.claim}: the claim, made in one step by a hard link to a complete file
 *       written beforehand (link(2) fails when the name exists, on local and NFS file systems
 *       alike, where O_EXCL creation is not atomic on old servers; a link whose reply was lost
 *       is recognized by the link count of its source). It holds a random token, the holder's
 *       host and pid, and never changes.</li>
 *   <li>{@code TRIAL.TOKEN.beat}: the holder's heartbeat, rewritten (atomically) every quarter
 *       of the timeout with a counter and the time.</li>
 *   <li>{@code TRIAL.TOKEN.end}: whoever creates it (the same linked creation) may end claim
 *       TOKEN: the holder releasing it, or one process taking a stale claim over. Exactly one
 *       of several racing processes creates it, and the token, unique to one claim, keeps a
 *       late one from ending the next claim.</li>
 * </ul>
 *
 * <p>A claim is stale when its token and heartbeat have not changed for the timeout, measured
 * on the observing process's own monotonic clock: the hosts' clocks need not agree, and a
 * process that first sees a claim waits a whole timeout before it takes it over.
 */
final class TrialClaims {

    static final String FOLDER = "claims";

    /** What this process sees of a trial's claim. */
    enum State { FREE, MINE, LIVE, STALE }

    /** A claim's content. */
    record Claim(String token, String host, long pid) {
    }

    private record Seen(String token, String beat, long since) {
    }

    private record Held(String token, long beats) {
    }

    private final Path dir;
    private final Duration timeout;
    private final LongSupplier clock;
    private final String host;
    private final long pid;
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    TrialClaims(Path root, Duration timeout, LongSupplier nanoClock, String host, long pid) {
        this.dir = root.resolve(FOLDER);
        this.timeout = timeout;
        this.clock = nanoClock;
        this.host = host;
        this.pid = pid;
    }

    /** The claims of {@code root} as this process (this host, this pid) sees them. */
    static TrialClaims of(Path root, Duration timeout) {
        return new TrialClaims(root, timeout, System::nanoTime, hostName(), ProcessHandle.current().pid());
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "unknown-host" : env;
        }
    }

    Duration timeout() {
        return timeout;
    }

    /** True when a claim file of {@code trial} exists in {@code root} (held, or left by a process that died). */
    static boolean isClaimed(Path root, String trial) {
        return Files.exists(root.resolve(FOLDER).resolve(trial + ".claim"));
    }

    /** Claims a trial nobody holds: true when this process holds it now. */
    boolean acquire(String trial) throws IOException {
        Files.createDirectories(dir);
        String token = Long.toUnsignedString(RANDOM.nextLong(), 36) + Long.toUnsignedString(RANDOM.nextLong(), 36);
        ObjectNode c = Json.object();
        c.put("token", token);
        c.put("host", host);
        c.put("pid", pid);
        c.put("claimed_at", Instant.now().toString());
        if (!createWith(claimFile(trial), Json.writePretty(c).concat("\n"))) return false;
        held.put(trial, new Held(token, 0));
        beat(trial);
        return true;
    }

    /** The claim of a trial as this process sees it now; a stale one only after a timeout of watching it. */
    State state(String trial) {
        Claim c = read(trial);
        if (c == null) return Files.exists(claimFile(trial)) ? watch(trial, "", "") : State.FREE;
        Held h = held.get(trial);
        if (h != null && h.token().equals(c.token())) return State.MINE;
        return watch(trial, c.token(), readBeat(trial, c.token()));
    }

    private State watch(String trial, String token, String beat) {
        long now = clock.getAsLong();
        Seen s = seen.get(trial);
        if (s == null || !s.token().equals(token) || !s.beat().equals(beat)) {
            seen.put(trial, new Seen(token, beat, now));
            return State.LIVE;
        }
        return now - s.since() >= timeout.toNanos() ? State.STALE : State.LIVE;
    }

    /** The claim of a trial, or null when there is none (or it cannot be read). */
    Claim read(String trial) {
        try {
            JsonNode n = Json.MAPPER.readTree(Files.readAllBytes(claimFile(trial)));
            if (n == null || !n.path("token").isTextual()) return null;
            return new Claim(n.path("token").asText(), n.path("host").asText(""), n.path("pid").asLong(-1));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Ends the claim of a trial that {@link #state} last found {@link State#STALE} and claims the
     * trial: of several processes racing to take one claim over, exactly one gets true.
     */
    boolean takeOver(String trial) throws IOException {
        Seen s = seen.get(trial);
        if (s == null || clock.getAsLong() - s.since() < timeout.toNanos()) return false;   // not seen stale
        seen.remove(trial);
        if (!end(trial, s.token())) return false;
        return acquire(trial);
    }

    /** Gives a held claim up (the trial finished, or stopped): another process may claim it at once. */
    void release(String trial) throws IOException {
        Held h = held.remove(trial);
        if (h != null) end(trial, h.token());
    }

    /**
     * Ends claim {@code token} of a trial if this process wins the right to ({@code .end});
     * true when the claim was there and this process removed it.
     */
    private boolean end(String trial, String token) throws IOException {
        Path end = dir.resolve(trial + "." + token + ".end");
        if (!createWith(end, host + " " + pid + "\n")) return false;
        try {
            Claim c = read(trial);
            // ended already; an unreadable claim (token "") is ended while it stays unreadable
            if (c == null ? !token.isEmpty() || !Files.exists(claimFile(trial)) : !c.token().equals(token)) return false;
            Files.deleteIfExists(claimFile(trial));
            Files.deleteIfExists(beatFile(trial, token));
            return true;
        } finally {
            Files.deleteIfExists(end);
        }
    }

    /**
     * Refreshes the heartbeat of every claim this process holds; a claim that is no longer
     * this process's (another one took it over) is dropped and handed to {@code lost}.
     */
    void beatAll(Consumer<String> lost) {
        for (String trial : List.copyOf(held.keySet())) {
            Held h = held.get(trial);
            if (h == null) continue;
            Claim c = read(trial);
            if (c == null && Files.exists(claimFile(trial))) continue;   // unreadable now: try again at the next beat
            if (c == null || !c.token().equals(h.token())) {
                held.remove(trial);
                lost.accept(trial);
                continue;
            }
            try {
                beat(trial);
            } catch (IOException e) {
                // a file system that hiccups: the next beat tries again, within the timeout
            }
        }
    }

    private void beat(String trial) throws IOException {
        Held h = held.computeIfPresent(trial, (k, v) -> new Held(v.token(), v.beats() + 1));
        if (h == null) return;
        ObjectNode b = Json.object();
        b.put("beat", h.beats());
        b.put("time", Instant.now().toString());
        byte[] bytes = Json.writePretty(b).concat("\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(beatFile(trial, h.token()), o -> o.write(bytes));
    }

    private String readBeat(String trial, String token) {
        try {
            return Files.readString(beatFile(trial, token));
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Creates {@code target} with {@code content}, complete, if it does not exist: a hard link
     * to a temporary file written first. False when it exists.
     */
    private boolean createWith(Path target, String content) throws IOException {
        Files.createDirectories(dir);
        Path tmp = AtomicFiles.createTemp(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, content);
            try {
                Files.createLink(target, tmp);
                return true;
            } catch (FileAlreadyExistsException taken) {
                return false;
            } catch (UnsupportedOperationException noLinks) {
                return createNew(target, content);
            } catch (NoSuchFileException gone) {
                throw gone;
            } catch (IOException e) {
                // NFS: the link may have been made while its reply was lost; the link count says
                if (linkCount(tmp) == 2) return true;
                throw e;
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static boolean createNew(Path target, String content) throws IOException {
        try {
            Files.writeString(target, content, java.nio.file.StandardOpenOption.CREATE_NEW,
                    java.nio.file.StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException taken) {
            return false;
        }
    }

    private static int linkCount(Path file) {
        try {
            return ((Number) Files.getAttribute(file, "unix:nlink")).intValue();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private Path claimFile(String trial) {
        return dir.resolve(trial + ".claim");
    }

    private Path beatFile(String trial, String token) {
        return dir.resolve(trial + "." + token + ".beat");
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
}

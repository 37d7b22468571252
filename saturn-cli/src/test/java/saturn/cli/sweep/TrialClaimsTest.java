package saturn.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The claim protocol of {@link TrialClaims}, with one {@code TrialClaims} per pretended process
 * (its own pid) on threads, and a clock the test moves: one winner per claim and per take-over,
 * a live heartbeat never stale, a holder that lost its claim told so.
 */
class TrialClaimsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int PROCESSES = 6;
    private static final int ROUNDS = 40;

    @TempDir
    Path tmp;

    private final AtomicLong clock = new AtomicLong();

    private TrialClaims process(int pid) {
        return new TrialClaims(tmp, TIMEOUT, clock::get, "host-" + pid, pid);
    }

    /** Runs {@code task} for every claims object at once (after a barrier); returns the winners' indices. */
    private static List<Integer> race(List<TrialClaims> all, Task task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(all.size());
        ExecutorService pool = Executors.newFixedThreadPool(all.size());
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (TrialClaims c : all) {
                results.add(pool.submit(() -> {
                    start.await();
                    return task.run(c);
                }));
            }
            List<Integer> winners = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) if (results.get(i).get()) winners.add(i);
            return winners;
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface Task {
        boolean run(TrialClaims c) throws IOException;
    }

    @Test
    void ofProcessesClaimingOneTrialAtOnceExactlyOneHoldsIt() throws Exception {
        List<TrialClaims> all = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) all.add(process(100 + p));
        for (int round = 0; round < ROUNDS; round++) {
            String trial = "trial-" + round;
            List<Integer> winners = race(all, c -> c.acquire(trial));
            assertThat(winners).as("round " + round).hasSize(1);
            int w = winners.getFirst();
            assertThat(all.get(w).read(trial).pid()).isEqualTo(100 + w);
            for (int p = 0; p < PROCESSES; p++) {
                assertThat(all.get(p).state(trial)).isEqualTo(p == w ? TrialClaims.State.MINE : TrialClaims.State.LIVE);
            }
        }
    }

    @Test
    void ofProcessesTakingOverOneStaleClaimAtOnceExactlyOneWinsAndTheHolderLearnsItLostIt() throws Exception {
        TrialClaims holder = process(1);
        List<TrialClaims> takers = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) takers.add(process(200 + p));
        for (int round = 0; round < ROUNDS; round++) {
            String trial = "trial-" + round;
            assertThat(holder.acquire(trial)).isTrue();
            for (TrialClaims t : takers) assertThat(t.state(trial)).isEqualTo(TrialClaims.State.LIVE);
            clock.addAndGet(TIMEOUT.toNanos() - 1);
            for (TrialClaims t : takers) assertThat(t.state(trial)).as("before the timeout").isEqualTo(TrialClaims.State.LIVE);
            clock.addAndGet(1);
            for (TrialClaims t : takers) assertThat(t.state(trial)).isEqualTo(TrialClaims.State.STALE);

            List<Integer> winners = race(takers, t -> t.takeOver(trial));
            assertThat(winners).as("round " + round).hasSize(1);
            int w = winners.getFirst();
            assertThat(holder.read(trial).pid()).isEqualTo(200 + w);
            assertThat(takers.get(w).state(trial)).isEqualTo(TrialClaims.State.MINE);

            List<String> lost = new CopyOnWriteArrayList<>();
            holder.beatAll(lost::add);
            assertThat(lost).containsExactly(trial);
            // the old holder's release leaves the new claim alone
            holder.release(trial);
            assertThat(holder.read(trial).pid()).isEqualTo(200 + w);
            takers.get(w).release(trial);
            assertThat(holder.state(trial)).isEqualTo(TrialClaims.State.FREE);
        }
        try (Stream<Path> s = Files.list(tmp.resolve(TrialClaims.FOLDER))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).as("claims, heartbeats and end files are removed")
                    .isEmpty();
        }
    }

    @Test
    void aClaimWhoseHeartbeatGoesOnIsNeverStale() throws IOException {
        TrialClaims holder = process(1);
        TrialClaims other = process(2);
        assertThat(holder.acquire("t")).isTrue();
        for (int i = 0; i < 5; i++) {
            assertThat(other.state("t")).isEqualTo(TrialClaims.State.LIVE);
            clock.addAndGet(TIMEOUT.toNanos() * 3 / 4);
            holder.beatAll(lost -> {
                throw new AssertionError("lost " + lost);
            });
        }
        assertThat(other.state("t")).isEqualTo(TrialClaims.State.LIVE);
        assertThat(other.takeOver("t")).as("a take-over needs a claim seen stale").isFalse();
        assertThat(other.read("t").pid()).isEqualTo(1);
        // it stops beating: stale after a whole timeout of watching
        clock.addAndGet(TIMEOUT.toNanos());
        assertThat(other.state("t")).isEqualTo(TrialClaims.State.STALE);
        // a new claim (another token) is watched afresh, not taken over as the stale one
        holder.release("t");
        assertThat(process(3).acquire("t")).isTrue();
        assertThat(other.state("t")).isEqualTo(TrialClaims.State.LIVE);
    }

    @Test
    void aClaimFileThatCannotBeReadIsTakenOverAfterTheTimeout() throws IOException {
        Files.createDirectories(tmp.resolve(TrialClaims.FOLDER));
        Files.writeString(tmp.resolve(TrialClaims.FOLDER).resolve("t.claim"), "{\"tok");
        TrialClaims other = process(2);
        assertThat(other.state("t")).isEqualTo(TrialClaims.State.LIVE);
        clock.addAndGet(TIMEOUT.toNanos());
        assertThat(other.state("t")).isEqualTo(TrialClaims.State.STALE);
        assertThat(other.takeOver("t")).isTrue();
        assertThat(other.state("t")).isEqualTo(TrialClaims.State.MINE);
    }
}

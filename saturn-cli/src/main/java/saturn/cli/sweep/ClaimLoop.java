package saturn.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import saturn.cli.options.BadInputException;
import saturn.engine.train.StopRequest;

/**
 * One process's share of a sweep that several processes run together on one folder
 * ({@code saturn sweep --claim}): it walks the grid in order, claims each trial nobody holds
 * ({@link TrialClaims}), runs it ({@code workers} at a time) and releases the claim once the
 * trial's marker is written, takes over the claims whose heartbeat stood still for the
 * timeout, and waits while other processes hold the remaining trials, so that a claim left by
 * a process that died is taken over. It ends when every trial is finished or was tried here.
 *
 * <p>A trial whose claim another process took over is stopped at its next step (it ends
 * {@code lost}, unrecorded); one whose run directory another process still writes ends
 * {@code busy} and is tried again later. A trial that {@code failed} before this process
 * started is tried again, once.
 */
final class ClaimLoop {

    private final SweepRunner runner;
    private final TrialClaims claims;
    private final int workers;
    private final StopRequest stop;
    private final Map<String, StopRequest> running = new ConcurrentHashMap<>();
    private final Set<String> lost = ConcurrentHashMap.newKeySet();

    ClaimLoop(SweepRunner runner, TrialClaims claims, int workers, StopRequest stop) {
        this.runner = runner;
        this.claims = claims;
        this.workers = workers;
        this.stop = stop;
    }

    /** Runs the trials this process claims; returns how they ended, in grid order. */
    List<SweepRunner.Ended> run(List<Trial> trials) throws IOException {
        Set<String> retry = new HashSet<>();
        for (Trial t : trials) {
            if (status(t).equals("failed")) retry.add(t.name());
        }
        Set<String> attempted = new HashSet<>();
        Map<String, SweepRunner.Ended> ended = new LinkedHashMap<>();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("saturn-trial"));
        ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(daemon("saturn-claims"));
        long beat = Math.max(10, claims.timeout().toMillis() / 4);
        beats.scheduleAtFixedRate(() -> claims.beatAll(this::lose), beat, beat, TimeUnit.MILLISECONDS);
        long poll = Math.clamp(claims.timeout().toMillis() / 8, 20, 5000);
        CompletionService<SweepRunner.Ended> finished = new ExecutorCompletionService<>(pool);
        int inFlight = 0;
        try {
            while (true) {
                boolean waiting = false;
                for (Trial t : trials) {
                    if (stop.requested()) break;
                    String name = t.name();
                    if (attempted.contains(name) || settled(t, retry)) continue;
                    if (inFlight >= workers) {
                        waiting = true;
                        break;
                    }
                    if (!claim(name)) {
                        waiting = true;
                        continue;
                    }
                    if (settled(t, retry)) {   // it finished between the look and the claim
                        claims.release(name);
                        continue;
                    }
                    attempted.add(name);
                    StopRequest trialStop = stop.child();
                    running.put(name, trialStop);
                    inFlight++;
                    finished.submit(() -> {
                        try {
                            return runner.runAndSay(t, trialStop, trials.size(), done);
                        } finally {
                            running.remove(name);
                            if (!lost.remove(name)) claims.release(name);
                        }
                    });
                }
                if (inFlight == 0 && (!waiting || stop.requested())) break;
                for (Future<SweepRunner.Ended> f = take(finished, poll); f != null; f = take(finished, 0)) {
                    inFlight--;
                    SweepRunner.Ended e = result(f);
                    if (e.status().equals("busy") || e.status().equals("lost")) attempted.remove(e.trial().name());
                    ended.put(e.trial().name(), e);
                }
            }
        } finally {
            beats.shutdownNow();
            pool.shutdownNow();
        }
        List<SweepRunner.Ended> inOrder = new ArrayList<>();
        for (Trial t : trials) {
            if (ended.containsKey(t.name())) inOrder.add(ended.get(t.name()));
        }
        return inOrder;
    }

    /** Claims a trial nobody holds, or takes over a stale claim: true when this process holds it now. */
    private boolean claim(String name) throws IOException {
        return switch (claims.state(name)) {
            case FREE -> claims.acquire(name);
            case STALE -> {
                TrialClaims.Claim old = claims.read(name);
                boolean won = claims.takeOver(name);
                if (won) {
                    runner.say("taking over " + name + (old == null ? "" : " from " + old.host() + " pid " + old.pid())
                            + ": its heartbeat stood still for " + DurationText.show(claims.timeout()));
                }
                yield won;
            }
            case MINE, LIVE -> false;
        };
    }

    /** Another process took this trial's claim over: stop it, and leave the claim alone. */
    private void lose(String name) {
        StopRequest s = running.get(name);
        if (s == null) return;
        lost.add(name);
        runner.say("lost the claim of " + name + " to another process: stopping it");
        s.request();
    }

    /** Finished for this process: a final marker, or {@code failed} since before it started. */
    private static boolean settled(Trial t, Set<String> retry, String status) {
        return SweepRunner.FINAL.contains(status) || status.equals("failed") && !retry.contains(t.name());
    }

    private boolean settled(Trial t, Set<String> retry) {
        return settled(t, retry, status(t));
    }

    private String status(Trial t) {
        JsonNode m = SweepRunner.readMarker(runner.root().resolve(t.name()));
        return m == null ? "" : m.path("status").asText();
    }

    private SweepRunner.Ended result(Future<SweepRunner.Ended> f) throws IOException {
        try {
            SweepRunner.Ended e = f.get();
            return e.status().equals("stopped") && !stop.requested()
                    ? new SweepRunner.Ended(e.trial(), e.dir(), "lost", "another process took its claim over", false) : e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof BadInputException bad) throw bad;
            throw new IllegalStateException("sweep worker failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Future<SweepRunner.Ended> take(CompletionService<SweepRunner.Ended> c, long millis) {
        try {
            return millis == 0 ? c.poll() : c.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}

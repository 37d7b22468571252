package saturn.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import saturn.engine.train.StopRequest;

class InterruptHookTest {

    @Test
    void theInterruptHookStopsTheTrainerWaitsForItAndHaltsWith130() throws Exception {
        StopRequest stop = new StopRequest();
        AtomicInteger halted = new AtomicInteger(-1);
        InterruptHook hook = new InterruptHook(stop, halted::set, Duration.ofSeconds(30));
        Thread shutdown = new Thread(hook::onShutdown);
        shutdown.start();
        while (!stop.requested()) Thread.onSpinWait();
        shutdown.join(200);
        assertThat(shutdown.isAlive()).as("the hook waits for the training loop").isTrue();
        assertThat(halted.get()).isEqualTo(-1);
        hook.close();   // the command saved its checkpoint and wrote its files
        shutdown.join();
        assertThat(halted.get()).isEqualTo(130);
    }
}

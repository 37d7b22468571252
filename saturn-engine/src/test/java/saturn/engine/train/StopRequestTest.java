package saturn.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StopRequestTest {

    @Test
    void aChildHoldsWhenItOrItsParentIsRequestedAndNeverStopsItsSiblings() {
        StopRequest all = new StopRequest();
        StopRequest one = all.child();
        StopRequest two = all.child();
        one.request();
        assertThat(one.requested()).isTrue();
        assertThat(two.requested()).isFalse();
        assertThat(all.requested()).isFalse();
        all.request();
        assertThat(two.requested()).isTrue();
    }
}

package saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import saturn.engine.data.DataSpec;
import saturn.engine.init.InitScheme;
import saturn.engine.model.ModelSpec;
import saturn.engine.remedy.InitSpec;
import saturn.theory.Activation;

/** The model a plan asks for carries the plan's typed activation and initializer. */
class RunPlanTest {

    private static final Activation TANH = Activation.parse("tanh");
    private static final RunSpec SPIRALS = RunSpec.of(DataSpec.parse("synthetic:spirals"), 4, 32, TANH);

    @Test
    void theModelGetsTheTransformedActivationItselfAndTheResolvedInit() {
        RunPlan plan = RunPlan.of(SPIRALS.withAutoRemedy());
        ModelSpec m = plan.modelSpec(2, 2);

        assertThat(plan.networkActivation()).isNotEqualTo(TANH);
        assertThat(m.activation()).isSameAs(plan.networkActivation());
        assertThat(m.init()).isEqualTo(plan.init().scheme()).isEqualTo(InitScheme.ORTHOGONAL);
        assertThat(m.sigmaW2()).isEqualTo(plan.init().sigmaW2());
        assertThat(plan.derived()).containsEntry("init_engine", "orthogonal");
    }

    @Test
    void criticalAndXavierInitsReachTheModelAsSchemes() {
        RunPlan critical = RunPlan.of(SPIRALS.withInit(InitSpec.of(InitSpec.Kind.CRITICAL)));
        ModelSpec m = critical.modelSpec(2, 2);
        assertThat(m.activation()).isSameAs(TANH);
        assertThat(m.init()).isEqualTo(InitScheme.ORTHOGONAL);
        assertThat(m.sigmaW2()).isEqualTo(critical.init().sigmaW2()).isGreaterThan(1.0);
        assertThat(m.sigmaB2()).isEqualTo(critical.init().sigmaB2());

        RunPlan plain = RunPlan.of(SPIRALS);
        assertThat(plain.modelSpec(2, 2).init()).isEqualTo(InitScheme.XAVIER_NORMAL);
        assertThat(plain.derived()).containsEntry("init_engine", "xavier_normal");
    }

    @Test
    void normalizedResidualWithoutAWeightTakesOneForTheDepth() {
        RunSpec deep = RunSpec.of(DataSpec.parse("synthetic:spirals"), 101, 8, TANH)
                .withResidual(saturn.engine.remedy.Residual.NORMALIZED_FOR_DEPTH);
        RunPlan plan = RunPlan.of(deep);
        assertThat(plan.spec().residual().skipWeight()).isEqualTo(Math.exp(-1.0 / 100));
        assertThat(plan.modelSpec(2, 2).skipWeight()).isEqualTo(Math.exp(-1.0 / 100));
        assertThat(plan.derived()).containsEntry("skip_weight", Math.exp(-1.0 / 100));
        // a given weight stays
        RunPlan given = RunPlan.of(deep.withResidual(saturn.engine.remedy.Residual.normalized(0.9)));
        assertThat(given.spec().residual().skipWeight()).isEqualTo(0.9);
    }

    @Test
    void highwayPlanRecordsItsGateBias() {
        RunPlan plan = RunPlan.of(RunSpec.of(DataSpec.parse("synthetic:spirals"), 30, 8, TANH)
                .withResidual(saturn.engine.remedy.Residual.HIGHWAY));
        assertThat(plan.derived()).containsEntry("highway_gate_bias", saturn.engine.model.HighwayGate.biasFor(29));
    }

    @Test
    void autoRemedyGivesANormalizedResidualNetworkDksNotTat() {
        RunPlan plan = RunPlan.of(RunSpec.of(DataSpec.parse("synthetic:spirals"), 20, 8, TANH).withAutoRemedy()
                .withResidual(saturn.engine.remedy.Residual.NORMALIZED_FOR_DEPTH));
        assertThat(plan.transform().spec()).isEqualTo(saturn.engine.remedy.AutoRemedy.DKS);
        assertThat(plan.prescription().reason()).startsWith("normalized residual: DKS");
        // a chain keeps TAT
        assertThat(RunPlan.of(SPIRALS.withAutoRemedy()).transform().spec()).isEqualTo(saturn.engine.remedy.AutoRemedy.TAT);
    }
}

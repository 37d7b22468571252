package saturn.cli.analyze;

import com.fasterxml.jackson.databind.node.ObjectNode;
import saturn.cli.run.Json;
import saturn.theory.analysis.Outcome;
import saturn.theory.recurrent.ElmanMeanField;
import saturn.theory.recurrent.ElmanPoint;
import saturn.theory.recurrent.HorizonTransform;
import saturn.theory.recurrent.MemoryBias;

/**
 * The JSON form of a {@link RecurrentAnalysis}; null for undefined numbers and for absent
 * parts, whose reasons go under {@code unavailable}.
 *
 * <pre>
 * cell, activation, gate (gru/lstm), horizon, settings.{sigma_w2, sigma_u2, sigma_b2, input_variance,
 *     input_correlation, input_share, zeta, tau}
 * rnn:  mean_field.{q_star, chi, gradient_timescale, q_map_slope, phase, c_star, c_slope, correlation_timescale},
 *       critical.{sigma_w2, q_star}, transforms.{dks, tat}.{alpha, beta, delta, gamma, sigma_w2, input_share,
 *       step_slope, network_slope, network_curvature, variance_timescale}
 * gru/lstm: mean_field.{q_hidden, q_cell, memory_gain, chi, timescale},
 *       memory_bias.{gate, lower, critical, upper, recommended}, at_recommended.{...as mean_field},
 *       recurrent_scale
 * </pre>
 */
final class RecurrentJson {

    private RecurrentJson() {
    }

    static ObjectNode of(RecurrentAnalysis a) {
        ObjectNode o = Json.object();
        RecurrentAnalysis.Settings s = a.settings();
        o.put("cell", a.cell().label());
        o.put("activation", a.activation().formula());
        if (a.gate() != null) o.put("gate", a.gate().formula());
        o.put("horizon", s.horizon());
        ObjectNode settings = o.putObject("settings");
        settings.put("sigma_w2", s.sigmaW2());
        settings.put("sigma_u2", s.sigmaU2());
        settings.put("sigma_b2", s.sigmaB2());
        settings.put("input_variance", s.inputVariance());
        settings.put("input_correlation", s.inputCorrelation());
        settings.put("input_share", s.inputShare());
        settings.put("zeta", s.zeta());
        settings.put("tau", s.tau());
        ObjectNode unavailable = Json.object();
        if (a.cell() == RecurrentOptions.Cell.RNN) {
            rnn(o, a, unavailable);
        } else {
            gated(o, a, unavailable);
        }
        if (!unavailable.isEmpty()) o.set("unavailable", unavailable);
        return o;
    }

    private static void rnn(ObjectNode o, RecurrentAnalysis a, ObjectNode unavailable) {
        ElmanPoint p = a.rnn();
        ObjectNode mf = o.putObject("mean_field");
        Json.putFinite(mf, "q_star", p.qStar());
        Json.putFinite(mf, "chi", p.chi());
        Json.putFinite(mf, "gradient_timescale", p.gradientTimescale());
        Json.putFinite(mf, "q_map_slope", p.qSlope());
        mf.put("phase", p.phase().label());
        Json.putFinite(mf, "c_star", p.cStar());
        Json.putFinite(mf, "c_slope", p.cSlope());
        Json.putFinite(mf, "correlation_timescale", p.correlationTimescale());
        Outcome<ElmanMeanField> c = a.critical();
        if (c.isPresent()) {
            ObjectNode critical = o.putObject("critical");
            Json.putFinite(critical, "sigma_w2", c.value().sigmaW2());
            Json.putFinite(critical, "q_star", c.value().fixedPointQ());
        } else {
            o.putNull("critical");
            unavailable.put("critical", c.reason());
        }
        ObjectNode transforms = o.putObject("transforms");
        transform(transforms, unavailable, "dks", a.dks());
        transform(transforms, unavailable, "tat", a.tat());
    }

    private static void transform(ObjectNode parent, ObjectNode unavailable, String name, Outcome<HorizonTransform> t) {
        if (!t.isPresent()) {
            parent.putNull(name);
            unavailable.put(name, t.reason());
            return;
        }
        HorizonTransform h = t.value();
        ObjectNode o = parent.putObject(name);
        Json.putFinite(o, "alpha", h.transform().alpha());
        Json.putFinite(o, "beta", h.transform().beta());
        Json.putFinite(o, "delta", h.transform().delta());
        Json.putFinite(o, "gamma", h.transform().gamma());
        Json.putFinite(o, "sigma_w2", h.sigmaW2());
        Json.putFinite(o, "input_share", h.inputShare());
        Json.putFinite(o, "step_slope", h.stepSlope());
        Json.putFinite(o, "network_slope", h.networkSlope());
        Json.putFinite(o, "network_curvature", h.networkCurvature());
        Json.putFinite(o, "variance_timescale", h.varianceTimescale());
    }

    private static void gated(ObjectNode o, RecurrentAnalysis a, ObjectNode unavailable) {
        point(o.putObject("mean_field"), a.gated());
        Outcome<MemoryBias> b = a.memoryBias();
        if (b.isPresent()) {
            MemoryBias m = b.value();
            ObjectNode bias = o.putObject("memory_bias");
            bias.put("gate", m.gate());
            Json.putFinite(bias, "lower", m.lower());
            Json.putFinite(bias, "critical", m.critical());
            Json.putFinite(bias, "upper", m.upper());
            Json.putFinite(bias, "recommended", m.recommended());
        } else {
            o.putNull("memory_bias");
            unavailable.put("memory_bias", b.reason());
        }
        if (a.atRecommended() != null) point(o.putObject("at_recommended"), a.atRecommended());
        else o.putNull("at_recommended");
        if (a.recurrentScale().isPresent()) {
            Json.putFinite(o, "recurrent_scale", a.recurrentScale().value());
        } else {
            o.putNull("recurrent_scale");
            unavailable.put("recurrent_scale", a.recurrentScale().reason());
        }
    }

    private static void point(ObjectNode o, RecurrentAnalysis.Gated g) {
        Json.putFinite(o, "memory_bias", g.memoryBias());
        Json.putFinite(o, "q_hidden", g.qHidden());
        Json.putFinite(o, "q_cell", g.qCell());
        Json.putFinite(o, "memory_gain", g.memoryGain());
        Json.putFinite(o, "chi", g.chi());
        Json.putFinite(o, "timescale", g.timescale());
    }
}

package saturn.cli.analyze;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import saturn.cli.run.Json;
import saturn.theory.Activation;
import saturn.theory.analysis.Analysis;
import saturn.theory.analysis.Outcome;
import saturn.theory.jacobian.JacobianSpectrum;
import saturn.theory.jacobian.SingularValueMoments;
import saturn.theory.meanfield.CriticalPoint;
import saturn.theory.meanfield.MeanFieldPoint;
import saturn.theory.meanfield.Moments;
import saturn.theory.transform.ActivationTransform;

/** The JSON form of an {@link Analysis}: the documented fields first, extras after; null for undefined. */
final class AnalysisJson {

    private AnalysisJson() {
    }

    static ObjectNode of(Analysis a, Activation activation) {
        ObjectNode o = Json.object();
        o.put("activation", a.activation());
        o.put("name", activation.name());

        Moments m = a.moments();
        ObjectNode moments = o.putObject("moments");
        Json.putFinite(moments, "mean", m.mean());
        Json.putFinite(moments, "second_moment", m.secondMoment());
        Json.putFinite(moments, "variance", m.variance());
        Json.putFinite(moments, "gamma", m.gamma());

        MeanFieldPoint p = a.meanField();
        ObjectNode mf = o.putObject("mean_field");
        Json.putFinite(mf, "sigma_w2", p.sigmaW2());
        Json.putFinite(mf, "sigma_b2", p.sigmaB2());
        Json.putFinite(mf, "q_star", p.qStar());
        Json.putFinite(mf, "c_star", p.cStar());
        Json.putFinite(mf, "chi1", p.chi1());
        Json.putFinite(mf, "xi_q", p.xiQ());
        Json.putFinite(mf, "xi_c", p.xiC());
        mf.put("phase", p.phase().label());
        mf.put("degenerate", AnalysisReport.degenerate(p));
        Json.putFinite(mf, "trainable_depth", p.trainableDepth());
        Json.putFinite(mf, "q_map_slope", p.qSlope());
        Json.putFinite(mf, "c_map_slope", p.cSlope());

        ObjectNode critical = o.putObject("critical");
        Outcome<CriticalPoint> c = a.critical();
        if (c.isPresent()) {
            Json.putFinite(critical, "sigma_b2", c.value().sigmaB2());
            Json.putFinite(critical, "sigma_w2", c.value().sigmaW2());
            Json.putFinite(critical, "q_star", c.value().qStar());
        } else {
            critical.put("sigma_b2", a.options().qStar().isPresent() ? null : a.options().sigmaB2());
            critical.putNull("sigma_w2");
            if (a.options().qStar().isPresent()) critical.put("q_star", a.options().qStar().getAsDouble());
            else critical.putNull("q_star");
            critical.put("reason", c.reason());
        }

        ObjectNode jac = jacobian(o.putObject("jacobian"), a.jacobian());
        if (a.criticalJacobian().isPresent()) jacobian(jac.putObject("at_critical"), a.criticalJacobian().value());

        ObjectNode transforms = o.putObject("transforms");
        ObjectNode unavailable = Json.object();
        transform(transforms, unavailable, "dks", a.dks());
        transform(transforms, unavailable, "tat", a.tat());
        transform(transforms, unavailable, "normalized", a.normalized());
        transforms.put("zeta", a.options().zeta());
        transforms.put("tau", a.options().tau());
        if (!unavailable.isEmpty()) transforms.set("unavailable", unavailable);

        ObjectNode extra = o.putObject("activation_info");
        extra.put("derivative", activation.derivative().formula());
        extra.put("smooth", activation.isSmooth());
        ArrayNode kinks = extra.putArray("kinks");
        for (double k : activation.kinks()) kinks.add(k);
        Json.putFinite(extra, "max_abs_derivative", activation.maxAbsDerivative());
        Json.putFinite(extra, "variance_preserving_sigma_w2", a.variancePreservingSigmaW2());
        o.set("advice", Advice.of(activation, a).json());
        return o;
    }

    private static ObjectNode jacobian(ObjectNode j, JacobianSpectrum s) {
        j.put("depth", s.depth());
        Json.putFinite(j, "sigma_w2", s.sigmaW2());
        Json.putFinite(j, "q_star", s.qStar());
        moments(j.putObject("orthogonal"), s.orthogonal());
        moments(j.putObject("gaussian"), s.gaussian());
        Json.putFinite(j, "chi1", s.chi1());
        Json.putFinite(j, "mu1", s.mu1());
        Json.putFinite(j, "mu2", s.mu2());
        return j;
    }

    private static void moments(ObjectNode o, SingularValueMoments m) {
        Json.putFinite(o, "mean", m.mean());
        Json.putFinite(o, "variance", m.variance());
    }

    private static void transform(ObjectNode parent, ObjectNode unavailable, String name, Outcome<ActivationTransform> t) {
        if (!t.isPresent()) {
            parent.putNull(name);
            unavailable.put(name, t.reason());
            return;
        }
        ActivationTransform v = t.value();
        ObjectNode o = parent.putObject(name);
        Json.putFinite(o, "alpha", v.alpha());
        Json.putFinite(o, "beta", v.beta());
        Json.putFinite(o, "delta", v.delta());
        Json.putFinite(o, "gamma", v.gamma());
        Json.putFinite(o, "max_slope", v.maxSlope());
    }
}

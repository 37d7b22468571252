package saturn.engine.train;

/** A line of {@code metrics.jsonl} for one evaluation on the test set, after step {@code step}, {@code "kind": "eval"}. */
public record EvalLine(long step, double testLoss, double testAccuracy) {

    public String toJson() {
        return new JsonLine().put("step", step).put("kind", "eval").put("test_loss", testLoss).put("test_accuracy", testAccuracy).toString();
    }
}

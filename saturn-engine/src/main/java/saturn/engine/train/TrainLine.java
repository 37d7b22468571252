package saturn.engine.train;

/**
 * A line of {@code metrics.jsonl} for one training step (loss and accuracy on its batch, before
 * the update), {@code "kind": "train"}.
 */
public record TrainLine(long step, int epoch, double loss, double accuracy, double lr, double wallSeconds) {

    public String toJson() {
        return new JsonLine().put("step", step).put("kind", "train").put("epoch", epoch).put("loss", loss).put("accuracy", accuracy)
                .put("lr", lr).put("wall_seconds", wallSeconds).toString();
    }
}

/**
 * The library's training run, the same API the {@code saturn train} command uses:
 * {@link saturn.engine.run.RunSpec} (every choice as a typed value) →
 * {@link saturn.engine.run.RunPlan#of} (checked; the remedy, transform, initialization and
 * learning rate resolved) → {@link saturn.engine.run.TrainingRun#open} (data preprocessed,
 * model built, optimizer and trainer ready) → {@link saturn.engine.run.TrainingRun#train}
 * and {@link saturn.engine.run.TrainingRun#evaluate}.
 * <pre>{@code
 * RunSpec spec = RunSpec.of(DataSpec.parse("synthetic:spirals"), 8, 32, Activation.parse("tanh")).withAutoRemedy();
 * TrainingRun run = TrainingRun.open(RunPlan.of(spec), DataLoader.system().load(spec.data(), null), dir);
 * run.train(new StopRequest(), TrainListener.none());
 * double accuracy = run.evaluate().accuracy();
 * }</pre>
 * The run directory gets {@code metrics.jsonl}, {@code diagnostics.jsonl} and
 * {@code checkpoints/} (docs/library.md, examples/TrainSpirals.java).
 */
package saturn.engine.run;

/**
 * The training loop: {@link saturn.engine.train.Trainer} runs steps with a budget
 * ({@link saturn.engine.train.Budget}), logs metrics and diagnostics, evaluates
 * ({@link saturn.engine.train.Evaluation}), writes checkpoints, stops on request
 * ({@link saturn.engine.train.StopRequest}) or on divergence, and resumes. A program
 * usually reaches it through {@code saturn.engine.run.TrainingRun}.
 */
package saturn.engine.train;

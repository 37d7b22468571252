/**
 * The gain controller ({@code saturn train --control}): acting on a network while it trains
 * from what each diagnosed step measured — per-layer output gains steered toward a backward
 * gain of 1 ({@link saturn.engine.control.GainController}, {@link saturn.engine.control.GainHandle}),
 * per-layer learning-rate factors from gradient-to-weight ratios
 * ({@link saturn.engine.control.ControlledRates}), and an orthogonality penalty on the weight
 * matrices ({@link saturn.engine.control.IsometryPenalty}).
 */
package saturn.engine.control;

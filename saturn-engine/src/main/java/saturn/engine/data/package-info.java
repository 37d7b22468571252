/**
 * Training data: reading, finding, preprocessing and batching.
 *
 * <p>Typical use by the trainer:
 * <pre>{@code
 * Split raw = DatasetResolver.system().resolve(datasetArg, dataDirOrNull); // DataException -> exit 2
 * log(raw.source());                                    // says when the embedded subset was used
 * Preprocessed p = Preprocessing.parse(option).apply(raw); // statistics from the training set only
 * config.put("preprocessing", p.stats().summary());
 * BatchIterator batches = new BatchIterator(p.split().train(), batchSize, seed);
 * float[] x = new float[batchSize * features]; int[] y = new int[batchSize];
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     batches.startEpoch(epoch);
 *     int rows;
 *     while ((rows = batches.next(x, y)) > 0) { ... }   // last batch may have rows < batchSize
 * }
 * }</pre>
 *
 * <p>Sources: {@link saturn.engine.data.IdxReader} (MNIST-family IDX, gzip detected by
 * magic), {@link saturn.engine.data.CsvReader}, {@link saturn.engine.data.Spirals},
 * {@link saturn.engine.data.TeacherTask}, the embedded Fashion-MNIST t10k subset
 * ({@link saturn.engine.data.EmbeddedFashionMnist}) and verified downloads
 * ({@link saturn.engine.data.IdxDownloader}); {@link saturn.engine.data.DatasetResolver}
 * documents the search order. Every user-facing failure is a one-line
 * {@link saturn.engine.data.DataException}.
 */
package saturn.engine.data;

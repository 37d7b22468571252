package saturn.cli.options;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for {@code saturn train}'s options, one per option, each parsing through
 * {@link OptionText}: bad text becomes picocli's {@link TypeConversionException}, reported as
 * one line with exit code 2.
 */
public final class Converters {

    private Converters() {
    }

    /** Parses option {@code key}'s text. */
    abstract static class Of implements ITypeConverter<Object> {

        private final String key;

        Of(String key) {
            this.key = key;
        }

        @Override
        public Object convert(String text) {
            try {
                return OptionText.parse(key, text);
            } catch (BadInputException | IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    public static final class Data extends Of {
        public Data() {
            super("data");
        }
    }

    public static final class Preprocess extends Of {
        public Preprocess() {
            super("preprocess");
        }
    }

    public static final class Depth extends Of {
        public Depth() {
            super("depth");
        }
    }

    public static final class Width extends Of {
        public Width() {
            super("width");
        }
    }

    public static final class Activation extends Of {
        public Activation() {
            super("activation");
        }
    }

    public static final class Layer extends Of {
        public Layer() {
            super("layer");
        }
    }

    public static final class Sequence extends Of {
        public Sequence() {
            super("sequence");
        }
    }

    public static final class Gate extends Of {
        public Gate() {
            super("gate");
        }
    }

    public static final class GateBias extends Of {
        public GateBias() {
            super("gate-bias");
        }
    }

    public static final class RbfNorm extends Of {
        public RbfNorm() {
            super("rbf-norm");
        }
    }

    public static final class Remedy extends Of {
        public Remedy() {
            super("remedy");
        }
    }

    public static final class Init extends Of {
        public Init() {
            super("init");
        }
    }

    public static final class Transform extends Of {
        public Transform() {
            super("transform");
        }
    }

    public static final class Norm extends Of {
        public Norm() {
            super("norm");
        }
    }

    public static final class Residual extends Of {
        public Residual() {
            super("residual");
        }
    }

    public static final class Optimizer extends Of {
        public Optimizer() {
            super("optimizer");
        }
    }

    public static final class Lr extends Of {
        public Lr() {
            super("lr");
        }
    }

    public static final class LrLayers extends Of {
        public LrLayers() {
            super("lr-layers");
        }
    }

    public static final class Control extends Of {
        public Control() {
            super("control");
        }
    }

    public static final class Clip extends Of {
        public Clip() {
            super("clip");
        }
    }

    public static final class Schedule extends Of {
        public Schedule() {
            super("schedule");
        }
    }

    public static final class Batch extends Of {
        public Batch() {
            super("batch");
        }
    }

    public static final class Epochs extends Of {
        public Epochs() {
            super("epochs");
        }
    }

    public static final class MaxSteps extends Of {
        public MaxSteps() {
            super("max-steps");
        }
    }

    public static final class Seed extends Of {
        public Seed() {
            super("seed");
        }
    }

    public static final class Threads extends Of {
        public Threads() {
            super("threads");
        }
    }

    public static final class EvalEvery extends Of {
        public EvalEvery() {
            super("eval-every");
        }
    }

    public static final class DiagEvery extends Of {
        public DiagEvery() {
            super("diag-every");
        }
    }

    public static final class CheckpointEvery extends Of {
        public CheckpointEvery() {
            super("checkpoint-every");
        }
    }
}

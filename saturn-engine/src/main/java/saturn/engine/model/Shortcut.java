package saturn.engine.model;

/** Shortcut connections around the hidden layers of an MLP spec. */
public enum Shortcut {
    NONE,
    /** {@code √(1−w²)·F(x) + w·x} around each hidden layer of constant width. */
    NORMALIZED,
    /** {@code x + α·F(x)}, α learnable from 0. */
    REZERO,
    /** Gated highway layers {@code T·H(x) + (1−T)·x}. */
    HIGHWAY
}

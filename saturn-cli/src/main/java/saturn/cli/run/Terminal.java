package saturn.cli.run;

/** Whether the output is an interactive terminal, where a progress bar may redraw itself. */
public final class Terminal {

    private Terminal() {
    }

    /**
     * True when standard input and output are a terminal. Since JDK 22 {@link System#console()}
     * exists even when the output is redirected; {@link java.io.Console#isTerminal()} tells.
     */
    public static boolean interactive() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }
}

package dev.conftekton.tekton.interceptor.internal;

/**
 * A {@link CharSequence} that allows a bounded number of character reads, so that a regular
 * expression with catastrophic backtracking stops with {@link BudgetExceeded} instead of spinning.
 */
public final class BudgetedText implements CharSequence {
    /** Thrown when the match used up its budget. */
    public static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("regular expression exceeded its evaluation budget", null, false, false);
        }
    }

    private final String text;
    private final int offset;
    private final int length;
    private final long[] budget;

    public BudgetedText(String text, long budget) {
        this(text, 0, text.length(), new long[] {budget});
    }

    private BudgetedText(String text, int offset, int length, long[] budget) {
        this.text = text;
        this.offset = offset;
        this.length = length;
        this.budget = budget;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public char charAt(int index) {
        if (--budget[0] < 0) {
            throw new BudgetExceeded();
        }
        return text.charAt(offset + index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new BudgetedText(text, offset + start, end - start, budget);
    }

    @Override
    public String toString() {
        return text.substring(offset, offset + length);
    }
}

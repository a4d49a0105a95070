package dev.conftekton.confluence.model;

import java.util.List;
import java.util.Objects;

/** Validation shared by the model records. */
final class Checks {
    private Checks() {}

    static String requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    static int requirePositive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be 1 or more but was " + value);
        }
        return value;
    }
}

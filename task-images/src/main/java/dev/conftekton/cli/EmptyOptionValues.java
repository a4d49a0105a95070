package dev.conftekton.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Stack;
import java.util.regex.Pattern;
import picocli.CommandLine.IParameterPreprocessor;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Treats {@code --option=} (an attached empty value) as an option not given at all, so catalog tasks
 * can pass optional Tekton params, which default to {@code ""}, as {@code --option=$(params.x)}
 * without a script. Applied as the command-level preprocessor of the commands the tasks run; it only
 * drops arguments naming an option of that command. {@code --log-cell=} is kept: an empty cell is a
 * value.
 */
public final class EmptyOptionValues implements IParameterPreprocessor {
    private static final Pattern EMPTY = Pattern.compile("--[A-Za-z0-9][A-Za-z0-9-]*=");
    private static final Set<String> EMPTY_IS_A_VALUE = Set.of("--log-cell");

    @Override
    public boolean preprocess(Stack<String> args, CommandSpec command, ArgSpec argSpec, Map<String, Object> info) {
        List<String> kept = new ArrayList<>(args.size());
        for (String arg : args) {
            if (EMPTY.matcher(arg).matches()) {
                String name = arg.substring(0, arg.length() - 1);
                if (command.findOption(name) != null && !EMPTY_IS_A_VALUE.contains(name)) {
                    continue;
                }
            }
            kept.add(arg);
        }
        args.clear();
        args.addAll(kept);
        return false;
    }
}

package dev.conftekton.benchmarks.startup;

import java.util.List;
import java.util.concurrent.Callable;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The least a task step built on conftekton's libraries can do: picocli parses one option and OkHttp
 * (cleartext only, no TLS set up) sends one GET. {@code task-startup} runs it from the CLI jar's
 * libraries with its own CDS archive, to show what the stack costs before any conftekton code runs.
 */
@Command(name = "stack-floor")
public final class StackFloor implements Callable<Integer> {
    @Option(names = "--url", required = true, description = "URL to GET")
    String url;

    @Override
    public Integer call() throws Exception {
        OkHttpClient client = new OkHttpClient.Builder()
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .build();
        try (Response r = client.newCall(new Request.Builder().url(url).build()).execute()) {
            System.out.println("HTTP " + r.code() + ", " + r.body().bytes().length + " bytes");
        }
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new StackFloor()).execute(args));
    }
}

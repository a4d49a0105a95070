package dev.conftekton.benchmarks.identity;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.conftekton.benchmarks.Figures;
import dev.conftekton.benchmarks.Run;
import dev.conftekton.benchmarks.Scenario;
import dev.conftekton.identity.verify.JwtVerifier;
import dev.conftekton.testkit.oidc.OidcIssuer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code token-verify}: verifications per second through {@link JwtVerifier} and through plain
 * nimbus ({@link DefaultJWTProcessor} with an in-memory JWKS and the same claim checks) on the same
 * tokens, in alternating rounds of the same run, plus the JWKS fetches after warm-up.
 *
 * <p>Options: {@code --alg RS256|ES256|PS256...} (default RS256), {@code --tokens N} distinct
 * tokens (default 1000), {@code --threads N} (default 1).
 */
public final class TokenVerifyScenario implements Scenario {
    private static final String AUDIENCE = "conftekton";
    private static final Duration ROUND = Duration.ofMillis(500);

    @Override
    public String name() {
        return "token-verify";
    }

    @Override
    public String description() {
        return "JWT verifications/s, JwtVerifier vs plain nimbus (goal ratio_vs_nimbus >= 0.9, "
                + "jwks_fetches_after_warmup = 0); --alg, --tokens, --threads";
    }

    @Override
    public void run(Run run, Figures figures) throws Exception {
        String alg = run.option("alg", "RS256");
        int count = run.intOption("tokens", 1000);
        int threads = run.intOption("threads", 1);
        if (count < 1 || threads < 1) {
            throw new IllegalArgumentException("--tokens and --threads must be at least 1");
        }
        try (OidcIssuer issuer = OidcIssuer.builder().build().start()) {
            List<String> tokens = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                tokens.add(issuer.mint()
                        .subject("user-" + i)
                        .audience(AUDIENCE)
                        .claim("groups", List.of("writers"))
                        .algorithm(alg)
                        .expiresIn(Duration.ofHours(2))
                        .sign());
            }
            JwtVerifier ours = JwtVerifier.builder()
                    .issuer(issuer.issuerUrl())
                    .audience(AUDIENCE)
                    .algorithms(alg)
                    .build();
            DefaultJWTProcessor<SecurityContext> nimbus = plainNimbus(issuer, alg);

            Verifier oursCall = t -> ours.verify(t).subject();
            Verifier nimbusCall = t -> nimbus.process(t, null).getSubject();
            run.out()
                    .printf(
                            "   %d %s tokens of %d characters, %d thread(s)%n",
                            count, alg, tokens.get(0).length(), threads);

            // Warm-up: both paths, alternating, so that the JIT sees both.
            long warmEnd = System.nanoTime() + run.warmup().toNanos();
            do {
                measure(oursCall, tokens, threads, ROUND);
                measure(nimbusCall, tokens, threads, ROUND);
            } while (System.nanoTime() < warmEnd);
            issuer.resetRequestCounts();
            long fetchesBefore = ours.jwksFetchCount();

            long oursOps = 0;
            long nimbusOps = 0;
            long oursNanos = 0;
            long nimbusNanos = 0;
            long end = System.nanoTime() + run.measure().toNanos();
            do {
                long t0 = System.nanoTime();
                oursOps += measure(oursCall, tokens, threads, ROUND);
                long t1 = System.nanoTime();
                nimbusOps += measure(nimbusCall, tokens, threads, ROUND);
                long t2 = System.nanoTime();
                oursNanos += t1 - t0;
                nimbusNanos += t2 - t1;
            } while (System.nanoTime() < end);

            double oursRate = oursOps / (oursNanos / 1e9);
            double nimbusRate = nimbusOps / (nimbusNanos / 1e9);
            figures.put("verifications_per_second", oursRate);
            figures.put("nimbus_verifications_per_second", nimbusRate);
            figures.put("ratio_vs_nimbus", oursRate / nimbusRate);
            figures.put("jwks_fetches_after_warmup", issuer.requestCount("jwks"));
            figures.put("discovery_fetches_after_warmup", issuer.requestCount("discovery"));
            figures.put("jwks_fetch_attempts_after_warmup", ours.jwksFetchCount() - fetchesBefore);
        }
    }

    private interface Verifier {
        String verify(String token) throws Exception;
    }

    /** nimbus as its documentation sets it up: key selector, JWKS in memory, claim checks. */
    private static DefaultJWTProcessor<SecurityContext> plainNimbus(OidcIssuer issuer, String alg) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(
                new JWSVerificationKeySelector<>(JWSAlgorithm.parse(alg), new ImmutableJWKSet<>(keys(issuer))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                AUDIENCE,
                new JWTClaimsSet.Builder().issuer(issuer.issuerUrl()).build(),
                Set.of("exp", "iat", "iss", "sub")));
        return processor;
    }

    private static JWKSet keys(OidcIssuer issuer) {
        try {
            return JWKSet.parse(issuer.jwksJson());
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Verifies tokens round-robin on {@code threads} threads for {@code duration}; returns the count. */
    private static long measure(Verifier verifier, List<String> tokens, int threads, Duration duration)
            throws Exception {
        long deadline = System.nanoTime() + duration.toNanos();
        if (threads == 1) {
            return loop(verifier, tokens, 0, deadline);
        }
        List<Thread> workers = new ArrayList<>();
        long[] counts = new long[threads];
        Exception[] failure = new Exception[1];
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                try {
                    counts[id] = loop(verifier, tokens, id * 7919, deadline);
                } catch (Exception e) {
                    failure[0] = e;
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }

    private static long loop(Verifier verifier, List<String> tokens, int offset, long deadline) throws Exception {
        long n = 0;
        int size = tokens.size();
        int i = offset % size;
        while (true) {
            for (int k = 0; k < 64; k++) {
                if (verifier.verify(tokens.get(i)) == null) {
                    throw new IllegalStateException("verification returned no subject");
                }
                i = i + 1 == size ? 0 : i + 1;
                n++;
            }
            if (System.nanoTime() >= deadline) {
                return n;
            }
        }
    }
}

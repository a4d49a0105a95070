package dev.conftekton.cli.token;

import com.nimbusds.jose.util.JSONObjectUtils;
import dev.conftekton.cli.AuditLog;
import dev.conftekton.cli.ExitCodes;
import dev.conftekton.cli.InputFiles;
import dev.conftekton.identity.policy.Authorizer;
import dev.conftekton.identity.policy.Decision;
import dev.conftekton.identity.policy.Policy;
import dev.conftekton.identity.policy.PolicyException;
import dev.conftekton.identity.policy.Principal;
import dev.conftekton.identity.verify.JwtVerifier;
import dev.conftekton.identity.verify.TokenVerificationException;
import dev.conftekton.identity.verify.VerifiedIdentity;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conftekton token verify}: verifies a JWT like a receiving service would and optionally
 * asks a policy whether its holder may do something. Prints the verified identity (and decision)
 * as JSON on standard output, never the token.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verify a JWT (signature, issuer, audience, lifetime, type) and print who it speaks for as JSON.",
            "With --policy, --action and --resource, also decide whether that identity may do it.",
            "Exits 0 when valid (and allowed), 1 when invalid or denied (the reason on stderr)."
        },
        footer = TokenCommand.FOOTER)
final class TokenVerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--issuer", required = true, paramLabel = "URL", description = "The issuer to accept (iss).")
    String issuer;

    @Option(
            names = "--audience",
            required = true,
            paramLabel = "AUD",
            description = "An accepted audience (aud); repeatable.")
    List<String> audiences;

    @Option(
            names = "--jwks",
            paramLabel = "FILE|URL",
            description = "The issuer's keys: a JWKS file, or its URL; default: found through OIDC discovery.")
    String jwks;

    @Option(names = "--policy", paramLabel = "FILE", description = "A policy file (YAML) to decide with.")
    Path policy;

    @Option(names = "--action", paramLabel = "A", description = "The action to decide, such as page:write.")
    String action;

    @Option(names = "--resource", paramLabel = "R", description = "The resource, such as confluence:space/DOCS.")
    String resource;

    @Option(
            names = "--audit-log",
            paramLabel = "FILE",
            description = "Append the policy decision to FILE as a JSON line (identity, action, resource, reason).")
    Path auditLog;

    @Option(
            names = "--correlation",
            paramLabel = "NAME=VALUE",
            description = "A correlation id for the audit event, such as pipelineRun=deploy-42; repeatable.")
    Map<String, String> correlation = new LinkedHashMap<>();

    @Parameters(
            index = "0",
            paramLabel = "TOKEN|@FILE|-",
            description = "The token, @ and a file holding it, or - for standard input (preferred: arguments"
                    + " show in process listings).")
    String token;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if ((policy == null) != (action == null) || (policy == null) != (resource == null)) {
            err.println("conftekton token verify: --policy, --action and --resource go together");
            err.flush();
            return ExitCodes.USAGE;
        }
        String raw;
        Policy loaded = null;
        JwtVerifier verifier;
        try {
            raw = TokenInput.read(token, System.in);
            if (policy != null) {
                loaded = Policy.load(policy);
            }
            JwtVerifier.Builder b = JwtVerifier.builder().issuer(issuer).audience(audiences.toArray(String[]::new));
            if (jwks != null) {
                if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
                    b.jwksUri(URI.create(jwks));
                } else {
                    b.jwks(InputFiles.read(Path.of(jwks), "--jwks", InputFiles.MAX_JWKS_BYTES));
                }
            }
            verifier = b.build();
        } catch (IOException e) {
            return usage(err, "cannot read " + e.getMessage());
        } catch (PolicyException | IllegalArgumentException e) {
            return usage(err, e.getMessage());
        }

        VerifiedIdentity identity;
        try {
            identity = verifier.verify(raw);
        } catch (TokenVerificationException e) {
            err.println("conftekton token verify: " + e.getMessage());
            err.flush();
            return e.reason() == TokenVerificationException.Reason.KEYS_UNAVAILABLE
                    ? ExitCodes.REMOTE_FAILURE
                    : ExitCodes.CONDITION_FALSE;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("valid", true);
        json.put("identity", identityJson(identity));
        Decision decision = null;
        if (loaded != null) {
            Principal principal = Principal.of(identity);
            decision = Authorizer.builder()
                    .policy(loaded)
                    .auditSink(AuditLog.to(auditLog))
                    .build()
                    .decide(principal, action, resource, correlation);
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("action", action);
            d.put("resource", resource);
            d.put("allowed", decision.allowed());
            d.put("reason", decision.reason());
            d.put("rule", decision.rule());
            json.put("decision", d);
        }
        out.println(JSONObjectUtils.toJSONString(json));
        out.flush();
        if (decision != null && !decision.allowed()) {
            err.println("conftekton token verify: denied: " + decision.reason());
            err.flush();
            return ExitCodes.CONDITION_FALSE;
        }
        return ExitCodes.OK;
    }

    private static Map<String, Object> identityJson(VerifiedIdentity v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("issuer", v.issuer());
        m.put("subject", v.subject());
        m.put("audience", v.audience());
        m.put("expiresAt", v.expiresAt() == null ? null : v.expiresAt().toString());
        m.put("issuedAt", v.issuedAt() == null ? null : v.issuedAt().toString());
        m.put("groups", v.groups());
        m.put("scopes", List.copyOf(new java.util.TreeSet<>(v.scopes())));
        m.put("clientId", v.clientId());
        v.kubernetesNamespace().ifPresent(ns -> m.put("kubernetesNamespace", ns));
        v.kubernetesServiceAccountName().ifPresent(sa -> m.put("kubernetesServiceAccount", sa));
        return m;
    }

    private static int usage(PrintWriter err, String message) {
        err.println("conftekton token verify: " + message);
        err.flush();
        return ExitCodes.USAGE;
    }
}

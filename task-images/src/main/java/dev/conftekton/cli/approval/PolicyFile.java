package dev.conftekton.cli.approval;

import dev.conftekton.confluence.approval.ApprovalPolicy;
import dev.conftekton.confluence.approval.PolicyGroupResolver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The approval policy file (YAML). Every key is optional; flags given on the command line win.
 *
 * <pre>
 * requiredApprovals: 2
 * approvers:
 *   groups: [release-managers]          # Confluence groups
 *   accounts: ["5b10ac8d82e05b22cc7d4ef5"]
 *   policyGroups: [sre-oncall]          # identity-policy groups, mapped below
 * identityGroups:
 *   sre-oncall: ["557058:f58131cb-b67d-43c7-b30d-6b58d40bd077"]
 * fourEyes: true
 * fourEyesBaselineVersion: 0
 * expireOnEdit: true
 * expectDigest: sha256:...
 * requirePinnedDigest: false
 * space: OPS
 * ancestor: "98765"
 * contentState: Approved
 * excludeAccounts: []
 * allowAppAccounts: false
 * releaseRecordKey: conftekton-release
 * </pre>
 */
final class PolicyFile {
    static final int MAX_BYTES = 256 * 1024;
    private static final Set<String> KEYS = Set.of(
            "requiredApprovals",
            "approvers",
            "identityGroups",
            "fourEyes",
            "fourEyesBaselineVersion",
            "expireOnEdit",
            "expectDigest",
            "requirePinnedDigest",
            "space",
            "ancestor",
            "contentState",
            "excludeAccounts",
            "allowAppAccounts",
            "releaseRecordKey");

    final ApprovalPolicy.Builder policy = ApprovalPolicy.builder();
    final Map<String, Set<String>> identityGroups = new HashMap<>();
    String releaseRecordKey;

    static PolicyFile empty() {
        return new PolicyFile();
    }

    static PolicyFile load(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalArgumentException("policy file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read policy file " + file + ": " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    static PolicyFile parse(String text, String source) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setNestingDepthLimit(10);
        options.setCodePointLimit(MAX_BYTES);
        Object root;
        try {
            root = new Yaml(new SafeConstructor(options)).load(text);
        } catch (YAMLException e) {
            throw new IllegalArgumentException("policy file " + source + " is not valid YAML: " + e.getMessage(), e);
        }
        PolicyFile f = new PolicyFile();
        if (root == null) {
            return f;
        }
        Map<?, ?> m = map(root, source, "the top level");
        for (Object k : m.keySet()) {
            if (!KEYS.contains(String.valueOf(k))) {
                throw new IllegalArgumentException("policy file " + source + ": unknown key '" + k + "' (known: "
                        + String.join(", ", new java.util.TreeSet<>(KEYS)) + ")");
            }
        }
        if (m.containsKey("requiredApprovals")) {
            f.policy.requiredApprovals(integer(m.get("requiredApprovals"), source, "requiredApprovals"));
        }
        if (m.containsKey("approvers")) {
            Map<?, ?> a = map(m.get("approvers"), source, "approvers");
            for (Object k : a.keySet()) {
                switch (String.valueOf(k)) {
                    case "groups" -> f.policy.approverGroups(strings(a.get(k), source, "approvers.groups"));
                    case "accounts" -> f.policy.approverAccountIds(strings(a.get(k), source, "approvers.accounts"));
                    case "policyGroups" -> f.policy.policyGroups(strings(a.get(k), source, "approvers.policyGroups"));
                    default ->
                        throw new IllegalArgumentException("policy file " + source + ": unknown key 'approvers." + k
                                + "' (known: groups, accounts, policyGroups)");
                }
            }
        }
        if (m.containsKey("identityGroups")) {
            Map<?, ?> g = map(m.get("identityGroups"), source, "identityGroups");
            for (Map.Entry<?, ?> e : g.entrySet()) {
                String group = String.valueOf(e.getKey());
                for (String account : strings(e.getValue(), source, "identityGroups." + group)) {
                    f.identityGroups
                            .computeIfAbsent(account, x -> new LinkedHashSet<>())
                            .add(group);
                }
            }
        }
        if (m.containsKey("fourEyes")) {
            f.policy.fourEyes(bool(m.get("fourEyes"), source, "fourEyes"));
        }
        if (m.containsKey("fourEyesBaselineVersion")) {
            f.policy.fourEyesBaselineVersion(
                    integer(m.get("fourEyesBaselineVersion"), source, "fourEyesBaselineVersion"));
        }
        if (m.containsKey("expireOnEdit")) {
            f.policy.expireOnEdit(bool(m.get("expireOnEdit"), source, "expireOnEdit"));
        }
        if (m.containsKey("expectDigest")) {
            f.policy.expectedDigest(text(m.get("expectDigest"), source, "expectDigest"));
        }
        if (m.containsKey("requirePinnedDigest")) {
            f.policy.requirePinnedDigest(bool(m.get("requirePinnedDigest"), source, "requirePinnedDigest"));
        }
        if (m.containsKey("space")) {
            f.policy.expectedSpaceKey(text(m.get("space"), source, "space"));
        }
        if (m.containsKey("ancestor")) {
            f.policy.expectedAncestorId(text(m.get("ancestor"), source, "ancestor"));
        }
        if (m.containsKey("contentState")) {
            f.policy.contentStateName(text(m.get("contentState"), source, "contentState"));
        }
        if (m.containsKey("excludeAccounts")) {
            f.policy.excludedAccountIds(strings(m.get("excludeAccounts"), source, "excludeAccounts"));
        }
        if (m.containsKey("allowAppAccounts")) {
            f.policy.allowAppAccounts(bool(m.get("allowAppAccounts"), source, "allowAppAccounts"));
        }
        if (m.containsKey("releaseRecordKey")) {
            f.releaseRecordKey = text(m.get("releaseRecordKey"), source, "releaseRecordKey");
        }
        return f;
    }

    PolicyGroupResolver resolver() {
        Map<String, Set<String>> copy = Map.copyOf(identityGroups);
        return account -> copy.getOrDefault(account, Set.of());
    }

    private static Map<?, ?> map(Object o, String source, String where) {
        if (!(o instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException("policy file " + source + ": " + where + " must be a mapping");
        }
        return m;
    }

    private static Set<String> strings(Object o, String source, String key) {
        if (!(o instanceof List<?> list)) {
            throw new IllegalArgumentException("policy file " + source + ": " + key + " must be a list of strings");
        }
        Set<String> out = new LinkedHashSet<>();
        for (Object x : list) {
            if (!(x instanceof String s) || s.isBlank()) {
                throw new IllegalArgumentException(
                        "policy file " + source + ": " + key + " must be a list of non-empty strings (quote ids)");
            }
            out.add(s.strip());
        }
        return out;
    }

    private static String text(Object o, String source, String key) {
        if (!(o instanceof String) && !(o instanceof Integer) && !(o instanceof Long)) {
            throw new IllegalArgumentException("policy file " + source + ": " + key + " must be a string");
        }
        return String.valueOf(o);
    }

    private static int integer(Object o, String source, String key) {
        if (!(o instanceof Integer i)) {
            throw new IllegalArgumentException("policy file " + source + ": " + key + " must be a whole number");
        }
        return i;
    }

    private static boolean bool(Object o, String source, String key) {
        if (!(o instanceof Boolean b)) {
            throw new IllegalArgumentException("policy file " + source + ": " + key + " must be true or false");
        }
        return b;
    }
}

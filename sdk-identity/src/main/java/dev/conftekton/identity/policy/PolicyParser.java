package dev.conftekton.identity.policy;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a policy document into rules, collecting every problem with its line. */
final class PolicyParser {
    private static final Set<String> TOP_KEYS = Set.of("version", "rules");
    private static final Set<String> RULE_KEYS =
            Set.of("id", "description", "effect", "principals", "actions", "resources");
    private static final Set<String> PRINCIPAL_KEYS =
            Set.of("any", "issuer", "subject", "namespace", "serviceAccount", "group");

    private final String source;
    private final List<PolicyException.Problem> problems = new ArrayList<>();
    private final Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());

    PolicyParser(String source) {
        this.source = source;
    }

    List<Rule> parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(0);
        options.setCodePointLimit(1024 * 1024);
        options.setNestingDepthLimit(20);
        Node root;
        try {
            root = new Yaml(options).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problem(line, "not valid YAML: " + e.getProblem());
            throw new PolicyException(problems);
        } catch (YAMLException e) {
            problem(0, "not valid YAML: " + e.getMessage());
            throw new PolicyException(problems);
        }
        if (root == null) {
            problem(1, "the policy is empty; it needs at least 'rules:' (an empty list denies everything)");
            throw new PolicyException(problems);
        }
        List<Rule> rules = new ArrayList<>();
        Map<String, Node> top = mapping(root, "the policy", TOP_KEYS);
        if (top != null) {
            Node version = top.get("version");
            if (version != null && !"1".equals(scalar(version, "version"))) {
                problem(line(version), "unsupported version; this SDK reads version: 1");
            }
            Node ruleList = top.get("rules");
            if (ruleList == null) {
                problem(line(root), "missing 'rules:' list");
            } else if (ruleList instanceof SequenceNode seq) {
                visit(seq);
                Set<String> ids = new HashSet<>();
                int index = 0;
                for (Node n : seq.getValue()) {
                    index++;
                    Rule r = rule(n, index);
                    if (r != null) {
                        if (!ids.add(r.id())) {
                            problem(r.line(), "duplicate rule id '" + r.id() + "'");
                        }
                        rules.add(r);
                    }
                }
            } else if (!(ruleList instanceof ScalarNode s && s.getValue().isEmpty())) {
                problem(line(ruleList), "'rules' must be a list of rules");
            }
        }
        if (!problems.isEmpty()) {
            problems.sort(java.util.Comparator.comparingInt(PolicyException.Problem::line));
            throw new PolicyException(problems);
        }
        return rules;
    }

    private Rule rule(Node node, int index) {
        Map<String, Node> m = mapping(node, "a rule", RULE_KEYS);
        if (m == null) {
            return null;
        }
        int errorsBefore = problems.size();
        int line = line(node);
        String id = m.containsKey("id") ? scalar(m.get("id"), "id") : "#" + index;
        if (id != null && (id.isBlank() || id.length() > 200 || id.chars().anyMatch(Character::isISOControl))) {
            problem(line(m.get("id")), "rule id must be a short single-line name");
        }
        if (m.containsKey("description")) {
            scalar(m.get("description"), "description");
        }
        boolean allow = false;
        Node effect = m.get("effect");
        if (effect == null) {
            problem(line, "rule " + id + " has no 'effect' (allow or deny)");
        } else {
            String e = scalar(effect, "effect");
            if ("allow".equals(e)) {
                allow = true;
            } else if (!"deny".equals(e) && e != null) {
                problem(line(effect), "effect must be 'allow' or 'deny', not '" + Text.safe(e) + "'");
            }
        }
        List<Rule.PrincipalMatcher> principals = new ArrayList<>();
        Node pNode = required(m, "principals", line, id);
        if (pNode != null) {
            for (Node p : list(pNode, "principals")) {
                Rule.PrincipalMatcher pm = principal(p);
                if (pm != null) {
                    principals.add(pm);
                }
            }
        }
        Set<Action> actions = EnumSet.noneOf(Action.class);
        Node aNode = required(m, "actions", line, id);
        if (aNode != null) {
            for (Node a : list(aNode, "actions")) {
                String name = scalar(a, "action");
                if (name == null) {
                    continue;
                }
                if (name.equals("*")) {
                    actions.addAll(EnumSet.allOf(Action.class));
                } else {
                    Action.find(name)
                            .ifPresentOrElse(
                                    actions::add,
                                    () -> problem(
                                            line(a),
                                            "unknown action '" + Text.safe(name) + "'; known actions: " + Action.names()
                                                    + " or '*'"));
                }
            }
        }
        List<Resource> resources = new ArrayList<>();
        Node rNode = required(m, "resources", line, id);
        if (rNode != null) {
            for (Node r : list(rNode, "resources")) {
                String name = scalar(r, "resource");
                if (name == null) {
                    continue;
                }
                try {
                    resources.add(Resource.parsePattern(name));
                } catch (IllegalArgumentException e) {
                    problem(line(r), "bad resource '" + Text.safe(name) + "': " + e.getMessage());
                }
            }
        }
        if (problems.size() > errorsBefore) {
            return null;
        }
        if (principals.isEmpty() || actions.isEmpty() || resources.isEmpty()) {
            problem(line, "rule " + id + " needs at least one principal, action and resource");
            return null;
        }
        return new Rule(id, line, allow, principals, actions, resources);
    }

    private Rule.PrincipalMatcher principal(Node node) {
        Map<String, Node> m = mapping(node, "a principal", PRINCIPAL_KEYS);
        if (m == null) {
            return null;
        }
        if (m.isEmpty()) {
            problem(line(node), "empty principal; name at least one of " + String.join(", ", sorted(PRINCIPAL_KEYS)));
            return null;
        }
        if (m.containsKey("any")) {
            String v = scalar(m.get("any"), "any");
            if (!"true".equals(v) || m.size() > 1) {
                problem(line(node), "'any: true' stands alone and matches every verified caller");
                return null;
            }
            return new Rule.PrincipalMatcher(true, null, null, null, null, null);
        }
        String issuer = null;
        if (m.containsKey("issuer")) {
            issuer = scalar(m.get("issuer"), "issuer");
            if (issuer != null
                    && (issuer.isEmpty()
                            || issuer.contains("*")
                            || issuer.chars().anyMatch(c -> c <= ' '))) {
                problem(line(m.get("issuer")), "issuer must be the exact issuer URL, without patterns or spaces");
            }
        }
        if (m.containsKey("subject") && !m.containsKey("issuer")) {
            problem(line(node), "a subject pattern needs an issuer: subjects are only unique per issuer");
        }
        Glob subject = glob(m, "subject");
        Glob namespace = glob(m, "namespace");
        Glob serviceAccount = glob(m, "serviceAccount");
        Glob group = glob(m, "group");
        return new Rule.PrincipalMatcher(false, issuer, subject, namespace, serviceAccount, group);
    }

    private Glob glob(Map<String, Node> m, String key) {
        Node n = m.get(key);
        if (n == null) {
            return null;
        }
        String v = scalar(n, key);
        if (v == null) {
            return null;
        }
        try {
            return Glob.compile(v);
        } catch (IllegalArgumentException e) {
            problem(line(n), "bad " + key + " pattern: " + e.getMessage());
            return null;
        }
    }

    private Node required(Map<String, Node> m, String key, int line, String id) {
        Node n = m.get(key);
        if (n == null) {
            problem(line, "rule " + id + " has no '" + key + "'");
        }
        return n;
    }

    private List<Node> list(Node node, String what) {
        visit(node);
        if (node instanceof SequenceNode seq) {
            if (seq.getValue().isEmpty()) {
                problem(line(node), "'" + what + "' is empty");
            }
            return seq.getValue();
        }
        if (node instanceof ScalarNode) {
            return List.of(node);
        }
        problem(line(node), "'" + what + "' must be a list");
        return List.of();
    }

    private Map<String, Node> mapping(Node node, String what, Set<String> allowed) {
        if (!(node instanceof MappingNode mn)) {
            problem(line(node), what + " must be a mapping with keys " + String.join(", ", sorted(allowed)));
            return null;
        }
        visit(node);
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (key == null) {
                problem(line(t.getKeyNode()), "keys must be plain names");
            } else if (!allowed.contains(key)) {
                problem(
                        line(t.getKeyNode()),
                        "unknown key '" + Text.safe(key) + "' in " + what + "; expected one of "
                                + String.join(", ", sorted(allowed)));
            } else if (out.put(key, t.getValueNode()) != null) {
                problem(line(t.getKeyNode()), "duplicate key '" + key + "'");
            }
        }
        return out;
    }

    private String scalar(Node node, String what) {
        if (node instanceof ScalarNode s) {
            return s.getValue();
        }
        problem(line(node), "'" + what + "' must be a single value");
        return null;
    }

    /** Anchors and aliases would let one node appear twice; refuse them (and alias bombs with them). */
    private void visit(Node node) {
        if (!seen.add(node)) {
            problem(line(node), "anchors and aliases are not allowed in policy files");
        }
    }

    private static List<String> sorted(Set<String> keys) {
        List<String> l = new ArrayList<>(keys);
        Collections.sort(l);
        return l;
    }

    private static int line(Node node) {
        return node == null || node.getStartMark() == null
                ? 0
                : node.getStartMark().getLine() + 1;
    }

    private void problem(int line, String message) {
        problems.add(new PolicyException.Problem(source, line, message));
    }
}

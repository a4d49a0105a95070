package dev.conftekton.identity.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyTest {
    private static final String K8S = "https://kubernetes.default.svc";
    private static final String KC = "https://keycloak.example/realms/ci";

    private static final Policy POLICY = Policy.parse(
            """
            version: 1
            rules:
              - id: ci-publishers
                effect: allow
                principals:
                  - issuer: https://kubernetes.default.svc
                    subject: "system:serviceaccount:ci:*"
                actions: [page:read, page:write, comment:write]
                resources:
                  - confluence:space/DOCS
                  - confluence:space/OPS/page/123
              - id: release-managers
                effect: allow
                principals:
                  - group: release-managers
                actions: [approval:verify, run:trigger]
                resources:
                  - confluence:space/OPS
                  - tekton:namespace/prod/pipeline/deploy-*
              - id: deployer-sa
                effect: allow
                principals:
                  - namespace: ci
                    serviceAccount: deployer
                actions: [run:trigger]
                resources: [tekton:namespace/staging]
              - id: docs-archive-frozen
                effect: deny
                principals: [{any: true}]
                actions: ["*"]
                resources: [confluence:space/DOCS/page/999]
              - id: everyone-reads-public
                effect: allow
                principals: [{any: true}]
                actions: [page:read]
                resources: ["confluence:space/PUB*"]
            """,
            "policy.yaml");

    private static final Principal CI_PUBLISHER = Principal.kubernetesServiceAccount(K8S, "ci", "publisher");
    private static final Principal CI_DEPLOYER = Principal.kubernetesServiceAccount(K8S, "ci", "deployer");
    private static final Principal ALICE = Principal.user(KC, "alice", Set.of("release-managers"));
    private static final Principal MALLORY = Principal.user(KC, "system:serviceaccount:ci:publisher", Set.of());

    @ParameterizedTest(name = "{0} {1} {2} -> {3}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            publisher | page:write      | confluence:space/DOCS                          | true
            publisher | page:write      | confluence:space/DOCS/page/5/6                 | true
            publisher | page:write      | confluence:space/docs                          | true
            publisher | page:write      | confluence:space/DOCS/../OPS                   | false
            publisher | page:write      | confluence:space/DOCS/./page/5                 | false
            publisher | page:write      | confluence:space/DOCS//page/5                  | false
            publisher | page:write      | confluence:space/DOCS/page/5/                  | false
            publisher | page:write      | confluence:space/DOCS%2F..%2FOPS               | false
            publisher | page:write      | confluence:space/DOCSX                         | false
            publisher | page:write      | confluence:space/DOC                           | false
            publisher | page:write      | confluence:space/OPS                           | false
            publisher | page:write      | confluence:space/OPS/page/123                  | true
            publisher | page:write      | confluence:space/OPS/page/123/456              | true
            publisher | page:write      | confluence:space/OPS/page/1/123/456            | true
            publisher | page:write      | confluence:space/OPS/page/1234                 | false
            publisher | page:write      | confluence:space/OPS/page/12                   | false
            publisher | page:write      | confluence:space/DOCS/page/999                 | false
            publisher | page:read       | confluence:space/DOCS/page/999/1000            | false
            publisher | approval:verify | confluence:space/DOCS                          | false
            publisher | page:delete     | confluence:space/DOCS                          | false
            publisher | PAGE:WRITE      | confluence:space/DOCS                          | false
            publisher | page:write      | CONFLUENCE:space/DOCS                          | false
            publisher | page:write      | confluence:SPACE/DOCS                          | false
            publisher | page:write      | confluence:space/DOCS/page/abc                 | false
            publisher | page:write      | confluence:space/DOCS/page/-1                  | false
            publisher | page:write      | confluence:space/DO CS                         | false
            publisher | page:write      | jira:space/DOCS                                | false
            alice     | approval:verify | confluence:space/OPS/page/77                   | true
            alice     | run:trigger     | tekton:namespace/prod/pipeline/deploy-web      | true
            alice     | run:trigger     | tekton:namespace/prod/pipeline/deploy-         | false
            alice     | run:trigger     | tekton:namespace/prod/pipeline/deploy          | false
            alice     | run:trigger     | tekton:namespace/prod                          | false
            alice     | run:trigger     | tekton:namespace/prod/pipeline/Deploy-web      | false
            alice     | run:trigger     | tekton:namespace/prod/pipeline/deploy-web/../x | false
            alice     | run:trigger     | tekton:namespace/prod2/pipeline/deploy-web     | false
            alice     | page:write      | confluence:space/OPS                           | false
            deployer  | run:trigger     | tekton:namespace/staging/pipeline/anything     | true
            deployer  | run:trigger     | tekton:namespace/staging                       | true
            deployer  | run:trigger     | tekton:namespace/staging-2/pipeline/x          | false
            deployer  | page:write      | confluence:space/DOCS                          | true
            mallory   | page:write      | confluence:space/DOCS                          | false
            mallory   | page:read       | confluence:space/PUBLIC                        | true
            mallory   | page:read       | confluence:space/public                        | true
            mallory   | page:write      | confluence:space/PUBLIC                        | false
            """)
    void decides(String who, String action, String resource, boolean allowed) {
        Principal p =
                switch (who) {
                    case "publisher" -> CI_PUBLISHER;
                    case "deployer" -> CI_DEPLOYER;
                    case "alice" -> ALICE;
                    default -> MALLORY;
                };

        Decision d = POLICY.evaluate(p, action, resource);

        assertThat(d.allowed()).as(d.reason()).isEqualTo(allowed);
        assertThat(d.reason()).isNotBlank();
    }

    @Test
    void explicitDenyWinsAndNamesBothRules() {
        Decision d = POLICY.evaluate(CI_PUBLISHER, "page:write", "confluence:space/DOCS/page/999/1000");

        assertThat(d.allowed()).isFalse();
        assertThat(d.matchedRule()).contains("docs-archive-frozen");
        assertThat(d.reason())
                .isEqualTo("denied by rule 'docs-archive-frozen' (policy.yaml line 27), which overrides allow rule"
                        + " 'ci-publishers' (policy.yaml line 3)");
    }

    @Test
    void allowNamesTheRuleAndLine() {
        Decision d = POLICY.evaluate(ALICE, "run:trigger", "tekton:namespace/prod/pipeline/deploy-api");

        assertThat(d.allowed()).isTrue();
        assertThat(d.matchedRule()).contains("release-managers");
        assertThat(d.reason()).isEqualTo("allowed by rule 'release-managers' (policy.yaml line 12)");
    }

    @Test
    void noMatchIsADefaultDenyThatSaysSo() {
        Decision d = POLICY.evaluate(MALLORY, "run:trigger", "tekton:namespace/prod/pipeline/deploy-api");

        assertThat(d.allowed()).isFalse();
        assertThat(d.matchedRule()).isEmpty();
        assertThat(d.reason()).contains("no rule", "default deny", "run:trigger", KC + "#system:serviceaccount");
    }

    @Test
    void malformedResourceIsDeniedWithTheReasonAndNoControlCharacters() {
        Decision traversal = POLICY.evaluate(CI_PUBLISHER, "page:write", "confluence:space/DOCS/../OPS");
        Decision control = POLICY.evaluate(CI_PUBLISHER, "page:write", "confluence:space/DOCS\n/page/1");

        assertThat(traversal.reason()).contains("invalid resource", "'..' is not allowed");
        assertThat(control.allowed()).isFalse();
        assertThat(control.reason()).doesNotContain("\n").contains("\\u000a");
    }

    @Test
    void emptyRuleListDeniesEverything() {
        Policy empty = Policy.parse("rules: []\n", "empty.yaml");

        assertThat(empty.evaluate(CI_PUBLISHER, "page:read", "confluence:space/DOCS")
                        .allowed())
                .isFalse();
    }

    @Test
    void globStarDoesNotCrossColonsButDoubleStarDoes() {
        Policy p = Policy.parse(
                """
                rules:
                  - id: single
                    effect: allow
                    principals: [{issuer: "https://k8s", subject: "system:serviceaccount:ci*"}]
                    actions: [page:read]
                    resources: [confluence:space/A]
                  - id: double
                    effect: allow
                    principals: [{issuer: "https://k8s", subject: "system:serviceaccount:team-**"}]
                    actions: [page:read]
                    resources: [confluence:space/B]
                """,
                "globs.yaml");

        assertThat(p.evaluate(
                                Principal.kubernetesServiceAccount("https://k8s", "ci-evil", "x"),
                                "page:read",
                                "confluence:space/A")
                        .allowed())
                .as("ci* must not reach into namespace ci-evil's accounts")
                .isFalse();
        assertThat(p.evaluate(
                                new Principal("https://k8s", "system:serviceaccount:ci", null, null, null),
                                "page:read",
                                "confluence:space/A")
                        .allowed())
                .isTrue();
        assertThat(p.evaluate(
                                Principal.kubernetesServiceAccount("https://k8s", "team-a", "bot"),
                                "page:read",
                                "confluence:space/B")
                        .allowed())
                .isTrue();
        assertThat(p.evaluate(
                                Principal.kubernetesServiceAccount("https://k8s.evil", "team-a", "bot"),
                                "page:read",
                                "confluence:space/B")
                        .allowed())
                .as("issuer is exact")
                .isFalse();
    }

    @Test
    void regexMetacharactersInPatternsAreLiteral() {
        Policy p = Policy.parse(
                """
                rules:
                  - effect: allow
                    principals: [{group: "a.b+(c)"}]
                    actions: [page:read]
                    resources: [confluence:space/A]
                """,
                "meta.yaml");

        assertThat(p.evaluate(Principal.user("https://i", "s", Set.of("a.b+(c)")), "page:read", "confluence:space/A")
                        .allowed())
                .isTrue();
        assertThat(p.evaluate(Principal.user("https://i", "s", Set.of("aXbb(c)")), "page:read", "confluence:space/A")
                        .allowed())
                .isFalse();
        assertThat(p.ruleIds()).containsExactly("#1");
    }

    @Test
    void groupPatternsAreCaseSensitive() {
        Policy p = Policy.parse(
                """
                rules:
                  - id: admins
                    effect: allow
                    principals: [{group: admins}]
                    actions: [page:write]
                    resources: ["*"]
                """,
                "case.yaml");

        assertThat(p.evaluate(Principal.user("https://i", "s", Set.of("Admins")), "page:write", "confluence:space/A")
                        .allowed())
                .isFalse();
        assertThat(p.evaluate(
                                Principal.user("https://i", "s", Set.of("admins")),
                                "page:write",
                                "tekton:namespace/x/pipeline/y")
                        .allowed())
                .isTrue();
    }

    @Test
    void denyOnASpaceCannotBeBypassedWithAnotherCase() {
        Policy p = Policy.parse(
                """
                rules:
                  - id: all
                    effect: allow
                    principals: [{any: true}]
                    actions: [page:write]
                    resources: ["confluence:space/*"]
                  - id: not-ops
                    effect: deny
                    principals: [{any: true}]
                    actions: [page:write]
                    resources: [confluence:space/OPS]
                """,
                "case.yaml");
        Principal anyone = Principal.user("https://i", "s", Set.of());

        assertThat(p.evaluate(anyone, "page:write", "confluence:space/ops").matchedRule())
                .contains("not-ops");
        assertThat(p.evaluate(anyone, "page:write", "confluence:space/Ops/page/1")
                        .allowed())
                .isFalse();
        assertThat(p.evaluate(anyone, "page:write", "confluence:space/DOCS").allowed())
                .isTrue();
    }

    @Test
    void namespaceRulesNeedAServiceAccountPrincipal() {
        Principal user = Principal.user("https://i", "system:serviceaccount:ci:deployer", Set.of());

        assertThat(POLICY.evaluate(user, "run:trigger", "tekton:namespace/staging")
                        .allowed())
                .as("a user whose sub merely looks like a service account has no namespace")
                .isFalse();
    }
}

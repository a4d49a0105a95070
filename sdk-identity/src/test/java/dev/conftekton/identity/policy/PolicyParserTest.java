package dev.conftekton.identity.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyParserTest {

    private static List<PolicyException.Problem> problems(String yaml) {
        try {
            Policy.parse(yaml, "p.yaml");
        } catch (PolicyException e) {
            return e.problems();
        }
        throw new AssertionError("expected the policy to be rejected");
    }

    @Test
    void reportsEveryProblemWithItsLine() {
        List<PolicyException.Problem> problems = problems(
                """
                version: 1
                rules:
                  - id: one
                    effect: alow
                    principals:
                      - issuer: https://k8s
                        sub: "system:serviceaccount:ci:*"
                    actoins: [page:read]
                    resources: [confluence:space/DOCS]
                  - id: two
                    effect: allow
                    principals: [{group: admins}]
                    actions: [page:read, page:delete, "Page:Write"]
                    resources: [confluence:space/DOCS/../OPS, "tekton:namespace/CI"]
                """);

        assertThat(problems).extracting(PolicyException.Problem::line).containsExactly(3, 4, 7, 8, 13, 13, 14, 14);
        assertThat(problems.get(0).message()).contains("no 'actions'");
        assertThat(problems.get(1).message()).contains("'allow' or 'deny'", "alow");
        assertThat(problems.get(2).message()).contains("unknown key 'sub'", "subject");
        assertThat(problems.get(3).message()).contains("unknown key 'actoins'", "actions");
        assertThat(problems.get(4).message()).contains("unknown action 'page:delete'", "page:write");
        assertThat(problems.get(5).message()).contains("unknown action 'Page:Write'");
        assertThat(problems.get(6).message()).contains("'..' is not allowed");
        assertThat(problems.get(7).message()).contains("not a Kubernetes namespace");
        assertThat(problems.get(1).toString()).startsWith("p.yaml:4: ");
    }

    @Test
    void rejectsBadPatterns() {
        List<PolicyException.Problem> problems = problems(
                """
                rules:
                  - effect: allow
                    principals:
                      - issuer: "https://*.example"
                        subject: "a***b"
                      - subject: "alice"
                      - namespace: ""
                      - {}
                      - {any: true, group: x}
                    actions: ["*"]
                    resources: ["confluence:space/DOCS/page/12/13", "confluence:space/DO-CS", "*x"]
                """);

        assertThat(problems)
                .extracting(PolicyException.Problem::message)
                .anySatisfy(m -> assertThat(m).contains("exact issuer URL"))
                .anySatisfy(m -> assertThat(m).contains("'***'"))
                .anySatisfy(m -> assertThat(m).contains("needs an issuer"))
                .anySatisfy(m -> assertThat(m).contains("must not be empty"))
                .anySatisfy(m -> assertThat(m).contains("empty principal"))
                .anySatisfy(m -> assertThat(m).contains("stands alone"))
                .anySatisfy(m -> assertThat(m).contains("one page-tree root"))
                .anySatisfy(m -> assertThat(m).contains("not a Confluence space key"))
                .anySatisfy(m -> assertThat(m).contains("unknown resource type"));
        assertThat(problems).allSatisfy(p -> assertThat(p.line()).isBetween(4, 11));
    }

    @Test
    void rejectsYamlSyntaxErrorsWithTheLine() {
        List<PolicyException.Problem> problems = problems("rules:\n  - effect: allow\n   bad: [\n");

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0).message()).startsWith("not valid YAML");
        assertThat(problems.get(0).line()).isGreaterThan(1);
    }

    @Test
    void rejectsAliasesDuplicatesAndOtherShapes() {
        assertThat(
                        problems(
                                """
                rules:
                  - &r {id: a, effect: allow, principals: [{any: true}], actions: [page:read], resources: ["*"]}
                  - *r
                """))
                .extracting(PolicyException.Problem::message)
                .anySatisfy(m -> assertThat(m).containsAnyOf("aliases", "anchor", "alias"));
        assertThat(problems("rules: []\nrules: []\n"))
                .extracting(PolicyException.Problem::message)
                .anySatisfy(m -> assertThat(m).containsIgnoringCase("duplicate"));
        assertThat(problems("")).extracting(PolicyException.Problem::message).anySatisfy(m -> assertThat(m)
                .contains("empty"));
        assertThat(problems("- a\n- b\n"))
                .extracting(PolicyException.Problem::message)
                .anySatisfy(m -> assertThat(m).contains("mapping"));
        assertThat(problems("version: 2\nrules: []\n"))
                .extracting(PolicyException.Problem::message)
                .anySatisfy(m -> assertThat(m).contains("version: 1"));
        assertThat(
                        problems(
                                """
                rules:
                  - {id: a, effect: allow, principals: [{any: true}], actions: [page:read], resources: ["*"]}
                  - {id: a, effect: deny, principals: [{any: true}], actions: [page:read], resources: ["*"]}
                """))
                .extracting(PolicyException.Problem::message)
                .anySatisfy(m -> assertThat(m).contains("duplicate rule id 'a'"));
    }

    @Test
    void refusesAnAliasBombQuickly() {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 20; i++) {
            yaml.append("b")
                    .append(i)
                    .append(": &b")
                    .append(i)
                    .append(" [*")
                    .append(i == 0 ? "a" : "b" + (i - 1))
                    .append(", *")
                    .append(i == 0 ? "a" : "b" + (i - 1))
                    .append("]\n");
        }

        assertThatThrownBy(() -> Policy.parse(yaml.toString(), "bomb.yaml")).isInstanceOf(PolicyException.class);
    }

    @Test
    void loadsAFileAndNamesItInReasons(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(
                dir.resolve("policy.yaml"),
                """
                rules:
                  - id: r
                    effect: allow
                    principals: [{any: true}]
                    actions: [page:read]
                    resources: [confluence:space/DOCS]
                """);

        Policy policy = Policy.load(file);

        assertThat(policy.evaluate(Principal.user("https://i", "s", null), "page:read", "confluence:space/DOCS")
                        .reason())
                .isEqualTo("allowed by rule 'r' (policy.yaml line 2)");
        assertThatThrownBy(() -> Policy.load(dir.resolve("missing.yaml")))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("missing.yaml");
    }
}

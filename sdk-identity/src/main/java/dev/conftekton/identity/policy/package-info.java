/**
 * Declarative authorization: who ({@link dev.conftekton.identity.policy.Principal}) may do what
 * ({@link dev.conftekton.identity.policy.Action}) on which Confluence or Tekton resource, decided by
 * a YAML {@link dev.conftekton.identity.policy.Policy} and audited by an {@link
 * dev.conftekton.identity.policy.Authorizer}.
 *
 * <pre>{@code
 * Policy policy = Policy.load(Path.of("/etc/conftekton/policy.yaml")); // PolicyException with line numbers
 * Authorizer authorizer = Authorizer.builder().policy(policy).auditSink(sink).build();
 * Decision d = authorizer.decide(principal, "page:write", "confluence:space/DOCS/page/100/123",
 *         Map.of("pipelineRun", "deploy-42"));
 * if (!d.allowed()) { ... d.reason() ... }
 * }</pre>
 *
 * <p>The policy denies by default, an explicit deny wins over any allow, and every {@link
 * dev.conftekton.identity.policy.Decision} says which rule decided it or that none matched. See
 * {@link dev.conftekton.identity.policy.Policy} for the file format and resource names.
 */
package dev.conftekton.identity.policy;

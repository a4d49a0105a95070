/**
 * {@code conftekton verify-approval}: the deployment gate on approvals made in Confluence, its policy
 * file and signed approval records. The gate's logic lives in {@code dev.conftekton.confluence.approval}.
 */
package dev.conftekton.cli.approval;

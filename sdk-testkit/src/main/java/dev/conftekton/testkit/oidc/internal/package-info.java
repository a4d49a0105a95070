/** Implementation of the OIDC issuer. Unsupported: may change without notice. */
package dev.conftekton.testkit.oidc.internal;

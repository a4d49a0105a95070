/** Implementation of JWT verification. Unsupported: may change without notice. */
package dev.conftekton.identity.verify.internal;

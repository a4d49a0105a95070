/**
 * Implementation of the Confluence client: per-flavour services, JSON mapping and request
 * plumbing. Not supported API; it may change in any release.
 */
package dev.conftekton.confluence.internal;

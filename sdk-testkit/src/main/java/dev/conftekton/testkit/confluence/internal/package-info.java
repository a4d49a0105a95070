/** Internals of the Confluence emulator. Not a supported API: may change in any release. */
package dev.conftekton.testkit.confluence.internal;

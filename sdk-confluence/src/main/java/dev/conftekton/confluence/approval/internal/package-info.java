/** Internals of the approval gate. Not a supported API: may change in any release. */
package dev.conftekton.confluence.approval.internal;

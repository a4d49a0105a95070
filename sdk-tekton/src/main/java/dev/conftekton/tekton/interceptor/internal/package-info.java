/** Internals of the interceptor. Not a supported API: anything here may change without notice. */
package dev.conftekton.tekton.interceptor.internal;

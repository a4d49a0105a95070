/** The {@code interceptor} benchmark scenario. */
package dev.conftekton.benchmarks.interceptor;

/** Internal implementation (Moshi adapters). Not a supported API: may change at any time. */
package dev.conftekton.core.json.internal;

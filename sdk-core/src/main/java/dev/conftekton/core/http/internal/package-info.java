/** Internal implementation (OkHttp transport, the retrying executor). Not a supported API: may change at any time. */
package dev.conftekton.core.http.internal;

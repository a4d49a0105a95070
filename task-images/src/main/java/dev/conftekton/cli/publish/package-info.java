/** The {@code conftekton publish} and {@code conftekton publish record} commands. */
package dev.conftekton.cli.publish;

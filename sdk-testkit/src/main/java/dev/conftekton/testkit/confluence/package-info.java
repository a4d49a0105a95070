/**
 * A stateful Confluence emulator for tests, benchmarks and demos: {@link
 * dev.conftekton.testkit.confluence.ConfluenceEmulator} (Cloud REST v2 and v1 under {@code /wiki}, Data Center v1
 * under {@code /rest/api}, webhooks, a web view), its seed ({@link dev.conftekton.testkit.confluence.EmulatorSeed}),
 * and the JUnit 5 {@link dev.conftekton.testkit.confluence.ConfluenceEmulatorExtension}.
 */
package dev.conftekton.testkit.confluence;

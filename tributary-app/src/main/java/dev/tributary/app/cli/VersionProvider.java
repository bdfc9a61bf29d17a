package dev.tributary.app.cli;

import picocli.CommandLine;

/** Prints the version recorded in the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = TributaryCli.class.getPackage().getImplementationVersion();
        return new String[] {"tributary " + (v == null ? "(development build)" : v)};
    }
}

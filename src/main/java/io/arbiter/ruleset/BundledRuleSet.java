package io.arbiter.ruleset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The default rule set shipped in the jar: {@code decision-tables/} and {@code rules/} are copied
 * by the build into {@code bundled-ruleset/} on the classpath.
 */
final class BundledRuleSet {
    static final String ROOT = "bundled-ruleset/";

    private BundledRuleSet() {
    }

    static List<RuleSetFile> load() {
        URL url = Thread.currentThread().getContextClassLoader().getResource(ROOT);
        if (url == null) {
            throw new IllegalStateException("The bundled rule set is missing from the classpath (" + ROOT + ")");
        }
        List<RuleSetFile> files = new ArrayList<>();
        try {
            if ("jar".equals(url.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    for (JarEntry entry : Collections.list(jar.entries())) {
                        String name = entry.getName();
                        if (name.startsWith(ROOT) && !entry.isDirectory() && isRuleFile(name.substring(ROOT.length()))) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                files.add(new RuleSetFile(name.substring(ROOT.length()), in.readAllBytes()));
                            }
                        }
                    }
                }
            } else {
                try (Stream<Path> paths = Files.list(Path.of(url.toURI()))) {
                    for (Path p : paths.toList()) {
                        if (isRuleFile(p.getFileName().toString())) {
                            files.add(new RuleSetFile(p.getFileName().toString(), Files.readAllBytes(p)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    private static boolean isRuleFile(String name) {
        return !name.contains("/") && RuleSetFile.kindOf(name) != null;
    }
}

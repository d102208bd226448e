package io.arbiter.api.readme;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How README markers are found, and that a broken one is an error rather than an example silently not run. */
class ReadmeMarkersTest {
    @TempDir
    Path dir;

    List<ReadmeExamples.Example> read(String markdown) throws IOException {
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, markdown);
        return ReadmeExamples.read(readme);
    }

    String refusal(String markdown) {
        return assertThrows(IllegalStateException.class, () -> read(markdown)).getMessage();
    }

    @Test
    void anExampleIsTheCurlBlockAfterItsMarkerAndTheAnswerBlockAfterItsAnswerMarker() throws IOException {
        List<ReadmeExamples.Example> examples = read("""
                Text.

                <!-- example: version -->
                ```bash
                curl -s localhost:8080/v1/version
                ```

                Prose between.

                <!-- answer: version -->
                ```json
                {"service": "arbiter"}
                ```
                """);
        assertEquals(1, examples.size());
        assertEquals("version (README.md line 3)", examples.get(0).toString());
        assertEquals("GET /v1/version", examples.get(0).commands().get(0).toString());
        assertEquals("arbiter", examples.get(0).answer().body().get("service").textValue());
    }

    @Test
    void aBrokenMarkerIsRefusedNamingItsLine() {
        assertEquals("README.md line 1: example 'a' has no answer marker", refusal("<!-- example: a -->\n```\ncurl localhost:8080/x\n```\n"));
        assertEquals("README.md line 1: answer 'a' follows no example of that name", refusal("<!-- answer: a -->\n```\n{}\n```\n"));
        assertEquals("README.md line 1: marker 'a' is not followed by a fenced block", refusal("<!-- example: a -->\n\n```\ncurl localhost:8080/x\n```\n"));
        assertEquals("README.md line 1: example 'a' holds no curl command", refusal("<!-- example: a -->\n```\nls\n```\n"));
        String twice = "<!-- example: a -->\n```\ncurl localhost:8080/x\n```\n<!-- answer: a -->\n```\n{}\n```\n";
        assertEquals("README.md line 9: example name 'a' is used twice", refusal(twice + twice));
    }
}

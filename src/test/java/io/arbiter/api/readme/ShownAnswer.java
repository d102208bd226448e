package io.arbiter.api.readme;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer a README example shows: optionally a status line and headers (as {@code curl -i}
 * prints them), then a JSON body.
 *
 * @param status  the status line's code, or null when the block shows no status line
 * @param headers the headers shown, in order
 * @param body    the JSON body shown, or null when there is none
 */
record ShownAnswer(Integer status, Map<String, String> headers, JsonNode body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static ShownAnswer parse(String block) {
        Integer status = null;
        Map<String, String> headers = new LinkedHashMap<>();
        String body = block;
        if (block.startsWith("HTTP/")) {
            int blank = block.indexOf("\n\n");
            String head = blank < 0 ? block : block.substring(0, blank);
            body = blank < 0 ? "" : block.substring(blank + 2);
            String[] lines = head.split("\n");
            status = Integer.valueOf(lines[0].split(" ")[1]);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
        }
        try {
            return new ShownAnswer(status, headers, body.isBlank() ? null : JSON.readTree(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the answer shown is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** What status the README promises: the status line, else a problem's {@code status}, else null (any 2xx). */
    Integer promisedStatus() {
        if (status != null) {
            return status;
        }
        if (body != null && body.isObject() && body.has("title") && body.path("status").isInt()) {
            return body.get("status").intValue();
        }
        return null;
    }
}

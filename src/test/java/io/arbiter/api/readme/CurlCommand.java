package io.arbiter.api.readme;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code curl} command of a README example, read the way a shell and curl would read it, for
 * the options the README uses: {@code -s}, {@code -i}, {@code -X}, {@code -H}, {@code -d},
 * {@code -F} (a field, or {@code name=@file} for a file), {@code -o}/{@code -O}/{@code -J} (where
 * the answer is saved: no difference to what is answered). Anything else is refused, so an example
 * using an option this reader does not know fails loudly instead of running as something else.
 *
 * @param method  GET, or what {@code -X} says, or POST when there is a body or a form
 * @param target  the path and query as written after the host ({@code /v1/decide?x=1})
 * @param headers the {@code -H} headers in order
 * @param body    the {@code -d} body, or null
 * @param form    the {@code -F} parts in order: {@code name} → value, a value starting with {@code @} names a file
 * @param showsHeaders whether {@code -i} asks for the status line and headers too
 */
record CurlCommand(String method, String target, Map<String, String> headers, String body, List<Map.Entry<String, String>> form,
                   boolean showsHeaders) {

    /** Every curl command in a shell block: lines joined at a trailing backslash, comments dropped. */
    static List<CurlCommand> parseAll(String block) {
        List<CurlCommand> commands = new ArrayList<>();
        for (List<String> words : ShellWords.commands(block)) {
            if (!words.isEmpty() && words.get(0).equals("curl")) {
                commands.add(parse(words.subList(1, words.size())));
            }
        }
        return commands;
    }

    private static CurlCommand parse(List<String> args) {
        String method = null;
        String url = null;
        String body = null;
        boolean showsHeaders = false;
        Map<String, String> headers = new LinkedHashMap<>();
        List<Map.Entry<String, String>> form = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("-X")) {
                method = a.length() > 2 ? a.substring(2) : args.get(++i);
            } else if (a.equals("-H")) {
                String h = args.get(++i);
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim(), h.substring(colon + 1).trim());
            } else if (a.equals("-d") || a.equals("--data") || a.equals("--data-raw")) {
                body = args.get(++i);
            } else if (a.equals("-F")) {
                String f = args.get(++i);
                int eq = f.indexOf('=');
                form.add(Map.entry(f.substring(0, eq), f.substring(eq + 1)));
            } else if (a.equals("-o")) {
                i++;
            } else if (a.startsWith("-") && !a.startsWith("--") && a.substring(1).chars().allMatch(c -> "siSOJ".indexOf(c) >= 0)) {
                showsHeaders |= a.indexOf('i') >= 0;
            } else if (!a.startsWith("-") && url == null) {
                url = a;
            } else {
                throw new IllegalArgumentException("curl argument '" + a + "' is not one the README examples are read with");
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("curl command without a URL: " + args);
        }
        if (method == null) {
            method = body != null || !form.isEmpty() ? "POST" : "GET";
        }
        return new CurlCommand(method, target(url), headers, body, form, showsHeaders);
    }

    /** {@code localhost:8080/v1/x?y} or {@code http://localhost:8080/v1/x?y} → {@code /v1/x?y}. */
    private static String target(String url) {
        String rest = url.replaceFirst("^https?://", "");
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("curl URL without a path: " + url);
        }
        return rest.substring(slash);
    }

    /** Everything the command sends as text: target, headers, body, form fields. */
    String asWritten() {
        return String.join("\n", target, String.valueOf(headers), String.valueOf(body), String.valueOf(form));
    }

    @Override
    public String toString() {
        return method + " " + target;
    }
}

package io.arbiter.ruleset;

import io.arbiter.support.Workbooks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import static io.arbiter.ruleset.RuleSets.file;
import static io.arbiter.ruleset.RuleSets.table;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real injection payloads in decision tables: each is rejected with a located error, and nothing
 * runs — every payload that executes would create {@link #MARKER} (or end the JVM running this test).
 */
class TableInjectionTest {
    static final Path MARKER = Path.of(System.getProperty("java.io.tmpdir"), "arbiter-pwned-" + ProcessHandle.current().pid());
    static final String EXEC = "java.lang.Runtime.getRuntime().exec(new String[] {'touch', '" + MARKER + "'})";
    static final String OWNER = "ACTION|route.owner('$param');|Owner";
    static final String TYPE = "CONDITION|type == '$param'|Type";

    /** CSV with ' for the double quotes Java text blocks and CSV quoting make hard to read. */
    static String csv(String table) {
        return table.replace('\'', '"');
    }

    /** A table whose column templates and rows are written with ' for " (rows: '' for a CSV-escaped quote). */
    static String owners(String[] columns, String... rows) {
        return table("Owners", Stream.of(columns).map(c -> c.replace('\'', '"')).toArray(String[]::new),
                Stream.of(rows).map(TableInjectionTest::csv).toArray(String[]::new));
    }

    static Stream<Arguments> payloads() {
        return Stream.of(
                Arguments.of("an owner cell that closes the string and calls Runtime.exec",
                        owners(new String[] {TYPE, OWNER}, "Orders,PlaceOrder,\"x''); " + EXEC.replace("'", "''") + "; route.owner(''y\""),
                        8, "C"),
                Arguments.of("a condition cell that closes the string and calls System.exit",
                        owners(new String[] {TYPE, OWNER}, "Orders,\"PlaceOrder'' || eval(java.lang.System.exit(0) == null) || type == ''x\",orders"),
                        8, "B"),
                Arguments.of("a number cell that carries code",
                        owners(new String[] {"CONDITION|bucket < $param|Rollout", OWNER}, "Orders,20 || eval(java.lang.System.exit(0) == null),orders"),
                        8, "B"),
                Arguments.of("a cell ending in a backslash that would swallow the closing quote",
                        owners(new String[] {TYPE, OWNER}, "Orders,PlaceOrder,orders\\"), 8, "C"),
                Arguments.of("a condition template that is code",
                        owners(new String[] {"CONDITION|eval(" + EXEC + " != null)|Boom", OWNER}, "Orders,x,orders"), 6, "B"),
                Arguments.of("an action template that calls System.exit",
                        owners(new String[] {TYPE, "ACTION|java.lang.System.exit(0);|Boom"}, "Orders,PlaceOrder,x"), 6, "C"),
                Arguments.of("an action template that reads a file into the answer",
                        owners(new String[] {TYPE, "ACTION|route.reason(new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get('/etc/passwd'))));|Leak"},
                                "Orders,PlaceOrder,x"), 6, "C"),
                Arguments.of("an Import of java.lang.Runtime",
                        "RuleSet,io.arbiter.test\nImport,java.lang.Runtime\n" + owners(new String[] {TYPE, OWNER}, "Orders,PlaceOrder,orders")
                                .substring("RuleSet,io.arbiter.test\n".length()), 2, "A"),
                Arguments.of("a Functions block",
                        "RuleSet,io.arbiter.test\nFunctions,\"function void boom() { java.lang.System.exit(0); }\"\n"
                                + owners(new String[] {TYPE, OWNER}, "Orders,PlaceOrder,orders").substring("RuleSet,io.arbiter.test\n".length()),
                        2, "A"),
                Arguments.of("a Variables block",
                        "RuleSet,io.arbiter.test\nVariables,java.lang.Runtime rt\n" + owners(new String[] {TYPE, OWNER}, "Orders,PlaceOrder,orders")
                                .substring("RuleSet,io.arbiter.test\n".length()), 2, "A"),
                Arguments.of("a RuleSet name that smuggles an import",
                        owners(new String[] {TYPE, OWNER}, "Orders,PlaceOrder,orders").replace("RuleSet,io.arbiter.test",
                                "RuleSet,io.arbiter.test; import java.lang.Runtime"), 1, "B"),
                Arguments.of("an object type that is not the command",
                        owners(new String[] {TYPE, OWNER}, "Orders,PlaceOrder,orders").replace(",c: Command...,",
                                ",\"c: Command(eval(java.lang.System.exit(0) == null))\","), 5, "B"),
                Arguments.of("a rule name that closes its quote and adds a rule",
                        owners(new String[] {TYPE, OWNER}, "\"x'' when eval(java.lang.System.exit(0) == null) then end rule ''y\",PlaceOrder,orders"),
                        8, "A"),
                Arguments.of("a column type that is not in the fact model",
                        owners(new String[] {TYPE, OWNER}, "Orders,PlaceOrder,orders").replace("NAME,CONDITION,ACTION", "NAME,CONDITION,ACTION,TIMER")
                                .replace("Orders,PlaceOrder,orders", "Orders,PlaceOrder,orders,int:0 1s"), 4, "D"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("payloads")
    void anInjectionPayloadIsRejectedWhereItStandsAndNothingRuns(String what, String csv, int row, String column) {
        List<RuleSetError> errors = assertThrows(RuleSetRejectedException.class,
                () -> RuleSets.compile(file("10-owners.drl.csv", csv))).errors();
        assertTrue(errors.stream().anyMatch(e -> e.row() != null && e.row() == row && column.equals(e.column())),
                what + ": expected an error at row " + row + " column " + column + ", got " + errors);
        assertFalse(Files.exists(MARKER), what + ": the payload ran");
    }

    @Test
    void anXlsxWithAnExternalEntityIsRefusedWithoutReadingTheFile() throws IOException {
        byte[] xlsx = Workbooks.xlsx("Owners", Workbooks.csv(owners(new String[] {TYPE, OWNER}, "Orders,PlaceOrder,orders").strip()));
        byte[] evil = rewrite(xlsx, "xl/worksheets/sheet1.xml", xml -> xml.replaceFirst("\\?>",
                "?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>").replaceFirst("Orders", "&amp;xxe;"));
        List<RuleSetError> errors = assertThrows(RuleSetRejectedException.class,
                () -> RuleSets.compile(new RuleSetFile("10-owners.drl.xlsx", evil))).errors();
        assertTrue(errors.toString().contains("Not a readable XLSX workbook") && !errors.toString().contains("root:"), errors.toString());
    }

    @Test
    void anXlsxZipBombIsRefusedBeforeItIsInflated() throws IOException {
        byte[] xlsx = Workbooks.xlsx("Owners", Workbooks.csv(owners(new String[] {TYPE, OWNER}, "Orders,PlaceOrder,orders").strip()));
        String padding = " ".repeat(60 * 1024 * 1024);
        byte[] bomb = rewrite(xlsx, "xl/worksheets/sheet1.xml", xml -> xml.replace("<sheetData>", "<sheetData>" + padding));
        assertTrue(bomb.length < 1024 * 1024, "the bomb is small on the wire: " + bomb.length);
        List<RuleSetError> errors = assertThrows(RuleSetRejectedException.class,
                () -> RuleSets.compile(new RuleSetFile("10-owners.drl.xlsx", bomb))).errors();
        assertTrue(errors.toString().contains("Not a readable XLSX workbook"), errors.toString());
    }

    static byte[] rewrite(byte[] zip, String entry, java.util.function.UnaryOperator<String> change) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip)); ZipOutputStream z = new ZipOutputStream(out)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                byte[] content = in.readAllBytes();
                if (e.getName().equals(entry)) {
                    content = change.apply(new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                z.putNextEntry(new ZipEntry(e.getName()));
                z.write(content);
                z.closeEntry();
            }
        }
        return out.toByteArray();
    }

    @AfterAll
    static void noPayloadEverRan() {
        assertFalse(Files.exists(MARKER), "an injection payload ran");
    }
}

package io.arbiter;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged service as an operator runs it: its own process, the embedded PostgreSQL in a data
 * directory, restarted after a clean stop and after {@code kill -9}.
 */
class PackagedServiceIT {
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    Process service;
    Process replica;

    @AfterEach
    void stop() throws Exception {
        for (Process p : new Process[] {replica, service}) {
            if (p != null && p.isAlive()) {
                p.destroy();
                p.waitFor();
            }
        }
    }

    @Test
    void revisionsTheActiveRevisionAndDecisionsSurviveKillDashNineAndAnOrderlyStop() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "it-restart-");
        int port = freePort();

        service = start(dataDir, port);
        // Open mode (security off by config) is allowed, and said on health.
        api(port).get("/q/health/live").then().statusCode(200)
                .body("checks.find { it.name == 'security' }.data.mode", org.hamcrest.Matchers.startsWith("OPEN"));
        String tableCsv = String.join("\n", "RuleSet,io.arbiter.it", ",", "RuleTable Archive ownership", "NAME,CONDITION,ACTION",
                ",c: Command,", ",\"type == \"\"$param\"\"\",\"route.owner(\"\"$param\"\");\"", "Rule,Type,Owner",
                "Archive owns archiving,ArchiveOrder,archive") + "\n";
        int revision = api(port).multiPart("file", "50-archive.drl.csv", tableCsv.getBytes(StandardCharsets.UTF_8))
                .post("/v1/rulesets").then().statusCode(201).extract().path("revision");
        assertEquals(2, revision);
        api(port).contentType(ContentType.JSON).body("{\"overrideReason\":\"integration test\"}").post("/v1/rulesets/2/activate").then().statusCode(200);
        String decisionId = api(port).contentType(ContentType.JSON).body("{\"commandId\":\"it-1\",\"type\":\"ArchiveOrder\"}")
                .post("/v1/decide").then().statusCode(200).body("owner", equalTo("archive")).extract().path("decisionId");

        service.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs, PostgreSQL is left orphaned
        service = start(dataDir, port);
        api(port).get("/v1/rulesets/active").then().statusCode(200).body("revision", equalTo(2));
        api(port).get("/v1/rulesets").then().statusCode(200).body("revision", equalTo(List.of(2, 1)));
        api(port).get("/v1/decisions/" + decisionId).then().statusCode(200).body("result.owner", equalTo("archive"));
        api(port).contentType(ContentType.JSON).body("{\"commandId\":\"it-2\",\"type\":\"ArchiveOrder\"}")
                .post("/v1/decide").then().statusCode(200).body("revision", equalTo(2));

        service.destroy(); // SIGTERM: an orderly stop also stops PostgreSQL
        int exit = service.waitFor();
        assertTrue(exit == 0 || exit == 143, "exit code after SIGTERM: " + exit);
        assertFalse(Files.exists(dataDir.resolve("pgdata/postmaster.pid")), "PostgreSQL still running after an orderly stop");

        service = start(dataDir, port);
        api(port).get("/v1/rulesets/active").then().statusCode(200).body("revision", equalTo(2));
    }

    @Test
    void aReplicaOnAnExternalDatabaseFollowsAnActivationMadeElsewhere() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "it-primary-");
        Path replicaDir = Files.createTempDirectory(Path.of("target"), "it-replica-");
        int pgPort = freePort();
        int port = freePort();
        int replicaPort = freePort();
        service = start(dataDir, port, "-Darbiter.embedded.port=" + pgPort);
        // The replica is configured with an external PostgreSQL (the primary's): it starts none of its own.
        replica = start(replicaDir, replicaPort, "-Dquarkus.datasource.jdbc.url=jdbc:postgresql://127.0.0.1:" + pgPort + "/postgres",
                "-Dquarkus.datasource.username=postgres", "-Darbiter.ruleset.refresh-interval=1s");
        assertFalse(Files.exists(replicaDir.resolve("pgdata")), "the replica started an embedded database");
        api(replicaPort).get("/v1/rulesets/active").then().statusCode(200).body("revision", equalTo(1));

        String tableCsv = String.join("\n", "RuleSet,io.arbiter.it", ",", "RuleTable Archive ownership", "NAME,CONDITION,ACTION",
                ",c: Command,", ",\"type == \"\"$param\"\"\",\"route.owner(\"\"$param\"\");\"", "Rule,Type,Owner",
                "Archive owns archiving,ArchiveOrder,archive") + "\n";
        api(port).multiPart("file", "50-archive.drl.csv", tableCsv.getBytes(StandardCharsets.UTF_8)).post("/v1/rulesets")
                .then().statusCode(201);
        api(port).contentType(ContentType.JSON).body("{\"overrideReason\":\"integration test\"}").post("/v1/rulesets/2/activate").then().statusCode(200);

        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        int seen = 1;
        for (int poll = 0; seen != 2 && Instant.now().isBefore(deadline); poll++) {
            Thread.sleep(200);
            // A new command id each time: a repeated one would replay its first answer.
            seen = api(replicaPort).contentType(ContentType.JSON).body("{\"commandId\":\"r-poll-" + poll + "\",\"type\":\"ArchiveOrder\"}")
                    .post("/v1/decide").then().statusCode(200).extract().path("revision");
        }
        assertEquals(2, seen, "the replica never followed the activation");
        api(replicaPort).contentType(ContentType.JSON).body("{\"commandId\":\"r-2\",\"type\":\"ArchiveOrder\"}")
                .post("/v1/decide").then().statusCode(200).body("owner", equalTo("archive"));
    }

    /**
     * A real date cell in a table uploaded to a service whose JVM runs in another time zone means
     * midnight UTC. The zone is chosen from the clock so that reading the cell in the server's zone
     * — the defect this guards against — would give the other answer: before 12:00 UTC the server
     * runs at UTC−12 and the row starts today (read in the server's zone it would start at 12:00
     * UTC, later than now); from 12:00 UTC it runs at UTC+14 and the row starts tomorrow (read in
     * the server's zone it would have started at 10:00 UTC today, earlier than now).
     */
    @Test
    void aDateCellMeansMidnightUtcOnAServerInAnotherTimeZone() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "it-zone-");
        int port = freePort();
        boolean morning = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour() < 12;
        String zone = morning ? "Etc/GMT+12" : "Etc/GMT-14";
        java.time.LocalDate starts = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(morning ? 0 : 1);
        service = start(dataDir, port, "-Duser.timezone=" + zone);

        byte[] xlsx;
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
             java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
            org.apache.poi.ss.usermodel.Sheet sheet = wb.createSheet("Dated");
            String[][] text = {{"RuleSet", "io.arbiter.it"}, {}, {"RuleTable Dated ownership"},
                    {"NAME", "CONDITION", "ACTION", "DATE-EFFECTIVE"}, {"", "c: Command"},
                    {"", "type == \"$param\"", "route.owner(\"$param\");"}, {"Rule", "Type", "Owner", "From"},
                    {"Dated owner", "DatedOrder", "dated-team"}, {"Default owner", "DatedOrder", "default-team"}};
            for (int r = 0; r < text.length; r++) {
                org.apache.poi.ss.usermodel.Row row = sheet.createRow(r);
                for (int c = 0; c < text[r].length; c++) {
                    if (!text[r][c].isEmpty()) {
                        row.createCell(c).setCellValue(text[r][c]);
                    }
                }
            }
            org.apache.poi.ss.usermodel.CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("yyyy-mm-dd"));
            org.apache.poi.ss.usermodel.Cell cell = sheet.getRow(7).createCell(3);
            cell.setCellValue(starts);
            cell.setCellStyle(date);
            wb.write(out);
            xlsx = out.toByteArray();
        }
        api(port).multiPart("file", "50-dated.drl.xlsx", xlsx).post("/v1/rulesets").then().statusCode(201);
        api(port).contentType(ContentType.JSON).body("{\"overrideReason\":\"integration test\"}").post("/v1/rulesets/2/activate")
                .then().statusCode(200);
        api(port).contentType(ContentType.JSON).body("{\"commandId\":\"zone-1\",\"type\":\"DatedOrder\"}").post("/v1/decide")
                .then().statusCode(200).body("owner", equalTo(morning ? "dated-team" : "default-team"));
    }

    static RequestSpecification api(int port) {
        return given().baseUri("http://127.0.0.1:" + port);
    }

    /**
     * Starts the packaged service and waits until it answers. Open mode (security off) unless the
     * properties configure an identity provider ({@code -Dquarkus.oidc.…}): these tests are about
     * durability, KeycloakIT is about security.
     */
    static Process start(Path dataDir, int port, String... properties) throws Exception {
        assertTrue(Files.exists(JAR), "package the service first (mvn verify does)");
        List<String> command = new java.util.ArrayList<>(List.of("java", "-Darbiter.embedded.data-dir=" + dataDir.toAbsolutePath(),
                "-Dquarkus.http.port=" + port));
        if (java.util.Arrays.stream(properties).noneMatch(p -> p.startsWith("-Dquarkus.oidc."))) {
            command.add("-Darbiter.security.enabled=false");
        }
        command.addAll(List.of(properties));
        command.addAll(List.of("-jar", JAR.toString()));
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("service.log").toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!p.isAlive()) {
                throw new IllegalStateException("Service exited: " + Files.readString(dataDir.resolve("service.log")));
            }
            try {
                if (api(port).get("/q/health/ready").statusCode() == 200) {
                    return p;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        p.destroyForcibly();
        throw new IllegalStateException("Service not ready in time: " + Files.readString(dataDir.resolve("service.log")));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

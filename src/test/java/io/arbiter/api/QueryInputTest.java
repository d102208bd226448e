package io.arbiter.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Query parameters and paths: text that could not be stored or matched as sent, instants the
 * database cannot hold, numbers that are not numbers, parameters an endpoint does not take — each
 * 400 problem+json naming the parameter, never a 5xx from the database behind.
 */
@QuarkusTest
class QueryInputTest {
    @BeforeAll
    static void signIn() {
        Tokens.actAsTester();
    }

    /** Sent exactly as written: RestAssured would otherwise percent-encode the '%' again. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /v1/decisions?commandId=a%00b                          | commandId     | NUL
            /v1/decisions?businessKey=a%C0%80b                     | businessKey   | overlong
            /v1/decisions?correlationId=%ED%A0%80                  | correlationId | encoded surrogate
            /v1/decisions?owner=%F5%80%80%80                       | owner         | never occurs
            /v1/decisions?type=%E2%82                              | type          | truncated
            /v1/decisions?from=%2B999999999-12-31T23:59:59Z        | from          | out of range
            /v1/decisions?to=-999999999-01-01T00:00:00Z            | to            | out of range
            /v1/decisions?from=yesterday                           | from          | ISO-8601
            /v1/decisions?revision=1.5                             | revision      | whole number
            /v1/decisions?limit=99999999999                        | limit         | whole number
            /v1/decisions?limit=0                                  | limit         | between 1 and 1000
            /v1/decisions?outcome=routed                           | outcome       | ROUTED
            /v1/decisions?cursor=abc                               | cursor        | cursor
            /v1/decisions?comandId=x                               | comandId      | unknown query parameter
            /v1/decisions?limit=1&limit=2                          | limit         | more than once
            /v1/decisions?a%00b=1                                  | query         | NUL
            /v1/decisions/export?to=%2B999999999-12-31T23:59:59Z   | to            | out of range
            /v1/decisions/export?from=0000-12-31T23:59:59Z         | from          | out of range
            /v1/decisions/export?tenant=a%00                       | tenant        | NUL
            /v1/audit/verify?from=%2B10000-01-01T00:00:00Z         | from          | out of range
            /v1/audit/verify?to=%2B999999999-12-31T23:59:59Z       | to            | out of range
            /v1/audit/verify?limit=5                               | limit         | unknown query parameter
            /v1/simulations?candidateRevision=%00                  | candidateRevision | NUL
            /v1/simulations?limit=-1                               | limit         | between 1 and 500
            /v1/rulesets/activations?limit=%FF                     | limit         | never occurs
            /v1/rulesets?all=true                                  | all           | takes none
            /v1/version?v=1                                        | v             | takes none
            /v1/rulesets/1/files/a%00b.drl.csv                     | path          | NUL
            /v1/decisions/%C0%80                                   | path          | overlong
            """)
    void aBadQueryParameterOrPathIs400NamingIt(String uri, String field, String says) {
        given().urlEncodingEnabled(false).get(uri).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo(field)).body("errors[0].message", containsString(says));
    }

    @Test
    void instantsAtTheEdgesOfTheRangeAreAnswered() {
        given().urlEncodingEnabled(false).get("/v1/decisions?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59Z&limit=1")
                .then().statusCode(200);
        given().urlEncodingEnabled(false).get("/v1/audit/verify?from=0001-01-01T00:00:00Z&to=9999-12-31T23:59:59.999999999Z")
                .then().statusCode(200).body("intact", equalTo(true));
        given().urlEncodingEnabled(false).get("/v1/decisions/export?from=9999-12-31T00:00:00Z").then().statusCode(200);
        given().urlEncodingEnabled(false).get("/v1/decisions?from=2026-11-22T10:00:00%2B01:00&limit=1").then().statusCode(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"candidateRevision":1,"source":{"auditLog":{"to":"+999999999-12-31T23:59:59Z"}}}   | source.auditLog.to   | out of range
            {"candidateRevision":1,"source":{"auditLog":{"from":"-000001-01-01T00:00:00Z"}}}    | source.auditLog.from | out of range
            {"candidateRevision":1,"source":{"auditLog":{"commandId":"a\\u0000"}}}              | source.auditLog.commandId | NUL
            {"candidateRevision":1,"source":{"auditLog":{"type":"\\udfff"}}}                    | source.auditLog.type | unpaired surrogate
            {"candidateRevision":1,"candidateRevision":2}                                       | candidateRevision    | Duplicate field
            {"candidateRevision":99999999999}                                                   | candidateRevision    | out of range
            {"candidateRevision":1,"baseline":"recorded ","examples":1}                         | baseline             | recorded
            """)
    void aSimulationWindowOrFilterThatCannotBeKeptIs400NamingIt(String body, String field, String says) {
        given().contentType(ContentType.JSON).body(body).post("/v1/simulations").then().statusCode(400)
                .contentType("application/problem+json").body("errors[0].field", equalTo(field))
                .body("errors[0].message", containsString(says));
    }

    @Test
    void aSimulationWindowAtTheEarliestInstantIsAccepted() {
        given().contentType(ContentType.JSON)
                .body("{\"candidateRevision\":1,\"baseline\":{\"revision\":1},\"source\":{\"auditLog\":{\"to\":\"0001-01-08T00:00:00Z\"}}}")
                .post("/v1/simulations").then().statusCode(202);
    }
}

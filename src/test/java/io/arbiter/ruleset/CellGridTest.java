package io.arbiter.ruleset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellGridTest {

    @ParameterizedTest(name = "column {0} is {1}")
    @CsvSource({"0, A", "1, B", "25, Z", "26, AA", "27, AB", "51, AZ", "52, BA", "701, ZZ", "702, AAA", "16383, XFD"})
    void aColumnIsNamedAsSpreadsheetProgramsNameItAndThatNameReadsBack(int column, String letter) {
        assertEquals(letter, CellGrid.columnLetter(column));
        assertEquals(column, CellGrid.columnIndex(letter));
    }
}

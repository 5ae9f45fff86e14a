package io.kosmos.mqtt.test;

import java.util.ArrayList;
import java.util.List;

import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ListAssert;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * AssertJ assertions on a {@link ResultMessage}. Start with
 * {@link KosmosAssertions#assertThat(KosmosTestClient.ReceivedMessage)}.
 */
public class ResultMessageAssert extends AbstractAssert<ResultMessageAssert, ResultMessage> {

	ResultMessageAssert(ResultMessage actual) {
		super(actual, ResultMessageAssert.class);
	}

	/**
	 * Checks the result kind.
	 * @param expected {@code time_series}, {@code multiple_time_series} or {@code text}
	 * @return this assertion
	 */
	public ResultMessageAssert hasType(String expected) {
		isNotNull();
		if (!expected.equals(this.actual.type())) {
			failWithMessage("Expected a %s result on %s but got a %s result", expected, this.actual.topic(),
					this.actual.type());
		}
		return this;
	}

	/**
	 * Checks the name of the tool that sent the result.
	 * @param expected the expected {@code body.from}
	 * @return this assertion
	 */
	public ResultMessageAssert isFrom(String expected) {
		isNotNull();
		if (!expected.equals(this.actual.from())) {
			failWithMessage("Expected the result on %s to be from '%s' but it is from '%s'", this.actual.topic(),
					expected, this.actual.from());
		}
		return this;
	}

	/**
	 * Checks that a {@code time_series} result has a column.
	 * @param name the column name
	 * @return this assertion
	 */
	public ResultMessageAssert hasColumn(String name) {
		Table table = table();
		if (!table.columnNames().contains(name)) {
			failWithMessage("Expected the result on %s to have column '%s' but its columns are %s",
					this.actual.topic(), name, table.columnNames());
		}
		return this;
	}

	/**
	 * Checks the number of rows of a {@code time_series} result.
	 * @param expected the expected row count
	 * @return this assertion
	 */
	public ResultMessageAssert hasRowCount(int expected) {
		Table table = table();
		if (table.rowCount() != expected) {
			failWithMessage("Expected the result on %s to have %s rows but it has %s", this.actual.topic(), expected,
					table.rowCount());
		}
		return this;
	}

	/**
	 * Checks the verdict of a {@code text} result.
	 * @param expected the expected {@code total}
	 * @return this assertion
	 */
	public ResultMessageAssert hasTotal(String expected) {
		hasType("text");
		if (!expected.equals(this.actual.text().total())) {
			failWithMessage("Expected the text result on %s to have total '%s' but it is '%s'", this.actual.topic(),
					expected, this.actual.text().total());
		}
		return this;
	}

	/**
	 * Continues with the values of one column of a {@code time_series} result:
	 * {@code Double}s for a {@code number} column ({@code NaN} for a missing value),
	 * {@code String}s for {@code string} and {@code Instant}s for {@code rfctime}.
	 * @param name the column name
	 * @return an assertion on the column's values, in row order
	 */
	public ListAssert<Object> column(String name) {
		hasColumn(name);
		Column<?> column = this.actual.table().column(name);
		List<Object> values = new ArrayList<>(column.size());
		for (int row = 0; row < column.size(); row++) {
			values.add(column.get(row));
		}
		return Assertions.assertThat(values).as("column '%s' of the result on %s", name, this.actual.topic());
	}

	private Table table() {
		isNotNull();
		hasType("time_series");
		return this.actual.table();
	}

}

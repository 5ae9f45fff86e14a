package io.kosmos.mqtt.test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test shown in the README's "Testing your analysis" section is the one CI compiles and
 * runs in {@code examples/user-project}, character for character.
 */
class ReadmeExampleTests {

	private static final Path README = Path.of("../README.md");

	private static final Path EXAMPLE_TEST = Path
		.of("../examples/user-project/src/test/java/com/example/range/RangeHandlerTests.java");

	@Test
	void readmeShowsExampleTest() throws IOException {
		String readme = Files.readString(README);
		String example = Files.readString(EXAMPLE_TEST);

		assertThat(readme).contains("```java\n" + example + "```");
		assertThat(example.lines().count()).isLessThan(25);
	}

}

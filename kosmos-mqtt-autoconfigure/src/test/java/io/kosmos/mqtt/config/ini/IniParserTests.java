package io.kosmos.mqtt.config.ini;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IniParserTests {

	@Test
	void sectionsKeysAndComments() throws IOException {
		List<IniSection> sections = parse("""
				; comment
				# comment
				[MQTT]
				Host = 127.0.0.1

				port: 1883
				[model]
				url = a = b
				""");

		assertThat(sections).extracting(IniSection::name).containsExactly("mqtt", "model");
		assertThat(sections.get(0).line()).isEqualTo(3);
		assertThat(sections.get(0).entries()).containsExactly(new IniSection.Entry("host", "127.0.0.1", 4),
				new IniSection.Entry("port", "1883", 6));
		assertThat(sections.get(1).entries()).containsExactly(new IniSection.Entry("url", "a = b", 8));
	}

	@Test
	void firstSeparatorSplitsKeyAndValue() throws IOException {
		List<IniSection> sections = parse("""
				[mqtt]
				host: tcp://127.0.0.1
				""");

		assertThat(sections.get(0).entries()).containsExactly(new IniSection.Entry("host", "tcp://127.0.0.1", 2));
	}

	@Test
	void emptyValueIsKept() throws IOException {
		List<IniSection> sections = parse("""
				[mqtt]
				username =
				""");

		assertThat(sections.get(0).entries()).containsExactly(new IniSection.Entry("username", "", 2));
	}

	@Test
	void byteOrderMarkIsSkipped() throws IOException {
		List<IniSection> sections = parse("\uFEFF[mqtt]\nhost = 127.0.0.1\n");

		assertThat(sections).extracting(IniSection::name).containsExactly("mqtt");
	}

	@Test
	void repeatedSectionIsMerged() throws IOException {
		List<IniSection> sections = parse("""
				[model]
				url = wear
				[mqtt]
				host = 127.0.0.1
				[model]
				tag = v1
				""");

		assertThat(sections).extracting(IniSection::name).containsExactly("model", "mqtt");
		assertThat(sections.get(0).entries()).extracting(IniSection.Entry::key).containsExactly("url", "tag");
	}

	@Test
	void keyBeforeSectionIsRejected() {
		assertThatExceptionOfType(InvalidIniConfigException.class).isThrownBy(() -> parse("host = 127.0.0.1\n"))
			.withMessage("config.ini line 1: expected 'key = value' inside a [section], got 'host = 127.0.0.1'");
	}

	@Test
	void lineWithoutSeparatorIsRejected() {
		assertThatExceptionOfType(InvalidIniConfigException.class).isThrownBy(() -> parse("[mqtt]\n\nhost\n"))
			.withMessage("config.ini line 3: expected 'key = value' inside a [section], got 'host'");
	}

	@Test
	void missingKeyIsRejected() {
		assertThatExceptionOfType(InvalidIniConfigException.class).isThrownBy(() -> parse("[mqtt]\n= 1883\n"))
			.withMessageStartingWith("config.ini line 2: key is missing before '='");
	}

	@Test
	void unclosedSectionIsRejected() {
		assertThatExceptionOfType(InvalidIniConfigException.class).isThrownBy(() -> parse("[mqtt\n"))
			.withMessageStartingWith("config.ini line 1: section header has no closing ']'");
	}

	@Test
	void emptySectionNameIsRejected() {
		assertThatExceptionOfType(InvalidIniConfigException.class).isThrownBy(() -> parse("[ ]\n"))
			.withMessageStartingWith("config.ini line 1: section header has no name");
	}

	@Test
	void duplicateKeyIsRejected() {
		assertThatExceptionOfType(InvalidIniConfigException.class)
			.isThrownBy(() -> parse("[mqtt]\nhost = a\nHOST = b\n"))
			.withMessage("config.ini line 3: key 'host' is already set in [mqtt] on line 2; remove one of the two lines");
	}

	private static List<IniSection> parse(String content) throws IOException {
		return IniParser.parse("config.ini", new StringReader(content));
	}

}

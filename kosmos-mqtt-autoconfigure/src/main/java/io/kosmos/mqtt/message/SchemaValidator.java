package io.kosmos.mqtt.message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import tools.jackson.databind.JsonNode;

/**
 * Checks messages against the starter's JSON Schemas (draft-07). The schemas are loaded
 * once; {@link #validate} is thread-safe.
 */
public class SchemaValidator {

	private static final int MAX_REPORTED_ERRORS = 5;

	private final Map<MessageSchema, Schema> schemas = new EnumMap<>(MessageSchema.class);

	/**
	 * Loads every schema of {@link MessageSchema} from the class path.
	 */
	public SchemaValidator() {
		SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
		for (MessageSchema schema : MessageSchema.values()) {
			this.schemas.put(schema, registry.getSchema(readResource(schema.resourcePath()), InputFormat.JSON));
		}
	}

	/**
	 * Returns the schema violations of a message.
	 * @param message the message, {@code body} at the top
	 * @param schema the schema to check against
	 * @return one line per violation, each naming the JSON path; empty when valid
	 */
	public List<String> violations(JsonNode message, MessageSchema schema) {
		List<Error> errors = this.schemas.get(schema).validate(message);
		return errors.stream().map(SchemaValidator::describe).toList();
	}

	/**
	 * Checks a message and throws when it violates the schema.
	 * @param message the message
	 * @param schema the schema to check against
	 * @param what how the message is named in the error, for example {@code "Trigger"}
	 * @throws InvalidTriggerException naming the first violations
	 */
	public void validate(JsonNode message, MessageSchema schema, String what) {
		List<String> violations = violations(message, schema);
		if (!violations.isEmpty()) {
			String shown = violations.stream().limit(MAX_REPORTED_ERRORS).collect(Collectors.joining("; "));
			String more = (violations.size() > MAX_REPORTED_ERRORS)
					? " (and " + (violations.size() - MAX_REPORTED_ERRORS) + " more)" : "";
			throw new InvalidTriggerException(RejectionReason.SCHEMA_VIOLATION, what + " does not match the KOSMoS " + schema.name().toLowerCase()
					+ " schema: " + shown + more);
		}
	}

	private static String describe(Error error) {
		return error.getInstanceLocation() + ": " + error.getMessage();
	}

	private static String readResource(String path) {
		try (InputStream in = SchemaValidator.class.getClassLoader().getResourceAsStream(path)) {
			if (in == null) {
				throw new IllegalStateException("JSON Schema " + path + " is missing from the class path");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read JSON Schema " + path, ex);
		}
	}

}

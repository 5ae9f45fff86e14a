package io.kosmos.mqtt.config.ini;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.context.config.ConfigData;
import org.springframework.boot.context.config.ConfigDataLoader;
import org.springframework.boot.context.config.ConfigDataLoaderContext;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.io.Resource;

/**
 * {@link ConfigDataLoader} of the Python predecessor's {@code config.ini}: it reads the
 * sections {@code [mqtt] [messaging] [wrapper] [logging] [model]}, applies the
 * {@code CONFIG_<SECTION>_<KEY>} environment variable overrides, and contributes the
 * matching {@code kosmos.mqtt.*} properties (see {@link IniPropertyMapper} for the
 * mapping). Unknown sections and keys are logged as warnings.
 *
 * <h2>Precedence</h2> {@link IniPropertySourceEnvironmentPostProcessor} moves the INI
 * properties below all other property sources except
 * {@link org.springframework.boot.SpringApplication#setDefaultProperties default
 * properties}. So a {@code kosmos.mqtt.*} setting on the command line, in a system
 * property, in an environment variable such as {@code KOSMOS_MQTT_MODEL_URL}, or in
 * {@code application.properties} or {@code application.yml} (also the one that contains
 * {@code spring.config.import=ini:...}) wins over both the INI file and its
 * {@code CONFIG_*} variables. The INI values win over the defaults of the properties and
 * over default properties.
 * {@code IniConfigDataTests} checks each of these cases.
 */
public class IniConfigDataLoader implements ConfigDataLoader<IniConfigDataResource> {

	private final Log logger;

	/**
	 * Creates a loader. Spring Boot calls this constructor with its deferred log factory,
	 * whose messages appear once the logging system is initialized.
	 * @param logFactory the factory of the logger of warnings
	 */
	public IniConfigDataLoader(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(IniConfigDataLoader.class);
	}

	@Override
	public ConfigData load(ConfigDataLoaderContext context, IniConfigDataResource resource) throws IOException {
		Resource file = resource.getResource();
		ConfigDataResourceNotFoundException.throwIfDoesNotExist(resource, file);
		String fileName = (file.getFilename() != null) ? file.getFilename() : file.getDescription();

		List<IniSection> sections;
		try (Reader reader = new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8)) {
			sections = IniParser.parse(fileName, reader);
		}

		EnvironmentVariables environmentVariables = context.getBootstrapContext()
			.getOrElse(EnvironmentVariables.class, System::getenv);
		Map<String, Object> properties = new IniPropertyMapper(fileName, file, environmentVariables, this.logger)
			.map(sections);
		return new ConfigData(List.of(new IniPropertySource("Config resource '" + resource + "'", properties)));
	}

}

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
import org.springframework.boot.env.OriginTrackedMapPropertySource;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.io.Resource;

/**
 * {@link ConfigDataLoader} of the Python predecessor's {@code config.ini}: it reads the
 * sections {@code [mqtt] [messaging] [wrapper] [logging] [model]}, applies the
 * {@code CONFIG_<SECTION>_<KEY>} environment variable overrides, and contributes the
 * matching {@code kosmos.mqtt.*} properties (see {@link IniPropertyMapper} for the
 * mapping). Unknown sections and keys are logged as warnings.
 *
 * <h2>Precedence</h2> Spring Boot 4.0.7 places imported config data just above the
 * source that imports it, so the INI values:
 * <ul>
 * <li>lose to command-line arguments, Java system properties and environment variables
 * such as {@code KOSMOS_MQTT_MODEL_URL}, because those rank above all config data;</li>
 * <li>win over the {@code application.properties} or {@code application.yml} that
 * contains {@code spring.config.import=ini:...}, because an import ranks above the file
 * that declares it;</li>
 * <li>also win over {@code application.properties} and {@code application.yml} when the
 * import is given on the command line or as an environment variable, because Spring Boot
 * ranks {@code spring.config.import} locations from the initial environment above
 * {@code spring.config.location}.</li>
 * </ul>
 * So a {@code kosmos.mqtt.*} setting in an application file does not override the INI
 * file; put it on the command line or in the environment, or remove the key from the
 * INI file. {@code IniConfigDataTests} checks the command-line argument and both
 * application-file cases.
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
		return new ConfigData(List.of(new OriginTrackedMapPropertySource("Config resource '" + resource + "'", properties)));
	}

}

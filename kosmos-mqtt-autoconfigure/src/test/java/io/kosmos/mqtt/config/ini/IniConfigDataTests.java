package io.kosmos.mqtt.config.ini;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.kosmos.mqtt.config.KosmosMqttProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.bootstrap.BootstrapRegistry.InstanceSupplier;
import org.springframework.boot.context.config.ConfigDataResourceNotFoundException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.origin.Origin;
import org.springframework.boot.origin.OriginLookup;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ExtendWith(OutputCaptureExtension.class)
class IniConfigDataTests {

	private static final String PREDECESSOR_INI = """
			; config.ini of the Python wrapper
			[mqtt]
			host = broker.example
			port = 8883
			client_id = wear-client
			username = tool
			password: secret

			[messaging]
			analytic_base_url = plant/analytics/
			base_result_topic = plant/analyses/
			temporary_keyword = scratch
			status_topic = plant/status
			qos = 1
			request_topic = plant/extra/one, plant/extra/two
			temporary = true

			[wrapper]
			# no counterpart in kosmos.mqtt
			prometheus_serve_port = 8020

			[logging]
			log_level = WARNING

			[model]
			url = wear
			tag = v1
			from = wear-tool
			""";

	@TempDir
	Path directory;

	/** The CONFIG_* variables that the INI loader reads. */
	private final Map<String, String> environmentVariables = new HashMap<>();

	/** Stands in for the process environment in Spring's environment, such as KOSMOS_MQTT_* variables. */
	private final Map<String, Object> systemEnvironment = new HashMap<>();

	@Test
	void predecessorIniMapsToKosmosProperties() throws IOException {
		Path ini = writeIni("config.ini", PREDECESSOR_INI);

		ConfigurableEnvironment environment = run("--spring.config.import=ini:file:" + ini);

		KosmosMqttProperties properties = bind(environment);
		assertThat(properties.getBroker().getUrl()).containsExactly("tcp://broker.example:8883");
		assertThat(properties.getBroker().getClientId()).isEqualTo("wear-client");
		assertThat(properties.getBroker().getUsername()).isEqualTo("tool");
		assertThat(properties.getBroker().getPassword()).isEqualTo("secret");
		assertThat(properties.getModel().getUrl()).isEqualTo("wear");
		assertThat(properties.getModel().getTag()).isEqualTo("v1");
		assertThat(properties.getModel().getFrom()).isEqualTo("wear-tool");
		assertThat(properties.getTopics().getTriggerBase()).isEqualTo("plant/analytics/");
		assertThat(properties.getTopics().getResultBase()).isEqualTo("plant/analyses/");
		assertThat(properties.getTopics().getTemporaryKeyword()).isEqualTo("scratch");
		assertThat(properties.getTopics().getStatus()).isEqualTo("plant/status");
		assertThat(properties.getTopics().getExtraRequestTopics()).containsExactly("plant/extra/one",
				"plant/extra/two");
		assertThat(properties.getQos()).isEqualTo(1);
		assertThat(properties.getResult().getTemporary()).isTrue();
		assertThat(environment.getProperty("logging.level.io.kosmos.mqtt")).isEqualTo("WARN");
	}

	@Test
	void iniMqttHostBecomesBrokerUrl() throws IOException {
		Path ini = writeIni("config.ini", """
				[mqtt]
				host = 127.0.0.1
				""");

		ConfigurableEnvironment environment = run("--spring.config.import=ini:file:" + ini);

		assertThat(bind(environment).getBroker().getUrl()).containsExactly("tcp://127.0.0.1:1883");
	}

	@Test
	void ipv6HostGetsBrackets() throws IOException {
		Path ini = writeIni("config.ini", """
				[mqtt]
				host = ::1
				port = 1884
				""");

		ConfigurableEnvironment environment = run("--spring.config.import=ini:file:" + ini);

		assertThat(bind(environment).getBroker().getUrl()).containsExactly("tcp://[::1]:1884");
	}

	@Test
	void environmentVariableOverridesIni() throws IOException {
		Path ini = writeIni("config.ini", PREDECESSOR_INI);
		this.environmentVariables.put("CONFIG_MQTT_HOST", "127.0.0.1");
		this.environmentVariables.put("CONFIG_MODEL_URL", "spindle");
		this.environmentVariables.put("CONFIG_MESSAGING_QOS", "0");
		this.environmentVariables.put("CONFIG_LOGGING_LOG_LEVEL", "debug");

		ConfigurableEnvironment environment = run("--spring.config.import=ini:file:" + ini);

		KosmosMqttProperties properties = bind(environment);
		assertThat(properties.getBroker().getUrl()).containsExactly("tcp://127.0.0.1:8883");
		assertThat(properties.getModel().getUrl()).isEqualTo("spindle");
		assertThat(properties.getModel().getTag()).isEqualTo("v1");
		assertThat(properties.getQos()).isZero();
		assertThat(environment.getProperty("logging.level.io.kosmos.mqtt")).isEqualTo("DEBUG");
	}

	@Test
	void environmentVariableSetsKeyMissingFromIni() throws IOException {
		Path ini = writeIni("config.ini", """
				[model]
				url = wear
				""");
		this.environmentVariables.put("CONFIG_MODEL_TAG", "v2");

		ConfigurableEnvironment environment = run("--spring.config.import=ini:file:" + ini);

		assertThat(bind(environment).getModel().getTag()).isEqualTo("v2");
	}

	@Test
	void commandLineWinsOverIni() throws IOException {
		Path ini = writeIni("config.ini", PREDECESSOR_INI);

		ConfigurableEnvironment environment = run("--spring.config.import=ini:file:" + ini,
				"--kosmos.mqtt.model.url=from-command-line");

		assertThat(bind(environment).getModel().getUrl()).isEqualTo("from-command-line");
	}

	@Test
	void importingPropertiesFileWinsOverIni() throws IOException {
		Path ini = writeIni("config.ini", PREDECESSOR_INI);
		Path applicationProperties = writeIni("application.properties", """
				spring.config.import=ini:file:%s
				kosmos.mqtt.model.url=from-properties
				""".formatted(ini));

		ConfigurableEnvironment environment = run("--spring.config.location=file:" + applicationProperties);

		KosmosMqttProperties properties = bind(environment);
		assertThat(properties.getModel().getUrl()).isEqualTo("from-properties");
		assertThat(properties.getModel().getTag()).isEqualTo("v1");
	}

	@Test
	void propertiesFileWinsOverIniFromCommandLine() throws IOException {
		Path ini = writeIni("config.ini", PREDECESSOR_INI);
		Path applicationProperties = writeIni("application.properties", """
				kosmos.mqtt.model.url=from-properties
				""");

		ConfigurableEnvironment environment = run("--spring.config.import=ini:file:" + ini,
				"--spring.config.location=file:" + applicationProperties);

		assertThat(bind(environment).getModel().getUrl()).isEqualTo("from-properties");
		assertThat(bind(environment).getModel().getTag()).isEqualTo("v1");
	}

	@Test
	void propertiesFileWinsOverConfigVariable() throws IOException {
		Path ini = writeIni("config.ini", PREDECESSOR_INI);
		Path applicationProperties = writeIni("application.properties", """
				spring.config.import=ini:file:%s
				kosmos.mqtt.qos=2
				""".formatted(ini));
		this.environmentVariables.put("CONFIG_MESSAGING_QOS", "0");
		this.environmentVariables.put("CONFIG_MODEL_TAG", "v7");

		ConfigurableEnvironment environment = run("--spring.config.location=file:" + applicationProperties);

		KosmosMqttProperties properties = bind(environment);
		assertThat(properties.getQos()).isEqualTo(2);
		assertThat(properties.getModel().getTag()).isEqualTo("v7");
	}

	@Test
	void kosmosEnvironmentVariableWinsOverConfigVariable() throws IOException {
		Path ini = writeIni("config.ini", PREDECESSOR_INI);
		this.environmentVariables.put("CONFIG_MODEL_URL", "from-config-variable");
		this.systemEnvironment.put("KOSMOS_MQTT_MODEL_URL", "from-kosmos-variable");

		ConfigurableEnvironment environment = run("--spring.config.import=ini:file:" + ini);

		assertThat(bind(environment).getModel().getUrl()).isEqualTo("from-kosmos-variable");
	}

	@Test
	void iniWinsOverDefaultProperties() throws IOException {
		Path ini = writeIni("config.ini", PREDECESSOR_INI);
		Map<String, Object> defaults = Map.of("kosmos.mqtt.model.url", "from-defaults", "kosmos.mqtt.model.tag",
				"from-defaults", "kosmos.mqtt.broker.keep-alive", "15s");

		ConfigurableEnvironment environment = run(defaults, "--spring.config.import=ini:file:" + ini);

		KosmosMqttProperties properties = bind(environment);
		assertThat(properties.getModel().getUrl()).isEqualTo("wear");
		assertThat(properties.getModel().getTag()).isEqualTo("v1");
		assertThat(properties.getBroker().getKeepAlive()).hasSeconds(15);
	}

	@Test
	void iniRanksBelowEveryOtherSourceButDefaults() throws IOException {
		Path ini = writeIni("config.ini", PREDECESSOR_INI);

		ConfigurableEnvironment environment = run(Map.of("some.default", "x"), "--spring.config.import=ini:file:" + ini);

		List<String> names = environment.getPropertySources().stream().map(PropertySource::getName).toList();
		int iniIndex = names.indexOf(names.stream().filter((name) -> name.contains("INI file")).findFirst().orElseThrow());
		// Spring Boot adds its applicationInfo source (spring.application.pid) after the post-processors.
		assertThat(names.subList(iniIndex + 1, names.size())).containsExactly("applicationInfo", "defaultProperties");
	}

	@Test
	void optionalMissingIniIsSkipped() {
		Path missing = this.directory.resolve("missing.ini");

		ConfigurableEnvironment environment = run("--spring.config.import=optional:ini:file:" + missing);

		assertThat(environment.getProperty("kosmos.mqtt.model.url")).isNull();
	}

	@Test
	void missingIniFailsStartup() {
		Path missing = this.directory.resolve("missing.ini");

		assertThatExceptionOfType(ConfigDataResourceNotFoundException.class)
			.isThrownBy(() -> run("--spring.config.import=ini:file:" + missing))
			.withMessageContaining(missing.toString());
	}

	@Test
	void malformedLineReportsFileAndLine() throws IOException {
		Path ini = writeIni("config.ini", """
				[mqtt]
				host = 127.0.0.1

				; the next line has no separator
				[model]
				url = wear
				tag
				""");

		assertThatExceptionOfType(InvalidIniConfigException.class)
			.isThrownBy(() -> run("--spring.config.import=ini:file:" + ini))
			.withMessage("config.ini line 7: expected 'key = value' inside a [section], got 'tag'");
	}

	@Test
	void invalidPortFromEnvironmentNamesVariable() throws IOException {
		Path ini = writeIni("config.ini", """
				[mqtt]
				host = 127.0.0.1
				""");
		this.environmentVariables.put("CONFIG_MQTT_PORT", "mqtt");

		assertThatExceptionOfType(InvalidIniConfigException.class)
			.isThrownBy(() -> run("--spring.config.import=ini:file:" + ini))
			.withMessageStartingWith("environment variable CONFIG_MQTT_PORT: [mqtt] port 'mqtt' is not a port number");
	}

	@Test
	void unknownKeyIsLogged(CapturedOutput output) throws IOException {
		Path ini = writeIni("config.ini", PREDECESSOR_INI);

		run("--spring.config.import=ini:file:" + ini);

		assertThat(output).contains("WARN")
			.contains("config.ini line 20: unknown key 'prometheus_serve_port' in [wrapper] is ignored");
	}

	@Test
	void unknownSectionIsLogged(CapturedOutput output) throws IOException {
		Path ini = writeIni("config.ini", """
				[model]
				url = wear

				[prometheus]
				port = 8020
				""");

		run("--spring.config.import=ini:file:" + ini);

		assertThat(output).contains("config.ini line 4: unknown section [prometheus] is ignored with its keys (port)");
	}

	@Test
	void iniValueOriginNamesFileAndLine() throws IOException {
		Path ini = writeIni("config.ini", PREDECESSOR_INI);

		ConfigurableEnvironment environment = run("--spring.config.import=ini:file:" + ini);

		PropertySource<?> iniSource = environment.getPropertySources()
			.stream()
			.filter((source) -> source.getName().contains("INI file"))
			.findFirst()
			.orElseThrow();
		Origin origin = ((OriginLookup<String>) iniSource).getOrigin("kosmos.mqtt.model.tag");
		assertThat(origin.toString()).endsWith(ini + "] - 27:1");
	}

	private Path writeIni(String name, String content) throws IOException {
		return Files.writeString(this.directory.resolve(name), content);
	}

	private ConfigurableEnvironment run(String... args) {
		return run(Map.of(), args);
	}

	private ConfigurableEnvironment run(Map<String, Object> defaultProperties, String... args) {
		SpringApplication application = new SpringApplication(EmptyConfiguration.class);
		application.setDefaultProperties(defaultProperties);
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, this.systemEnvironment));
		application.setEnvironment(environment);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.addBootstrapRegistryInitializer((registry) -> registry.register(EnvironmentVariables.class,
				InstanceSupplier.of(this.environmentVariables::get)));
		try (ConfigurableApplicationContext context = application.run(args)) {
			return context.getEnvironment();
		}
	}

	private static KosmosMqttProperties bind(ConfigurableEnvironment environment) {
		return Binder.get(environment).bindOrCreate("kosmos.mqtt", KosmosMqttProperties.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class EmptyConfiguration {

	}

}

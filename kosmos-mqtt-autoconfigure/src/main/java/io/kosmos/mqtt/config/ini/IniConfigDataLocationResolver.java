package io.kosmos.mqtt.config.ini;

import java.util.List;

import org.springframework.boot.context.config.ConfigDataLocation;
import org.springframework.boot.context.config.ConfigDataLocationResolver;
import org.springframework.boot.context.config.ConfigDataLocationResolverContext;
import org.springframework.core.io.ResourceLoader;

/**
 * {@link ConfigDataLocationResolver} of {@code ini:<location>} in
 * {@code spring.config.import}, where the location is a Spring resource location such as
 * {@code file:./config.ini} or {@code classpath:tool.ini}. With the {@code optional:}
 * prefix a missing file is skipped, and without it startup fails.
 *
 * @see IniConfigDataLoader
 */
public class IniConfigDataLocationResolver implements ConfigDataLocationResolver<IniConfigDataResource> {

	static final String PREFIX = "ini:";

	private final ResourceLoader resourceLoader;

	/**
	 * Creates a resolver. Spring Boot calls this constructor with its resource loader.
	 * @param resourceLoader the loader of the named files
	 */
	public IniConfigDataLocationResolver(ResourceLoader resourceLoader) {
		this.resourceLoader = resourceLoader;
	}

	@Override
	public boolean isResolvable(ConfigDataLocationResolverContext context, ConfigDataLocation location) {
		return location.hasPrefix(PREFIX);
	}

	@Override
	public List<IniConfigDataResource> resolve(ConfigDataLocationResolverContext context,
			ConfigDataLocation location) {
		String value = location.getNonPrefixedValue(PREFIX).trim();
		if (value.isEmpty()) {
			throw new InvalidIniConfigException("spring.config.import location '" + location
					+ "' names no file; write it as ini:file:./config.ini or ini:classpath:tool.ini");
		}
		return List.of(new IniConfigDataResource(this.resourceLoader.getResource(value)));
	}

}

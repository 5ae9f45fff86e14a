package io.kosmos.mqtt.config.ini;

import org.springframework.boot.context.config.ConfigDataResource;
import org.springframework.core.io.Resource;

/**
 * An INI file named by an {@code ini:} location in {@code spring.config.import}.
 */
public class IniConfigDataResource extends ConfigDataResource {

	private final Resource resource;

	/**
	 * Creates a resource for an INI file.
	 * @param resource the file
	 */
	public IniConfigDataResource(Resource resource) {
		this.resource = resource;
	}

	/**
	 * Returns the INI file.
	 * @return the file, which may not exist
	 */
	public Resource getResource() {
		return this.resource;
	}

	@Override
	public boolean equals(Object obj) {
		if (this == obj) {
			return true;
		}
		if (obj == null || getClass() != obj.getClass()) {
			return false;
		}
		return this.resource.equals(((IniConfigDataResource) obj).resource);
	}

	@Override
	public int hashCode() {
		return this.resource.hashCode();
	}

	@Override
	public String toString() {
		return "INI file " + this.resource.getDescription();
	}

}

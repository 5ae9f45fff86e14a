package io.kosmos.mqtt.signature;

import tools.jackson.databind.node.ObjectNode;

/**
 * Adds a {@code signature} to an outgoing KOSMoS message just before it is serialised.
 */
@FunctionalInterface
public interface MessageSigner {

	/** A signer that leaves messages unsigned, used when no signing bundle is configured. */
	MessageSigner NONE = (message) -> {
	};

	/**
	 * Signs a message's {@code body} and sets the message's {@code signature}.
	 * @param message the message, {@code body} at the top
	 */
	void sign(ObjectNode message);

}

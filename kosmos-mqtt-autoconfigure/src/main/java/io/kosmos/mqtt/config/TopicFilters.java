package io.kosmos.mqtt.config;

/**
 * Overlap of MQTT topic filters, following the matching rules of MQTT 3.1.1 section 4.7:
 * {@code +} matches exactly one level and a trailing {@code #} matches the parent level
 * and any number of levels below it.
 */
final class TopicFilters {

	private TopicFilters() {
	}

	/**
	 * Returns whether some topic matches both filters. A topic without wildcards is a
	 * filter that matches only itself.
	 * @param first a valid topic filter
	 * @param second a valid topic filter
	 * @return {@code true} if a topic exists that both match
	 */
	static boolean overlap(String first, String second) {
		String[] firstLevels = first.split("/", -1);
		String[] secondLevels = second.split("/", -1);
		int common = Math.min(firstLevels.length, secondLevels.length);
		for (int i = 0; i < common; i++) {
			String a = firstLevels[i];
			String b = secondLevels[i];
			if (a.equals("#") || b.equals("#")) {
				return true;
			}
			if (!a.equals("+") && !b.equals("+") && !a.equals(b)) {
				return false;
			}
		}
		if (firstLevels.length == secondLevels.length) {
			return true;
		}
		// "a/#" also matches "a": the longer filter may go on with a lone "#".
		String[] longer = (firstLevels.length > secondLevels.length) ? firstLevels : secondLevels;
		return longer.length == common + 1 && longer[common].equals("#");
	}

}

package io.kosmos.mqtt.message;

/**
 * Makes untrusted text safe and short enough to put into an error message or a log line.
 */
public final class LogText {

	/** Maximum length of a value quoted in an error message, in characters. */
	public static final int MAX_VALUE_LENGTH = 80;

	private LogText() {
	}

	/**
	 * Escapes control characters and cuts the text to {@code maxLength} characters.
	 * @param text the untrusted text
	 * @param maxLength the maximum length of the result
	 * @return the printable text, ending in {@code ...} when it was cut
	 */
	public static String printable(String text, int maxLength) {
		StringBuilder out = new StringBuilder(Math.min(text.length(), maxLength) + 8);
		for (int i = 0; i < text.length() && out.length() < maxLength; i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c)) {
				out.append(String.format("\\u%04x", (int) c));
			}
			else {
				out.append(c);
			}
		}
		if (out.length() >= maxLength && text.length() > maxLength) {
			out.setLength(maxLength - 3);
			out.append("...");
		}
		return out.toString();
	}

	/**
	 * Escapes control characters and cuts the text to {@link #MAX_VALUE_LENGTH} characters.
	 * @param text the untrusted text
	 * @return the printable text
	 */
	public static String printable(String text) {
		return printable(text, MAX_VALUE_LENGTH);
	}

}

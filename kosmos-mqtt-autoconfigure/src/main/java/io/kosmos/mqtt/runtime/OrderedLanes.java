package io.kosmos.mqtt.runtime;

import java.util.ArrayDeque;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.task.TaskExecutor;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.JacksonException;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Runs the triggers of one machine and sensor one after the other, in arrival order, and
 * the triggers of different sensors in parallel on a shared executor.
 *
 * <p>The key is read on the calling thread with a streaming parser that stops as soon as
 * {@code body.machine} and {@code body.sensor} are read, so the cost does not grow with
 * the size of the data that follows them. A payload without both fields (invalid JSON, for
 * example) runs without ordering: it is rejected anyway.
 */
public class OrderedLanes {

	private static final JsonFactory jsonFactory = new JsonFactory();

	private final TaskExecutor executor;

	private final Map<Key, Lane> lanes = new ConcurrentHashMap<>();

	/**
	 * Creates lanes on an executor.
	 * @param executor runs one task per busy lane at a time
	 */
	public OrderedLanes(TaskExecutor executor) {
		this.executor = executor;
	}

	/**
	 * Runs a trigger's task after the earlier tasks of its machine and sensor.
	 * @param payload the trigger's bytes, read for the key
	 * @param task the processing of the trigger
	 */
	public void execute(byte[] payload, Runnable task) {
		Key key = peekKey(payload);
		if (key == null) {
			this.executor.execute(task);
			return;
		}
		boolean start;
		Lane lane;
		synchronized (this.lanes) {
			lane = this.lanes.computeIfAbsent(key, (k) -> new Lane(k));
			lane.tasks.add(task);
			start = !lane.running;
			lane.running = true;
		}
		if (start) {
			schedule(lane);
		}
	}

	/**
	 * Returns the number of keys with queued or running tasks.
	 * @return the count
	 */
	public int busyLanes() {
		return this.lanes.size();
	}

	private void schedule(Lane lane) {
		try {
			this.executor.execute(() -> drainOne(lane));
		}
		catch (RuntimeException ex) {
			synchronized (this.lanes) {
				lane.tasks.clear();
				lane.running = false;
				this.lanes.remove(lane.key);
			}
			throw ex;
		}
	}

	private void drainOne(Lane lane) {
		Runnable task;
		synchronized (this.lanes) {
			task = lane.tasks.poll();
		}
		try {
			if (task != null) {
				task.run();
			}
		}
		finally {
			boolean more;
			synchronized (this.lanes) {
				more = !lane.tasks.isEmpty();
				if (!more) {
					lane.running = false;
					this.lanes.remove(lane.key);
				}
			}
			if (more) {
				schedule(lane);
			}
		}
	}

	/**
	 * Reads {@code body.machine} and {@code body.sensor} from a trigger.
	 * @param payload the trigger's bytes
	 * @return the key, or {@code null} when the payload is not JSON or lacks either field
	 */
	static Key peekKey(byte[] payload) {
		String machine = null;
		String sensor = null;
		try (JsonParser parser = jsonFactory.createParser(ObjectReadContext.empty(), payload)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (!"body".equals(name) || value != JsonToken.START_OBJECT) {
					parser.skipChildren();
					continue;
				}
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String field = parser.currentName();
					JsonToken fieldValue = parser.nextToken();
					if (fieldValue == JsonToken.VALUE_STRING && "machine".equals(field)) {
						machine = parser.getString();
					}
					else if (fieldValue == JsonToken.VALUE_STRING && "sensor".equals(field)) {
						sensor = parser.getString();
					}
					else {
						parser.skipChildren();
					}
					if (machine != null && sensor != null) {
						return new Key(machine, sensor);
					}
				}
				return null;
			}
			return null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/** The machine and sensor of a trigger. */
	record Key(String machine, String sensor) {
	}

	private static final class Lane {

		private final Key key;

		private final Queue<Runnable> tasks = new ArrayDeque<>();

		private boolean running;

		private Lane(Key key) {
			this.key = key;
		}

	}

}

package dev.observatory.common.locks;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.stereotype.Component;

/**
 * This process's id among the replicas: host name, process id and a random suffix, stable for its
 * life. It names the runner host and the replica that ran a loop's tick.
 */
@Component
public class ReplicaId {

	private final String value;

	ReplicaId() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			host = "host";
		}
		this.value = host.replaceAll("[^A-Za-z0-9.-]", "-") + "-" + ProcessHandle.current().pid() + "-"
				+ Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
	}

	public String value() {
		return this.value;
	}

}

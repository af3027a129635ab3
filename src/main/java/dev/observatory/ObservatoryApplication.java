package dev.observatory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Observatory: the control plane for a fleet of autonomous trading bots. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class ObservatoryApplication {

	public static void main(String[] args) {
		SpringApplication.run(ObservatoryApplication.class, args);
	}

}

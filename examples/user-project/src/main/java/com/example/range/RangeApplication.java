package com.example.range;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A KOSMoS tool that returns the range of every numeric column of a sensor update.
 */
@SpringBootApplication
public class RangeApplication {

	public static void main(String[] args) {
		SpringApplication.run(RangeApplication.class, args);
	}

}
